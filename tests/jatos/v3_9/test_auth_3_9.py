"""JATOS 3.9's @Auth (reference 3.9 §1.2, §1.3; checklist rows 3 and 4): session cookie before token, a sign-in
redirect for clients that accept HTML, 403 `Failed authentication` for the others, 401 `Invalid api token` for every
token and role failure."""

import pytest

from jatos_mock.jatos.domain import tokens
from tests.jatos.v3_9.conftest import PLAIN, text


@pytest.mark.parametrize("accept", [None, "*/*", "text/*", "application/json, text/html", "text/html;q=0.1"])
def test_no_credentials_redirect_to_sign_in_when_html_is_acceptable(api39, accept):
    headers = {"Accept": accept} if accept else {}
    r = api39.call("GET", "studies/properties", user=None, headers=headers)
    assert (r.status_code, r.headers["Location"], r.get_data()) == (303, "/jatos/signin", b"")


@pytest.mark.parametrize("headers", [{"Accept": "application/json"},
                                     {"Accept": "*/*", "X-Requested-With": "XMLHttpRequest"},
                                     {"Accept": "application/json", "Authorization": "Basic YTpi"}])
def test_no_credentials_otherwise_are_403_failed_authentication(api39, headers):
    r = api39.call("GET", "studies/properties", user=None, headers=headers)
    assert text(r) == (403, PLAIN, "Failed authentication")


def test_every_token_failure_and_a_missing_role_are_401_invalid_api_token(api39):
    unknown = tokens.generate()
    for token in (unknown, unknown[:-1] + ("0" if unknown[-1] != "0" else "1"), api39.tokens["researcher"]):
        r = api39.call("GET", "admin/status", user=None, headers={"Authorization": f"Bearer {token}"})
        assert text(r) == (401, PLAIN, "Invalid api token")


def test_viewer_fixture_users_hold_no_3_9_role(api39):
    # 3.9 knows USER, ADMIN and SUPERUSER only: a VIEWER-only user's token is refused like a role failure
    assert text(api39.call("GET", "admin/token", user="viewer")) == (401, PLAIN, "Invalid api token")


def test_a_token_too_short_to_check_is_an_unexpected_500(api39):
    r = api39.call("GET", "admin/token", user=None, headers={"Authorization": "Bearer jap_short"})
    assert r.status_code == 500 and r.get_data(as_text=True).startswith("Internal JATOS error during")


def test_api_disabled_is_403(make_api):
    api = make_api(seed=1, version="3.9", jatos_keys={"jatos.api.allowed": "false"})
    r = api.call("GET", "admin/token")
    assert text(r) == (403, PLAIN, "JATOS' current settings do not allow API usage")


def test_a_stray_session_cookie_pre_empts_a_valid_token(api39):
    api39.client.set_cookie("PLAY_SESSION", "left-over")
    r = api39.call("GET", "admin/token")
    assert (r.status_code, r.headers["Location"]) == (303, "/jatos/signin")
    api39.client.set_cookie("PLAY_SESSION", "left-over")
    xhr = api39.call("GET", "admin/token", headers={"X-Requested-With": "XMLHttpRequest"})
    assert text(xhr) == (403, PLAIN, "You are not allowed to access this page. Please sign in.")


def test_a_signed_in_session_authenticates_and_admin_token_has_no_token_to_show(api39):
    signed_in = api39.client.post("/jatos/signin/local", data={"username": "admin", "password": "adminadmin"})
    assert signed_in.status_code in (200, 303), signed_in.get_data()
    r = api39.call("GET", "admin/token", user=None)  # the session cookie only
    assert r.status_code == 200 and r.get_json() == {"apiVersion": "1.0.1", "data": None}
    assert api39.call("GET", "studies/1/properties", user=None).status_code == 200
