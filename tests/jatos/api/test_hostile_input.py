"""Input no client should send, answered as JATOS answers it: never a 500 of the mock's own, never a torn state."""

import io
import json

import pytest

BATCHES = "studies/1/batches"
SESSION = "batches/1/session"
TOKENS = "users/2/tokens"


def test_a_token_with_non_ascii_characters_is_an_invalid_token(any_api):
    r = any_api.call("GET", "admin/token", user=None, headers={"Authorization": "Bearer jap_" + "é" * 40})
    assert r.status_code == 401
    assert r.get_json()["error"]["message"] == "Invalid api token"
    assert any_api.violations() == []


def test_deeply_nested_json_is_invalid_json_even_before_auth(any_api):
    before = any_api.call("GET", SESSION).get_json()["data"]
    body = "[" * 100_000 + "]" * 100_000
    r = any_api.call("POST", TOKENS, user=None, data=json.dumps({"name": "x"})[:-1] + f',"x":{body}}}',
                     headers={"Content-Type": "application/json"})
    if any_api.runtime.profile.is_spec:  # an OpenAPI server checks security first: 401
        assert r.status_code == 401
    else:  # Play parses the body before JATOS's auth
        assert r.status_code == 400 and r.get_json()["error"]["code"] == "INVALID_JSON"
    r = any_api.call("PATCH", SESSION, data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "INVALID_JSON"
    assert any_api.call("GET", SESSION).get_json()["data"] == before  # nothing written


def test_an_escaped_lone_surrogate_is_stored_as_a_question_mark_and_reads_back(api):
    r = api.call("POST", BATCHES, data=b'{"title":"x\\ud800y"}', headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.get_data()
    batch_id = r.get_json()["data"]["id"]
    assert api.call("GET", f"batches/{batch_id}").get_json()["data"]["title"] == "x?y"
    assert api.call("GET", BATCHES).status_code == 200
    assert api.call("GET", "/__mock__/state", user=None).status_code == 200

    r = api.call("PATCH", SESSION, data=b'["\\udc00", "\\ud83d\\ude00"]', headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert api.call("GET", SESSION).get_json()["data"]["sessionData"] == ["?", "\N{GRINNING FACE}"]  # a pair stays
    assert api.call("GET", SESSION, query_string={"asText": "true"}).status_code == 200


def test_a_number_too_large_for_a_double_comes_back_as_the_string_jackson_writes(api):
    r = api.call("PATCH", SESSION, data=b'{"big": 1e400, "small": -1e400, "ok": 1.5}',
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    raw = api.call("GET", SESSION).get_data(as_text=True)
    session = json.loads(raw, parse_constant=_not_json)["data"]["sessionData"]
    assert session == {"big": "Infinity", "small": "-Infinity", "ok": 1.5}
    r = api.call("POST", BATCHES, data=b'{"title": "t", "batchInput": {"a": 1e400}}',
                 headers={"Content-Type": "application/json"})
    assert json.loads(r.get_data(), parse_constant=_not_json)["data"]["batchInput"] == {"a": "Infinity"}


def _not_json(literal):
    raise AssertionError(f"{literal} is not JSON: strict parsers (R's jsonlite) refuse the whole answer")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_number_literals_are_invalid_json(api, literal):
    r = api.call("PATCH", SESSION, data=f'{{"a": {literal}}}', headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "INVALID_JSON"


def test_options_is_not_routed(make_api):
    jatos = make_api(seed=1).call("OPTIONS", "admin/token")
    assert jatos.status_code == 404
    assert jatos.get_json()["error"]["message"] == \
        "Requested page OPTIONS /jatos/api/v1/admin/token couldn't be found."
    spec = make_api(seed=1, fidelity="spec").call("OPTIONS", "admin/token")
    assert spec.status_code == 405 and set(spec.headers["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("filepath", ["%", "a%zz", "dir/%2"])
def test_an_asset_path_urldecoder_cannot_read_changes_nothing(any_api, method, filepath):
    before = any_api.call("GET", "studies/1/assets/structure", query_string={"flatten": "true"}).get_json()
    kwargs = {"data": {"studyAssetsFile": (io.BytesIO(b"x"), "x.txt")}} if method == "POST" else {}
    r = any_api.call(method, f"studies/1/assets/{filepath}", **kwargs)
    if any_api.runtime.settings.fidelity == "jatos":  # M12: URLDecoder's exception is not caught
        assert (r.status_code, r.get_json()["error"]["code"]) == (500, "UNEXPECTED_ERROR")
    else:
        assert (r.status_code, r.get_json()["error"]) == \
            (400, {"code": "VALIDATION_ERROR", "message": f"Invalid path: {filepath}"})
    assert any_api.call("GET", "studies/1/assets/structure", query_string={"flatten": "true"}).get_json() == before
    assert any_api.violations() == []


def test_a_lone_surrogate_inside_a_json_input_is_answered_escaped(api):
    # the studyInput text holds the escape; JATOS parses it for the answer, and Jackson's UTF8JsonGenerator writes
    # the lone surrogate back as an escape (upper-case hex) instead of failing
    r = api.call("POST", "studies/create", json={"title": "x", "studyInput": '{"\\udEa3": true}'})
    assert r.status_code == 201, r.get_data()
    assert b'"studyInput":{"\\uDEA3":true}' in r.get_data()
    assert r.get_json()["data"]["studyInput"] == {"\udea3": True}
    assert api.violations() == []
