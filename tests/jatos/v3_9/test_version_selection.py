"""Which JATOS version answers: chosen per app (settings, `serve --jatos-version`), per test (marker, option) and per
request (X-Jatos-Mock-Version); an unknown version is a usage error naming the known ones; state files say which
version wrote them."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jatos_mock.cli import main
from jatos_mock.core.http.version_routing import VERSION_HEADER
from jatos_mock.core.state.state_io import StateError, export_state, import_state
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.versions import UnknownVersion

REPO = Path(__file__).resolve().parents[3]


def _api_version(api, **headers) -> str:
    r = api.call("GET", "admin/token", headers=headers)
    assert r.status_code == 200, r.get_data()
    return r.get_json()["apiVersion"]


def test_the_app_answers_as_the_version_its_settings_name(make_api):
    assert _api_version(make_api(seed=1)) == "1.1.0"
    assert _api_version(make_api(seed=1, version="3.9")) == "1.0.1"
    assert _api_version(make_api(seed=1, version="3.9.8")) == "1.0.1"  # a release answers as its version


def test_a_request_asks_for_another_version_by_header(make_api):
    on_3_10, on_3_9 = make_api(seed=1), make_api(seed=1, version="3.9")
    assert _api_version(on_3_10, **{VERSION_HEADER: "3.9"}) == "1.0.1"
    assert _api_version(on_3_9, **{VERSION_HEADER: "3.10"}) == "1.1.0"
    # routes follow the version too: a 3.10-only route is 3.9's plain-text 404
    r = on_3_10.call("GET", "users", headers={VERSION_HEADER: "3.9"})
    assert (r.status_code, r.mimetype, r.get_data(as_text=True)) == (
        404, "text/plain", "Requested page /jatos/api/v1/users couldn't be found.")
    assert on_3_9.call("GET", "users", headers={VERSION_HEADER: "3.10"}).status_code == 200


def test_an_unknown_version_header_is_refused_naming_the_served_ones(api):
    r = api.call("GET", "admin/token", headers={VERSION_HEADER: "3.8"})
    assert r.status_code == 400
    served = "3.10, 3.9, 3.9.7, 3.9.6"
    assert r.get_data(as_text=True) == f"{VERSION_HEADER}: unknown version '3.8'; this mock serves {served}"


def test_an_unknown_version_in_the_settings_names_the_known_ones():
    with pytest.raises(UnknownVersion, match=r"unknown JATOS version '3\.8'; known versions: 3\.10, 3\.9"):
        create_app(Settings(version="3.8"))


def test_serve_refuses_an_unknown_version_as_a_usage_error():
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--jatos-version", "2.0"])
    assert result.exit_code == 2
    assert "--jatos-version" in result.output and "known versions: 3.10, 3.9" in result.output


def test_a_state_document_names_its_version_and_loads_only_into_that_version(make_api):
    on_3_9, on_3_10 = make_api(seed=1, version="3.9"), make_api(seed=1)
    document = export_state(on_3_9.runtime.store)
    assert (document["api"], document["apiVersion"]) == ("jatos", "3.9")
    with pytest.raises(StateError, match=r"written by a jatos 3\.9 mock and cannot be loaded into a jatos 3\.10"):
        import_state(on_3_10.runtime.store, json.loads(json.dumps(document)))
    import_state(make_api(seed=2, version="3.9").runtime.store, document)  # the same version loads it
    older = {k: v for k, v in export_state(on_3_10.runtime.store).items() if k != "apiVersion"}
    import_state(on_3_9.runtime.store, older)  # files from before versions were recorded load anywhere


MARKED = '''
import pytest, requests

@pytest.mark.jatos(version="3.9")
def test_marked(jatos):
    assert jatos.version == "3.9"
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers())
    assert r.json()["apiVersion"] == "1.0.1"

def test_unmarked(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers())
    assert r.json()["apiVersion"] == EXPECTED
'''


@pytest.mark.parametrize("option, unmarked", [(None, "1.1.0"), ("3.9", "1.0.1")])
def test_the_marker_and_the_option_choose_the_version(pytester, option, unmarked):
    pytester.makepyfile(MARKED.replace("EXPECTED", repr(unmarked)))
    args = ["-q"] + (["--jatos-version", option] if option else [])
    pytester.runpytest_inprocess(*args).assert_outcomes(passed=2)


def test_an_unknown_version_in_marker_or_option_is_a_usage_error(pytester):
    pytester.makepyfile('''
import pytest

@pytest.mark.jatos(version="4.0")
def test_marked(jatos):
    pass
''')
    result = pytester.runpytest_inprocess("-q")
    result.stdout.fnmatch_lines(["*unknown JATOS version '4.0'; known versions: 3.10, 3.9*"])
    result = pytester.runpytest_inprocess("-q", "--jatos-version", "2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


BOTH_VERSIONS = '''
import pytest, requests

@pytest.mark.parametrize("jatos", ["3.10", "3.9"], indirect=True)
def test_helpers_on_both(jatos):
    study = jatos.add_study(title="Mine", user="researcher")
    assert study["title"] == "Mine"
    imported = jatos.import_study(ARCHIVE, user="researcher", renameAssets=True)
    assert imported["title"] == "Reaction Time Demo"
    ids = jatos.add_results(1, count=2)
    assert len(ids) == 2
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("researcher"))
    expected = {"3.10": "1.1.0", "3.9": "1.0.1"}[jatos.version]
    assert r.json()["apiVersion"] == expected
    input_key = "jsonData" if jatos.version == "3.9" else "studyInput"
    assert input_key in imported
'''


def test_one_parametrize_runs_a_test_against_both_versions_with_the_helpers(pytester):
    archive = REPO / "fixtures" / "archives" / "reaction_time_demo.jzip"
    pytester.makepyfile(BOTH_VERSIONS.replace("ARCHIVE", repr(str(archive))))
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=2)


def test_check_finds_a_served_3_9_by_its_api_version_and_passes_it_also_read_only():
    """The issue's Done-when: `jatos-mock check --url <served> --token <admin token>` against `jatos-mock serve
    --jatos-version 3.9`, the version found from apiVersion 1.0.1."""
    import re
    import signal

    import requests

    from tests.served import read_until, serve

    process = serve("--port", "0", "--seed", "3", "--jatos-version", "3.9")
    try:
        banner = read_until(process, "Press Ctrl-C")
        assert "JATOS API 1.0.1 (JATOS 3.9," in banner
        url = re.search(r"at (http://127\.0\.0\.1:\d+)", banner).group(1)
        token = re.search(r"admin\s+USER,ADMIN\s+(jap_\w+)", banner).group(1)
        answer = requests.get(f"{url}/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {token}"},
                              timeout=10)
        assert answer.json()["apiVersion"] == "1.0.1" and answer.json()["data"]["isAdminToken"] is True
        for extra in ((), ("--read-only",)):
            result = CliRunner().invoke(main, ["check", "--url", url, "--token", token, "--max-examples", "2",
                                               *extra])
            print(result.output)
            assert result.exit_code == 0, result.output
            assert f"Checking {url} (JATOS 3.9)" in result.output and "Result: PASSED" in result.output
            assert "import → properties → export round trip" in result.output
            # no failure that a registered deviation does not explain (the sweep's progress lines say FAILED
            # for those it does; the summary lists them as known)
            assert " 0 failed" in result.output and not re.search(r"^  FAIL ", result.output, re.MULTILINE)
    finally:
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=15)[0]
    assert "Traceback" not in rest
