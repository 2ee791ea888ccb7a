"""`jatos.urlBasePath` moves every route under the base path, as Play's application context does in JATOS
(conf/application.conf: play.http.context = ${jatos.urlBasePath}); the control API stays at /__mock__/."""

import re

import pytest
import requests
import yaml

from jatos_mock.core.client import ControlClient
from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.settings import Settings
from tests.jatos.api.test_gui_signin import CSRF
from tests.jatos.config.test_config_doors import _fixtures_with_conf, _stop
from tests.jatos.foundation.test_serve_cli import ADMIN
from tests.served import read_until as _read_until
from tests.served import serve as _serve

BASE = "/study-server/"
BEARER = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture
def based(make_api):
    return make_api(seed=1, jatos=JatosConfig(url_base_path=BASE))


def test_the_api_answers_under_the_base_path_only(based):
    r = based.call("GET", "/study-server/jatos/api/v1/admin/token")
    assert r.status_code == 200 and r.json["data"]["username"] == "admin"
    r = based.call("GET", "/jatos/api/v1/admin/token")  # Play's router has no such route: JATOS's 404
    assert r.status_code == 404 and r.json["error"] == {
        "code": "NOT_FOUND", "message": "Requested page GET /jatos/api/v1/admin/token couldn't be found."}
    r = based.call("GET", "/study-server/jatos/api/v1/studys?x=1")  # a miss under the base names the path as sent
    assert r.status_code == 404
    assert r.json["error"]["message"] == "Requested page GET /study-server/jatos/api/v1/studys?x=1 couldn't be found."
    assert based.call("GET", "/study-server/jatos/api/v1/studies/1/components").status_code == 200
    assert [v.describe().split(" -> ")[0] for v in based.violations()] == [  # strict tests see both misses
        "unmatched violation: GET /jatos/api/v1/admin/token",
        "unmatched violation: GET /study-server/jatos/api/v1/studys"]


def test_non_api_routes_move_too(based):
    assert based.client.get("/study-server/ping").data == b"pong"
    outside = based.client.get("/ping")
    assert outside.status_code == 404 and outside.mimetype == "text/plain"
    r = based.client.get("/study-server/openapi.yaml")
    servers = [s["url"] for s in yaml.safe_load(r.data)["servers"]]
    assert servers == ["/study-server", "http://localhost:9000/study-server"]
    assert based.client.get("/openapi.yaml").status_code == 404
    page = based.client.get("/study-server/docs").data.decode()
    assert 'href="/study-server/docs/assets/swagger-ui.css"' in page and 'url: "/study-server/openapi.yaml"' in page
    assert based.client.get("/study-server/docs/assets/swagger-ui.css").status_code == 200
    assert based.client.get("/docs").status_code == 404


def test_study_links_carry_the_base_path(based):
    r = based.call("POST", "/study-server/jatos/api/v1/studies/1/studyCodes?type=ps&comment=wave1")
    code = r.json["data"][0]
    info = based.call("GET", f"/study-server/jatos/api/v1/studyCodes/{code}").json["data"]
    # JsonUtils.getStudyLinkData: Common.getJatosUrlBasePath() + "publix/" + code
    assert info["studyLinkPath"] == f"/study-server/publix/{code}"
    assert info["studyEntryPath"] == f"/study-server/publix/run?code={code}"
    assert based.violations() == []


def test_redirects_and_the_session_cookie_live_under_the_base_path(based):
    r = based.call("GET", "/study-server/jatos/api/v1/admin/token", user=None, headers={"Accept": "text/html"})
    assert (r.status_code, r.headers["Location"]) == (303, "/study-server/jatos/signin")  # AuthAction.denied
    r = based.client.get("/study-server/jatos", headers={"Accept": "text/html"})
    assert (r.status_code, r.headers["Location"]) == (303, "/study-server/jatos/signin")
    page = based.client.get("/study-server/jatos/signin")
    assert "Path=/study-server/" in page.headers["Set-Cookie"]  # play.http.session.path = ${play.http.context}
    csrf = CSRF.search(page.data.decode()).group(1)
    r = based.client.post("/study-server/jatos/signin/local", headers={"Csrf-Token": csrf},
                          data={"username": "admin", "password": "adminadmin"})
    assert r.status_code == 200 and r.json["redirectUrl"] == "/study-server/jatos"  # routes.Home.home().url()


def test_the_control_api_stays_at_the_root_and_can_move_the_base(api):
    assert api.client.get("/ping").data == b"pong"
    r = api.client.put("/__mock__/config", json={"jatos.urlBasePath": "/moved/"})
    assert r.status_code == 200 and r.json["jatos.urlBasePath"] == "/moved/"
    assert api.client.get("/ping").status_code == 404
    assert api.call("GET", "/moved/jatos/api/v1/admin/token").status_code == 200
    journal = api.client.get("/__mock__/journal").json["entries"]
    assert journal[-1]["path"] == "/moved/jatos/api/v1/admin/token"  # as the client sent it
    assert api.client.post("/__mock__/reset", json={}).status_code == 200
    assert api.client.get("/ping").data == b"pong"


def test_serve_with_a_base_path_prints_and_answers_under_it():
    process = _serve("--port", "0", "--seed", "3", "--config", "jatos.urlBasePath=/study-server/")
    try:
        banner = _read_until(process, "Press Ctrl-C")
        root = re.search(r"at (http://127\.0\.0\.1:\d+/study-server)\n", banner).group(1)
        assert f"API base   {root}/jatos/api/v1/" in banner
        r = requests.get(f"{root}/jatos/api/v1/admin/token", headers=BEARER, timeout=10)
        assert r.status_code == 200
        assert requests.get(root.rsplit("/", 1)[0] + "/__mock__/config", timeout=10).json()[
            "jatos.urlBasePath"] == "/study-server/"
    finally:
        _stop(process)


def test_a_client_built_on_the_fixture_follows_the_base_path(pytester):
    pytester.makepyfile('''
import requests

def test_client(jatos):
    assert jatos.api_url.endswith("/study-server/jatos/api/v1")
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("researcher"))
    assert r.status_code == 200
    assert jatos.add_results(1) and jatos.control.journal()  # the control API at the server's root
''')
    pytester.runpytest_inprocess("-q", "--jatos-config", "jatos.urlBasePath=/study-server/").assert_outcomes(passed=1)


def test_a_real_server_waits_for_ping_under_the_base_path():
    server = MockServer(create_app(Settings(seed=3, jatos=JatosConfig(url_base_path=BASE))), "127.0.0.1", 0,
                        threads=2).start()
    try:
        assert requests.get(f"{server.url}/study-server/ping", timeout=10).text == "pong"
        assert requests.head(f"{server.url}/study-server/jatos", timeout=10).status_code == 401
        assert ControlClient(server.url).violations() == []
    finally:
        server.stop()


def test_play_http_context_is_the_older_name_of_the_base_path_and_wins(make_api):
    """JATOS's Common reads play.http.context, which application.conf sets to ${jatos.urlBasePath}; jatos.conf says
    the old property is deprecated but still accepted. Set by itself, it wins over jatos.urlBasePath (in any order:
    HOCON replaces the substitution with the value given)."""
    api = make_api(seed=1, jatos_keys={"play.http.context": "/old/", "jatos.urlBasePath": "/new/"})
    assert api.call("GET", "/old/jatos/api/v1/admin/token").status_code == 200
    assert api.call("GET", "/new/jatos/api/v1/admin/token").status_code == 404
    code = api.call("POST", "/old/jatos/api/v1/studies/1/studyCodes?type=ps").json["data"][0]
    info = api.call("GET", f"/old/jatos/api/v1/studyCodes/{code}").json["data"]
    assert info["studyLinkPath"] == f"/old/publix/{code}"  # links: Common.getJatosUrlBasePath()
    config = api.client.get("/__mock__/config").json
    assert (config["play.http.context"], config["jatos.urlBasePath"]) == ("/old/", "/new/")

    plain = make_api(seed=1, jatos_keys={"jatos.urlBasePath": "/new/"})
    assert plain.client.get("/__mock__/config").json["play.http.context"] == "/new/"  # ${jatos.urlBasePath}
    assert plain.call("GET", "/new/jatos/api/v1/admin/token").status_code == 200


def test_play_http_context_from_jatos_conf_wins_over_the_command_line_base_path(tmp_path):
    fixtures = _fixtures_with_conf(tmp_path, 'play.http.context = "/lab/"\n')
    process = _serve("--port", "0", "--fixtures", str(fixtures), "--config", "jatos.urlBasePath=/other/")
    try:
        output = _read_until(process, "Press Ctrl-C")
    finally:
        _stop(process)
    assert "/lab/jatos/api/v1/" in output and "/other/" not in output
