"""jatos_mock.jatos.testing without pytest's fixture: the server and the handle a test drives it with."""

import pytest
import requests

from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.testing import JatosMock, JatosServer, Unavailable

BAD = {"Authorization": "Bearer jap_" + "x" * 40}


def test_a_test_fidelity_is_the_apps_profile_until_the_test_ends():
    server = JatosServer(Settings(port=0, seed=0)).start()
    try:
        server.begin_test(fidelity="spec")
        jatos = JatosMock(server)
        r = requests.get(f"{jatos.api_url}/admin/token", headers=BAD, timeout=10)
        assert r.json()["error"]["code"] == "AUTH_ERROR"
        assert requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("researcher"),
                            timeout=10).json()["data"]["username"] == "researcher"
        assert server.settings.fidelity == "jatos"
        server.end_test()
        r = requests.get(f"{jatos.api_url}/admin/token", headers=BAD, timeout=10)
        assert r.json()["error"]["code"] == "INVALID_API_TOKEN"
    finally:
        server.stop()


def test_against_a_real_jatos_mock_only_helpers_and_missing_tokens_are_unavailable():
    jatos = JatosMock(JatosServer(remote_url="http://127.0.0.1:9/", remote_tokens=["admin=jap_a"]))
    assert jatos.url == "http://127.0.0.1:9" and jatos.token() == "jap_a"
    with pytest.raises(Unavailable, match="needs jatos-mock"):
        jatos.journal()
    with pytest.raises(Unavailable, match="no --jatos-token for user 'researcher'"):
        jatos.headers("researcher")


def test_the_testing_handle_runs_a_mock_in_a_program_without_pytest(tmp_path):
    import subprocess
    import sys

    program = tmp_path / "script.py"
    program.write_text(
        "import sys, urllib.request\n"
        "from jatos_mock.jatos.settings import Settings\n"
        "from jatos_mock.jatos.testing import JatosMock, JatosServer\n"
        "server = JatosServer(Settings(port=0, seed=0)).start()\n"
        "jatos = JatosMock(server)\n"
        "study = jatos.add_study(title='From a script')\n"
        "ids = jatos.add_results(1, count=2)\n"
        "request = urllib.request.Request(jatos.api_url + '/admin/token', headers=jatos.headers())\n"
        "print(urllib.request.urlopen(request).status, study['title'], len(ids), 'pytest' in sys.modules)\n"
        "server.stop()\n")
    result = subprocess.run([sys.executable, str(program)], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["200", "From", "a", "script", "2", "False"], result.stderr
