"""Token authentication in JATOS's order (AuthApiToken.authenticate, AuthAction.denied), in both fidelities."""

import random

import pytest

from jatos_mock.jatos.domain import tokens
from jatos_mock.jatos.domain.config import JatosConfig

FAILED = {"code": "AUTH_ERROR", "message": "Failed authentication"}
INVALID_TOKEN = {"code": "INVALID_API_TOKEN", "message": "Invalid api token"}
SPEC_INVALID_TOKEN = {"code": "AUTH_ERROR", "message": "Invalid api token"}  # the spec's enum lacks INVALID_API_TOKEN


def bearer(value: str) -> dict:
    return {"Authorization": f"Bearer {value}"}


@pytest.mark.parametrize("authorization", [None, "Basic YWRtaW46YWRtaW4=", "bearer {token}", "Token {token}"])
def test_no_bearer_credentials_fail_authentication(any_api, authorization):
    headers = {} if authorization is None else {
        "Authorization": authorization.format(token=any_api.tokens["admin"])}
    r = any_api.call("GET", "admin/token", user=None, headers=headers)
    assert r.status_code == 401
    assert r.json["error"] == FAILED
    assert any_api.violations() == []


def test_browser_without_credentials_is_redirected_to_sign_in(api):
    r = api.call("GET", "users", user=None, headers={"Accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 303
    assert r.headers["Location"] == "/jatos/signin"
    assert api.violations() == []


def test_browser_without_credentials_gets_401_in_spec_fidelity(spec_api):
    r = spec_api.call("GET", "users", user=None, headers={"Accept": "text/html"})
    assert r.status_code == 401
    assert r.json["error"] == FAILED
    assert spec_api.violations() == []


@pytest.mark.parametrize("fidelity", ["jatos", "spec"])
def test_api_disabled_refuses_every_token_before_looking_at_it(make_api, fidelity):
    api = make_api(seed=1, fidelity=fidelity, jatos=JatosConfig(api_allowed=False))
    for headers in (api.headers("admin"), bearer("abc")):
        r = api.call("GET", "admin/token", user=None, headers=headers)
        assert r.status_code == 403
        assert r.json["error"] == {"code": "AUTH_ERROR", "message": "JATOS' current settings do not allow API usage"}
    assert api.call("GET", "admin/token", user=None).status_code == 401  # no Bearer at all: still 401
    assert api.violations() == []


@pytest.mark.parametrize("value", ["", "abc", "jap_short"])
def test_too_short_token_crashes_jatos(api, value):
    r = api.call("GET", "admin/token", user=None, headers={"Authorization": f"Bearer {value}"})
    assert r.status_code == 500
    assert r.json["error"] == {"code": "UNEXPECTED_ERROR", "message": "Unexpected error"}
    assert api.violations() == []


def test_too_short_token_is_401_in_spec_fidelity(spec_api):
    r = spec_api.call("GET", "admin/token", user=None, headers=bearer("abc"))
    assert r.status_code == 401
    assert r.json["error"] == SPEC_INVALID_TOKEN
    assert spec_api.violations() == []


def _bad_checksum(token: str) -> str:
    last = "0" if token[-1] != "0" else "1"
    return token[:-1] + last


@pytest.mark.parametrize("fidelity, expected", [("jatos", INVALID_TOKEN), ("spec", SPEC_INVALID_TOKEN)])
def test_bad_checksum_and_unknown_tokens_are_invalid(make_api, fidelity, expected):
    api = make_api(seed=1, fidelity=fidelity)
    unknown = tokens.generate(random.Random(12345))
    for value in (_bad_checksum(api.tokens["admin"]), unknown):
        r = api.call("GET", "admin/token", user=None, headers=bearer(value))
        assert r.status_code == 401, value
        assert r.json["error"] == expected
    assert api.violations() == []


def test_bearer_without_space_still_authenticates(api):
    r = api.call("GET", "admin/token", user=None, headers={"Authorization": "Bearer" + api.tokens["viewer"]})
    assert r.status_code == 200
    assert r.json["data"]["username"] == "viewer"


def test_deactivated_token_stops_working(api):
    own = api.call("GET", "admin/token", user="researcher").json["data"]
    r = api.call("PATCH", f"tokens/{own['id']}", user="researcher", json={"active": False})
    assert r.status_code == 200
    r = api.call("GET", "admin/token", user="researcher")
    assert r.status_code == 401
    assert r.json["error"] == INVALID_TOKEN
    assert api.violations() == []


def test_deactivated_user_cannot_use_their_token(spec_api):
    r = spec_api.call("PATCH", "users/2", json={"active": False})
    assert r.status_code == 200
    r = spec_api.call("GET", "admin/token", user="researcher")
    assert r.status_code == 401
    assert r.json["error"] == SPEC_INVALID_TOKEN
    assert spec_api.violations() == []


def test_token_expires_after_its_lifetime(api):
    created = api.call("POST", "users/2/tokens", user="researcher", json={"name": "short-lived"})
    assert created.status_code == 201
    value, lifetime = created.json["data"]["token"], created.json["data"]["expiresAfter"]
    assert lifetime == 3600
    api.runtime.store.clock.advance(lifetime * 1000)
    still = api.call("GET", "admin/token", user=None, headers=bearer(value))
    assert still.status_code == 200  # expired only once now > creation + lifetime
    assert still.json["data"]["isExpired"] is False
    api.runtime.store.clock.advance(1)
    r = api.call("GET", "admin/token", user=None, headers=bearer(value))
    assert r.status_code == 401
    assert r.json["error"] == INVALID_TOKEN
    listed = api.call("GET", "users/2/tokens", user="researcher").json["data"]
    assert [t["isExpired"] for t in listed if t["name"] == "short-lived"] == [True]
    assert api.violations() == []


def test_viewer_on_admin_endpoint_is_an_invalid_token_in_jatos(api):
    r = api.call("GET", "admin/status", user="viewer")
    assert r.status_code == 401
    assert r.json["error"] == INVALID_TOKEN
    assert api.violations() == []


def test_viewer_on_admin_endpoint_is_forbidden_in_spec_fidelity(spec_api):
    r = spec_api.call("GET", "admin/status", user="viewer")
    assert r.status_code == 403
    assert r.json["error"]["code"] == "FORBIDDEN"
    assert spec_api.violations() == []


def test_current_token_works_for_every_role_and_never_shows_the_value(api):
    for username in ("admin", "researcher", "viewer", "coauthor"):
        r = api.call("GET", "admin/token", user=username)
        assert r.status_code == 200
        data = r.json["data"]
        assert data["username"] == username
        assert "token" not in data and "tokenHash" not in data
    assert api.violations() == []


def test_current_token_ignores_session_cookies(api):
    api.client.set_cookie("PLAY_SESSION", "abc", domain="localhost")
    r = api.call("GET", "admin/token", user=None)
    assert r.status_code == 401
    assert r.json["error"] == FAILED


@pytest.mark.parametrize("fidelity, expected", [("jatos", 0), ("spec", None)])
def test_never_expiring_token_expiration_date(make_api, fidelity, expected):
    api = make_api(seed=1, fidelity=fidelity)
    data = api.call("GET", "admin/token", user="admin").json["data"]
    assert data["expiresAfter"] is None
    assert data["expirationDate"] == expected
    assert data["isExpired"] is False
    assert api.violations() == []
