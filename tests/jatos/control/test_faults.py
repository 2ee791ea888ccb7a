"""Injected faults: error answers, rate limits, latency draws, transport faults, and where they never apply."""

import pytest
import requests

from jatos_mock.core.contract.spec import iter_operations
from jatos_mock.core.faults import FaultError
from jatos_mock.core.faults import build as build_for
from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.contract import load_spec
from jatos_mock.jatos.http.fault_profile import jatos_fault_profile
from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.v3_10 import VERSION

CONTROL = {"X-Jatos-Mock-Control": "1"}  # state-changing control calls without a JSON body need it

ADMIN = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}
TOKEN_URL = "/jatos/api/v1/admin/token"
JATOS = jatos_fault_profile(VERSION, [op["operationId"] for _, _, op, _ in iter_operations(load_spec())
                                       if op.get("operationId")])


def build(item):
    """A fault as JATOS's app reads it: targets from the packaged contract, JATOS's error codes."""
    return build_for(item, JATOS)


def add(client, fault):
    r = client.post("/__mock__/faults", json=fault)
    assert r.status_code == 201, r.data
    return r.json


def test_an_injected_error_answers_in_jatos_envelope_for_the_first_n_requests_only(api):
    add(api.client, "error:503@getCurrentApiToken#2")
    answers = [api.client.get(TOKEN_URL, headers=ADMIN) for _ in range(3)]
    assert [r.status_code for r in answers] == [503, 503, 200]
    assert answers[0].json == {"apiVersion": "1.1.0",
                               "error": {"code": "UNEXPECTED_ERROR", "message": "Unexpected error"}}


def test_an_error_fault_takes_code_and_message_and_targets_method_and_path(api):
    add(api.client, {"kind": "error", "status": 403, "code": "NO_ACCESS", "message": "No @ccess #here",
                     "target": "GET /admin/token"})
    r = api.client.get(TOKEN_URL, headers=ADMIN)
    assert r.status_code == 403 and r.json["error"] == {"code": "NO_ACCESS", "message": "No @ccess #here"}
    assert api.client.get("/jatos/api/v1/admin/status", headers=ADMIN).status_code != 403


def test_rate_limit_counts_per_window_of_the_mock_clock(api):
    add(api.client, "ratelimit:2/60")
    answers = [api.client.get(TOKEN_URL, headers=ADMIN) for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["1", "0", "0"]
    assert answers[0].headers["X-RateLimit-Limit"] == "2"
    assert int(answers[2].headers["X-RateLimit-Reset"]) == 1_704_067_200 + 60
    assert answers[2].json["error"]["message"] == "Too many requests"
    api.client.post("/__mock__/clock", json={"advance": 60_000})
    assert api.client.get(TOKEN_URL, headers=ADMIN).status_code == 200


def test_faults_never_touch_the_control_api_and_go_on_delete_or_reset(api):
    add(api.client, "error:500")
    assert api.client.get("/__mock__/faults").status_code == 200
    assert api.client.get("/openapi.yaml").status_code == 200
    assert api.client.get(TOKEN_URL, headers=ADMIN).status_code == 500
    assert api.client.delete("/__mock__/faults", headers=CONTROL).status_code == 200
    assert api.client.get(TOKEN_URL, headers=ADMIN).status_code == 200
    fault = add(api.client, "error:500")[0]
    assert api.client.delete(f"/__mock__/faults/{fault['id']}", headers=CONTROL).json == {"removed": fault["id"]}
    assert api.client.delete(f"/__mock__/faults/{fault['id']}", headers=CONTROL).status_code == 404
    add(api.client, "error:500")
    api.client.post("/__mock__/reset", headers=CONTROL)
    assert api.client.get("/__mock__/faults").json == []


@pytest.mark.parametrize("spec, words", [("explode", "unknown fault kind"), ("error:200", "4xx or 5xx"),
                                         ("latency:uniform:9-1", "min <= max"), ("ratelimit:10", "LIMIT/SECONDS"),
                                         ("drop~2", "between 0 and 1"),
                                         ("error", "e.g. error:503 or error:500:UNEXPECTED_ERROR:message")])
def test_a_bad_fault_is_refused_with_the_reason(api, spec, words):
    r = api.client.post("/__mock__/faults", json=spec)
    assert r.status_code == 400 and words in r.json["error"]
    assert api.client.get("/__mock__/faults").json == []


def test_probability_draws_repeat_with_the_seed(make_api):
    def statuses(seed):
        api = make_api(seed=seed)
        add(api.client, "error:503~0.5")
        return [api.client.get(TOKEN_URL, headers=ADMIN).status_code for _ in range(24)]
    first = statuses(3)
    assert first == statuses(3)
    assert {200, 503} == set(first)


@pytest.fixture
def live():
    server = MockServer(create_app(Settings(seed=1)), "127.0.0.1", 0, threads=2).start()
    try:
        yield server
    finally:
        server.stop()


def test_a_dropped_connection_reaches_the_client_as_a_connection_error(live):
    requests.post(f"{live.url}/__mock__/faults", json="drop@getCurrentApiToken#1")
    with pytest.raises(requests.ConnectionError):
        requests.get(live.url + TOKEN_URL, headers=ADMIN, timeout=10)
    assert requests.get(live.url + TOKEN_URL, headers=ADMIN, timeout=10).status_code == 200


def test_a_truncated_body_is_shorter_than_its_content_length(live):
    requests.post(f"{live.url}/__mock__/faults", json="truncate:10@getCurrentApiToken")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(live.url + TOKEN_URL, headers=ADMIN, timeout=10)
    with requests.get(live.url + TOKEN_URL, headers=ADMIN, timeout=10, stream=True) as r:
        assert r.status_code == 200 and int(r.headers["Content-Length"]) > 10
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            r.content  # noqa: B018 - reading the body is the point


# --- a fault aimed at no operation is refused at every door, naming it and the nearest operationId ---------------

def test_build_refuses_an_unknown_operation_and_suggests_the_nearest():
    with pytest.raises(FaultError, match=r"unknown operation 'getCurrentApiTokn'.*did you mean 'getCurrentApiToken'"):
        build("error:503@getCurrentApiTokn")
    with pytest.raises(FaultError, match=r"unknown operation 'noSuchOp'.*METHOD /path"):
        build({"kind": "drop", "target": "noSuchOp"})
    with pytest.raises(FaultError, match="matches no operationId"):
        build("drop@nothing*")
    assert build("drop@get*Token").target == "get*Token"  # a wildcard that matches something is fine
    assert build("drop@GET /no/such/path").target == "GET /no/such/path"  # the path form is not an operationId


def test_the_control_api_refuses_an_unknown_operation_with_a_400(api):
    r = api.client.post("/__mock__/faults", json="error:503@getCurrentApiTokn")
    assert r.status_code == 400
    assert "unknown operation 'getCurrentApiTokn'" in r.json["error"] and "'getCurrentApiToken'" in r.json["error"]
    assert api.client.get("/__mock__/faults").json == []


def test_the_serve_command_refuses_an_unknown_operation(monkeypatch):
    from click.testing import CliRunner

    from jatos_mock.cli import main
    from jatos_mock.core.server import MockServer

    monkeypatch.setattr(MockServer, "serve_forever", lambda self: None)  # were the fault taken, return at once
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--seed", "1", "--fault", "error:503@getCurrentApiTokn"])
    assert result.exit_code == 2, result.output
    assert "--fault" in result.output and "did you mean 'getCurrentApiToken'" in result.output


def test_an_error_code_outside_jatos_codes_is_refused_with_the_list(api):
    with pytest.raises(FaultError, match=r"unknown error code 'FOO'.*NOT_FOUND.*UNEXPECTED_ERROR"):
        build("error:500:FOO:Boom")
    with pytest.raises(FaultError, match="unknown error code 'not_found'"):
        build({"kind": "error", "status": 404, "code": "not_found"})
    r = api.client.post("/__mock__/faults", json={"kind": "error", "status": 500, "code": "FOO"})
    assert r.status_code == 400 and "unknown error code 'FOO'" in r.json["error"] and "STUDY_LOCKED" in r.json["error"]
    assert api.client.get("/__mock__/faults").json == []
    assert build("error:409:STUDY_LOCKED:Locked").code == "STUDY_LOCKED"
