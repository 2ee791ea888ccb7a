"""JATOS's configuration set through every door, as a user sets it: `jatos-mock serve --config`, the fixture
directory's jatos.conf, the pytest option and marker, and the control API's /__mock__/config."""

import shutil
import signal
import subprocess
import sys

import pytest
import requests

from jatos_mock.core.server import free_port
from jatos_mock.jatos.resources import default_fixtures_dir
from tests.jatos.foundation.test_serve_cli import ADMIN
from tests.served import read_until as _read_until
from tests.served import serve as _serve

DISABLED = {"code": "AUTH_ERROR", "message": "JATOS' current settings do not allow API usage"}
BEARER = {"Authorization": f"Bearer {ADMIN}"}
CONTROL = {"X-Jatos-Mock-Control": "1"}


def _stop(process) -> str:
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=15)[0]
    finally:
        if process.poll() is None:
            process.kill()


# --- jatos-mock serve --config KEY=VALUE ----------------------------------------------------------------------------

def test_serve_config_options_set_jatos_keys():
    port = free_port()
    process = _serve("--port", str(port), "--seed", "3", "--config", "jatos.api.allowed=false",
                     "--config", "jatos.user.password.length = 12")
    try:
        _read_until(process, "Press Ctrl-C")
        url = f"http://127.0.0.1:{port}"
        r = requests.get(f"{url}/jatos/api/v1/admin/token", headers=BEARER, timeout=10)
        assert r.status_code == 403 and r.json()["error"] == DISABLED
        shown = requests.get(f"{url}/__mock__/config", timeout=10).json()
        assert shown["jatos.api.allowed"] is False and shown["jatos.user.password.length"] == 12
    finally:
        _stop(process)


def test_serve_refuses_an_unknown_key_or_bad_value_as_a_usage_error():
    for option, problem in (("jatos.api.alowed=false", "unknown JATOS configuration key 'jatos.api.alowed'"),
                            ("jatos.api.allowed=perhaps", "jatos.api.allowed: expected a boolean"),
                            ("jatos.api.allowed", "expected KEY=VALUE")):
        result = subprocess.run([sys.executable, "-m", "jatos_mock", "serve", "--port", str(free_port()),
                                 "--config", option], capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result.stderr  # click's usage error
        assert "Traceback" not in result.stderr
        assert "Invalid value for --config" in result.stderr and problem in result.stderr
        assert "known keys: jatos.api.allowed, jatos.api.tokens.apiGeneration.allowed" in result.stderr


# --- jatos.conf in the fixture directory ----------------------------------------------------------------------------

def _fixtures_with_conf(tmp_path, text):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(default_fixtures_dir(), fixtures)
    (fixtures / "jatos.conf").write_text(text)
    return fixtures


def test_a_jatos_conf_in_the_fixture_directory_configures_the_server_and_the_command_line_wins(tmp_path):
    fixtures = _fixtures_with_conf(tmp_path, '# my JATOS\njatos.api.allowed = false\n'
                                              'jatos.studyArchive.suffix = "zip"\n')
    port = free_port()
    process = _serve("--port", str(port), "--seed", "3", "--fixtures", str(fixtures),
                     "--config", "jatos.api.allowed=true")
    try:
        _read_until(process, "Press Ctrl-C")
        url = f"http://127.0.0.1:{port}"
        r = requests.get(f"{url}/jatos/api/v1/studies/1", headers=BEARER, timeout=10)  # export
        assert r.status_code == 200  # --config's jatos.api.allowed=true over the file's false
        assert r.headers["Content-Disposition"].endswith('.zip"')  # the file's jatos.studyArchive.suffix
    finally:
        _stop(process)


def test_a_broken_jatos_conf_stops_start_up_naming_its_line(tmp_path):
    fixtures = _fixtures_with_conf(tmp_path, "jatos.api.allowed = false\njatos.api.tokens.expiresAfter = 10\n")
    result = subprocess.run([sys.executable, "-m", "jatos_mock", "serve", "--port", str(free_port()),
                             "--fixtures", str(fixtures)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"Error: {fixtures / 'jatos.conf'} line 2: unknown JATOS configuration key "
            f"'jatos.api.tokens.expiresAfter'; known keys: jatos.api.allowed") in result.stderr


# --- the pytest plugin ----------------------------------------------------------------------------------------------

CONFIGURED_TESTS = '''
import pytest, requests

@pytest.mark.jatos(config={"jatos.api.allowed": False})
def test_api_off(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers())
    assert r.status_code == 403 and r.json()["error"]["code"] == "AUTH_ERROR"

def test_back_to_the_start_configuration(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers())
    assert r.status_code == 200

@pytest.mark.jatos(config={"jatos.user.password.length": "12"})
def test_password_length(jatos):
    r = requests.post(f"{jatos.api_url}/users", headers=jatos.headers(),
                      json={"username": "eve", "name": "Eve", "password": "elevenchars", "authMethod": "DB"})
    assert r.status_code == 400
    assert r.json()["error"]["message"].endswith("Passwords should be at least 12 characters long.")
'''


def test_the_marker_configures_one_test(pytester):
    pytester.makepyfile(CONFIGURED_TESTS)
    pytester.runpytest_inprocess("-q", "-p", "no:randomly").assert_outcomes(passed=3)


def test_the_option_configures_the_session(pytester):
    pytester.makepyfile('''
import requests

def test_suffix(jatos):
    r = requests.get(f"{jatos.api_url}/studies/1", headers=jatos.headers())
    assert r.status_code == 200 and r.headers["Content-Disposition"].endswith('.jrzip"')
''')
    pytester.runpytest_inprocess("-q", "--jatos-config", "jatos.studyArchive.suffix=jrzip").assert_outcomes(passed=1)


def test_an_unknown_key_in_option_or_marker_is_a_usage_error_naming_the_known_keys(pytester):
    pytester.makepyfile("def test_nothing(jatos):\n    pass\n")
    result = pytester.runpytest_inprocess("-q", "--jatos-config", "jatos.api.allowd=false")
    assert result.ret == pytest_usage_error()
    result.stderr.fnmatch_lines(["*--jatos-config: unknown JATOS configuration key 'jatos.api.allowd'; "
                                 "known keys: jatos.api.allowed*"])
    pytester.makepyfile('''
import pytest

@pytest.mark.jatos(config={"jatos.user.password.length": "long"})
def test_bad(jatos):
    pass
''')
    result = pytester.runpytest_inprocess("-q")
    result.stdout.fnmatch_lines(["*@pytest.mark.jatos: jatos.user.password.length: expected an integer*"])
    result.assert_outcomes(errors=1)


def pytest_usage_error() -> int:
    import pytest

    return pytest.ExitCode.USAGE_ERROR


# --- the control API ------------------------------------------------------------------------------------------------

def test_control_api_shows_and_changes_the_configuration_until_reset(api):
    shown = api.client.get("/__mock__/config").json
    assert shown["jatos.api.allowed"] is True and shown["jatos.api.tokens.apiGeneration.expiresAfter"] == 3600
    r = api.client.put("/__mock__/config", json={"jatos.api.allowed": False,
                                                 "jatos.api.tokens.apiGeneration.expiresAfter": "1 day"})
    assert r.status_code == 200
    assert r.json["jatos.api.allowed"] is False and r.json["jatos.api.tokens.apiGeneration.expiresAfter"] == 86400
    r = api.call("GET", "admin/token")
    assert r.status_code == 403 and r.json["error"] == DISABLED
    assert api.client.post("/__mock__/reset", headers=CONTROL).status_code == 200
    assert api.client.get("/__mock__/config").json["jatos.api.allowed"] is True
    assert api.call("GET", "admin/token").status_code == 200


def test_control_api_refuses_an_unknown_key_or_bad_value_and_changes_nothing(api):
    r = api.client.put("/__mock__/config", json={"jatos.api.allowed": False, "jatos.urlBasePath": "base"})
    assert r.status_code == 400
    assert r.json["error"].startswith("configuration not changed: jatos.urlBasePath: expected a path")
    assert "known keys: jatos.api.allowed" in r.json["error"]
    r = api.client.put("/__mock__/config", json={"jatos.api.allowd": False})
    assert r.status_code == 400 and "unknown JATOS configuration key 'jatos.api.allowd'" in r.json["error"]
    r = api.client.put("/__mock__/config", json=[1])
    assert r.status_code == 400 and "expected a JSON object" in r.json["error"]
    assert api.client.get("/__mock__/config").json["jatos.api.allowed"] is True


def test_control_api_config_change_needs_a_request_no_web_page_can_send(api):
    r = api.client.put("/__mock__/config", data='{"jatos.api.allowed": false}', content_type="text/plain")
    assert r.status_code == 403
    assert api.client.get("/__mock__/config").json["jatos.api.allowed"] is True


def test_the_python_control_client_reads_and_sets_the_configuration():
    from jatos_mock.core.server import MockServer
    from jatos_mock.jatos.app import create_app
    from jatos_mock.jatos.control_client import ControlClient, ControlError
    from jatos_mock.jatos.settings import Settings

    server = MockServer(create_app(Settings(seed=1)), "127.0.0.1", 0, threads=2).start()
    try:
        control = ControlClient(server.url)
        assert control.config()["jatos.studyLogs.enabled"] is True
        assert control.set_config({"jatos.studyLogs.enabled": "off"})["jatos.studyLogs.enabled"] is False
        try:
            control.set_config({"jatos.studyLogs": False})
        except ControlError as exc:
            assert exc.status == 400 and "known keys: jatos.api.allowed" in exc.message
        else:
            raise AssertionError("an unknown key was taken")
        control.reset()
        assert control.config()["jatos.studyLogs.enabled"] is True
    finally:
        server.stop()


@pytest.mark.parametrize(("api", "own_keys"), [("pybossa", "LIMIT, PER, BRAND"),
                                               ("brainstem", "device_auto_approve, device_interval")])
def test_a_jatos_key_given_to_another_api_is_refused_naming_that_apis_own_keys(api, own_keys):
    result = subprocess.run([sys.executable, "-m", "jatos_mock", "serve", "--api", api, "--port",
                             str(free_port()), "--config", "jatos.api.allowed=false"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Invalid value for --config: 'jatos.api.allowed=false'" in result.stderr and own_keys in result.stderr
