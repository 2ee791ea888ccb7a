"""Issue 16 D12: the app log is bounded, and neither it nor the journal keeps a token a client put in a URL."""

from jatos_mock.jatos.http import app_log as app_log_module
from jatos_mock.jatos.http.app_log import APPLICATION_LOG


def test_the_application_log_keeps_only_its_newest_lines(api, monkeypatch):
    monkeypatch.setattr(app_log_module, "MAX_LINES", 50)
    log = api.runtime.extras["app_log"]
    for i in range(120):
        log.write(APPLICATION_LOG, f"line {i}")
    lines = log.lines(APPLICATION_LOG)
    assert len(lines) == 50 and lines[-1].endswith("line 119") and lines[0].endswith("line 70")
    assert len(log.content(APPLICATION_LOG)) == next(n["size"] for n in log.nodes() if n["path"] == APPLICATION_LOG)


def test_a_token_in_the_query_string_is_not_kept(api):
    secret = api.tokens["admin"]
    api.call("GET", f"admin/token?token={secret}&flatten=true&x={secret}")
    entry = api.runtime.journal.entries()[-1]
    assert secret not in entry.query and "flatten=true" in entry.query
    assert not any(secret in line for line in api.runtime.extras["app_log"].lines(APPLICATION_LOG))
