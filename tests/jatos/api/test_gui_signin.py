"""The non-API routes scripts use (issue 16): probes, sign-in with a fixture password, minting a token in the GUI."""

import re

import pytest
import requests

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.control_client import ControlClient
from jatos_mock.jatos.settings import Settings

CSRF = re.compile(r"'Csrf-Token': '([^']+)'")


@pytest.fixture
def server():
    server = MockServer(create_app(Settings(seed=3)), "127.0.0.1", 0, threads=2).start()
    try:
        yield server
    finally:
        server.stop()


def test_sign_in_and_mint_a_token_as_a_script_does(server):
    base = server.url
    control = ControlClient(base)
    start = control.position()
    assert requests.get(f"{base}/ping").text == "pong"
    # waiting for the server: HEAD /jatos without credentials is refused, not missing
    assert requests.head(f"{base}/jatos", allow_redirects=False).status_code == 401
    r = requests.get(f"{base}/jatos", headers={"Accept": "text/html"}, allow_redirects=False)
    assert (r.status_code, r.headers["Location"]) == (303, "/jatos/signin")

    with requests.Session() as s:
        page = s.get(f"{base}/jatos/signin")
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        csrf = CSRF.search(page.text).group(1)
        assert "PLAY_SESSION" in s.cookies
        # the session cookie now makes the CSRF filter check the POST
        assert s.post(f"{base}/jatos/signin/local", data={"username": "researcher", "password": "researcher1"}
                      ).status_code == 403
        wrong = s.post(f"{base}/jatos/signin/local", headers={"Csrf-Token": csrf},
                       data={"username": "researcher", "password": "nope"})
        assert (wrong.status_code, wrong.text) == (401, "Invalid user or password")
        signed_in = s.post(f"{base}/jatos/signin/local", headers={"Csrf-Token": csrf},
                           data={"username": "Researcher ", "password": "researcher1"})
        assert signed_in.status_code == 200, signed_in.text
        assert signed_in.json() == {"redirectUrl": "/jatos", "userSigninTime": 1_704_067_200_000}
        home = s.get(f"{base}/jatos", headers={"Accept": "text/html"}, allow_redirects=False)
        assert home.status_code == 200 and "researcher" in home.text
        assert s.head(f"{base}/jatos").status_code == 200

        minted = s.post(f"{base}/jatos/user/apiToken", params={"name": "script", "expires": 0},
                        headers={"Csrf-Token": csrf})
        assert minted.status_code == 200 and minted.headers["Content-Type"].startswith("text/plain")
        token = minted.text
        assert re.fullmatch(r"jap_[A-Za-z0-9]{31}[0-9a-f]{6}", token)
        listed = s.get(f"{base}/jatos/user/allApiTokenData").json()["data"]
        assert [t["name"] for t in listed] == ["researcher-token", "script"]

        meta = requests.get(f"{base}/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {token}"})
        assert meta.status_code == 200
        assert (meta.json()["data"]["username"], meta.json()["data"]["name"]) == ("researcher", "script")

        out = s.get(f"{base}/jatos/signout", allow_redirects=False)
        assert (out.status_code, out.headers["Location"]) == (303, "/jatos/signin")
        assert s.get(f"{base}/jatos", allow_redirects=False).status_code == 401

    journal = [e for e in control.journal(start) if not e["path"].startswith("/__mock__")]
    assert all(e["operation"] is None for e in journal if not e["path"].startswith("/jatos/api/"))
    assert control.violations() == []


@pytest.fixture
def client():
    return create_app(Settings(seed=1)).test_client()


def _sign_in(client, username="admin", password="adminadmin", **extra):
    return client.post("/jatos/signin/local", data={"username": username, "password": password, **extra})


def test_probe_answers(client):
    assert (client.get("/ping").status_code, client.get("/ping").text) == (200, "pong")
    r = client.get("/jatos")
    assert (r.status_code, r.text, r.mimetype) == (401, "Failed authentication", "text/plain")
    r = client.get("/jatos/signin", headers={"Accept": "application/json"})
    assert r.status_code == 200 and "signinForm" in r.text
    assert client.get("/jatos/login").status_code == 200
    # a bearer token is no session: the home page is session-only
    assert client.get("/jatos", headers={"Authorization": "Bearer jap_x"}).status_code == 401


def test_three_failed_sign_ins_a_minute_lock_the_username(client):
    assert [_sign_in(client, password="wrongwrong").text for _ in range(3)] == [
        "Invalid user or password", "Invalid user or password", "You have only three sign-in attempts per minute."]
    assert _sign_in(client).status_code == 401  # even the right password, within the minute
    runtime = client.application.extensions["jatos_mock"]
    runtime.store.clock.advance(61_000)
    assert _sign_in(client).status_code == 200


def test_failed_attempts_are_forgotten_on_reset(client):
    for _ in range(3):
        _sign_in(client, password="wrongwrong")
    assert client.post("/__mock__/reset", headers={"X-Jatos-Mock-Control": "1"}).status_code == 200
    assert _sign_in(client).status_code == 200


def test_sign_in_sets_last_signin_and_session_checks_the_user(client):
    runtime = client.application.extensions["jatos_mock"]
    assert _sign_in(client, "viewer", "viewer123").status_code == 200
    viewer = next(u for u in runtime.store.state.users.values() if u.username == "viewer")
    assert viewer.last_signin == runtime.store.now()
    assert client.get("/jatos").status_code == 200 and viewer.last_seen == runtime.store.now()
    viewer.active = False
    r = client.get("/jatos")
    assert (r.status_code, r.text) == (403, "Your user was deactivated by an admin.")


def test_session_times_out_after_an_hour_of_inactivity_unless_kept(client):
    runtime = client.application.extensions["jatos_mock"]
    assert _sign_in(client).status_code == 200
    runtime.store.clock.advance(61 * 60_000)
    r = client.get("/jatos")
    assert (r.status_code, r.text) == (403, "You have been signed out due to inactivity.")
    client.delete_cookie("PLAY_SESSION", domain="localhost")  # else the next POST needs a CSRF token
    assert _sign_in(client, keepSignedin="true").status_code == 200
    runtime.store.clock.advance(25 * 60 * 60_000)
    assert client.get("/jatos").status_code == 200


def test_a_forged_cookie_is_no_session(client):
    client.set_cookie("PLAY_SESSION", "eyJhbGciOiJIUzI1NiJ9.eyJkYXRhIjp7InVzZXJuYW1lIjoiYWRtaW4ifX0.x",
                      domain="localhost")
    r = client.get("/jatos")
    assert (r.status_code, r.text) == (401, "You are not allowed to access this page. Please sign in.")
    r = client.get("/jatos", headers={"Accept": "text/html"})
    assert r.status_code == 303 and "PLAY_SESSION=;" in r.headers["Set-Cookie"]


def test_gui_token_generation_checks(client):
    assert _sign_in(client).status_code == 200  # no cookie before: no CSRF check on the sign-in itself
    csrf = re.search(r"'Csrf-Token': '([^']+)'", client.get("/jatos").text).group(1)
    headers = {"Csrf-Token": csrf}
    answers = {q: client.post(f"/jatos/user/apiToken?{q}", headers=headers) for q in (
        "name=&expires=0", "name=<b>x</b>&expires=0", "name=a&expires=-1", "name=a", "name=a&expires=x")}
    assert {q: (r.status_code, r.text) for q, r in answers.items()} == {
        "name=&expires=0": (400, "Name must not be empty"),
        "name=<b>x</b>&expires=0": (400, "No HTML allowed"),
        "name=a&expires=-1": (400, "Expiration must be >= 0"),
        "name=a": (400, "Bad request: Missing parameter: expires"),
        "name=a&expires=x": (400, 'Bad request: Cannot parse parameter expires as Int: For input string: "x"')}
    assert client.post("/jatos/user/apiToken?name=a&expires=0").status_code == 403  # no CSRF token
    r = client.post("/jatos/user/apiToken?name=day&expires=86400", headers=headers)
    assert r.status_code == 200
    runtime = client.application.extensions["jatos_mock"]
    token = max(runtime.store.state.tokens.values(), key=lambda t: t.id)
    assert (token.name, token.expires) == ("day", 86400)
    assert client.post(f"/jatos/user/apiToken/{token.id}/active?active=false", headers=headers).text == " "
    assert token.active is False
    assert client.delete(f"/jatos/user/apiToken/{token.id}", headers=headers).status_code == 200
    assert client.delete(f"/jatos/user/apiToken/{token.id}", headers=headers).text == "Token doesn't exist"


def test_gui_routes_are_no_contract_violations_and_faults_can_target_them(client):
    assert client.post("/__mock__/faults", json="error:503@GET /ping").status_code == 201
    assert client.get("/ping").status_code == 503
    runtime = client.application.extensions["jatos_mock"]
    client.get("/jatos")
    client.get("/jatos/signin")
    assert runtime.ledger.entries() == []
