"""Issue 16 D5 and D12: one nesting rule for every JSON text the mock reads (1000 levels, Jackson 2.13.2.2's
limit), and a document within it is answered, stored and read back without a 500."""

import json

import pytest

from jatos_mock.core.state import state_io

SESSION = "batches/1/session"
MAX_JSON_DEPTH = 1000  # Jackson 2.13.2.2


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_the_rule_counts_arrays_and_objects_and_skips_strings():
    from jatos_mock.core.contract.text import too_deep

    assert not too_deep(nested(MAX_JSON_DEPTH)) and too_deep(nested(MAX_JSON_DEPTH + 1))
    assert too_deep(('{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)).encode())
    assert not too_deep(json.dumps(["[" * 5000, "\\\"[" * 5000]))


@pytest.mark.parametrize("depth", [255, 300, 999])
def test_a_deep_session_value_sent_without_a_json_type_is_stored_and_read_back(api, depth):
    # the audit: stored without request validation, a value 255-400 deep broke every later GET (500)
    r = api.call("PATCH", SESSION, data=nested(depth), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200, r.get_data()[:200]
    r = api.call("GET", SESSION)
    assert r.status_code == 200
    value, level = r.get_json()["data"]["sessionData"], 1
    while value:
        value, level = value[0], level + 1
    assert level == depth
    assert api.violations() == []


@pytest.mark.parametrize("depth", [256, 400, 999])
def test_a_deep_json_body_is_answered_not_a_500(any_api, depth):
    r = any_api.call("POST", "results/metadata", data=f'{{"studyIds": {nested(depth - 1)}}}',
                     headers={"Content-Type": "application/json"})
    assert r.status_code < 500, r.get_data()[:200]
    r = any_api.call("PATCH", SESSION, data=nested(depth), headers={"Content-Type": "application/json"})
    assert r.status_code == (200 if any_api.runtime.profile.fidelity == "jatos" else 400)  # spec: not an object
    r = any_api.call("POST", "studies/1/batches", data=json.dumps({"title": "deep"})[:-1] +
                     f', "batchInput": {nested(depth - 1)}}}', headers={"Content-Type": "application/json"})
    assert r.status_code < 500, r.get_data()[:200]
    assert [v for v in any_api.violations() if v.status >= 500] == []


def test_one_level_more_is_invalid_json_on_the_api(any_api, api):
    r = any_api.call("PATCH", SESSION, data=nested(MAX_JSON_DEPTH + 1), headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "INVALID_JSON"
    r = api.call("PATCH", SESSION, data=nested(MAX_JSON_DEPTH + 1), headers={"Content-Type": "text/plain"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "INVALID_JSON"


@pytest.mark.parametrize("method, path", [("POST", "/__mock__/faults"), ("PUT", "/__mock__/state"),
                                          ("POST", "/__mock__/results"), ("POST", "/__mock__/tokens")])
def test_the_control_api_refuses_a_document_nested_too_deep_with_400(api, method, path):
    before = api.call("GET", "/__mock__/state", user=None).get_json()
    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        r = api.call(method, path, user=None, data=nested(depth), headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (depth, r.get_data()[:200])
        assert "nesting depth" in r.get_json()["error"]
    assert api.call("GET", "/__mock__/state", user=None).get_json() == before


def test_a_state_file_nested_too_deep_is_a_one_line_error(api, tmp_path):
    path = tmp_path / "state.json"
    path.write_text(nested(100_000))
    with pytest.raises(state_io.StateError, match="not valid JSON: JSON nesting depth exceeds"):
        state_io.load_file(api.runtime.store, path)
