"""JATOS's catch-all for an unexpected exception (EH.onServerError): the JSON UNEXPECTED_ERROR for API clients, its
error page for a browser (Accept: text/html), plain text outside the API (A43)."""

import pytest

SHORT_TOKEN = {"Authorization": "Bearer jap_short"}  # A3: AuthService's substring throws (500 UNEXPECTED_ERROR)
MESSAGE = "Internal JATOS error during GET /jatos/api/v1/admin/token?x=1. Check logs to get more information."


def test_api_clients_get_the_json_envelope(api):
    r = api.call("GET", "admin/token?x=1", user=None, headers={**SHORT_TOKEN, "Accept": "application/json"})
    assert r.status_code == 500
    assert r.json["error"] == {"code": "UNEXPECTED_ERROR", "message": "Unexpected error"}


@pytest.mark.parametrize("accept", ["text/html", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_a_browser_gets_the_error_page(api, accept):
    r = api.call("GET", "admin/token?x=1", user=None, headers={**SHORT_TOKEN, "Accept": accept})
    assert r.status_code == 500 and r.headers["Content-Type"] == "text/html; charset=utf-8"
    page = r.data.decode()
    assert "<title>JATOS Error</title>" in page and "A problem occurred:" in page and MESSAGE in page
    assert r.headers["X-Jatos-Mock-Deviations"].split(",") == ["A3", "A43"]
    assert api.violations() == []  # both registered


def test_accept_must_name_text_html_exactly(api):
    r = api.call("GET", "admin/token", user=None, headers={**SHORT_TOKEN, "Accept": "text/*"})
    assert r.status_code == 500 and r.mimetype == "application/json"


def test_spec_fidelity_keeps_the_envelope(spec_api):
    r = spec_api.call("GET", "admin/token", user=None,
                      headers={"Authorization": "Bearer jap_short", "Accept": "text/html"})
    assert r.mimetype == "application/json"


def test_a_crash_outside_the_api_is_plain_text(api, monkeypatch):
    from jatos_mock.jatos.http import gui

    def broken():
        raise IndexError("a mock bug")
    monkeypatch.setattr(gui, "_text", lambda *a: broken())  # /ping answers through _text
    r = api.client.get("/ping?a=b")
    assert r.status_code == 500 and r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.data.decode() == "Internal JATOS error during GET /ping?a=b. Check logs to get more information."
