"""Batch and group sessions over HTTP (reference B §3.1, §3.2, §3.4, §3.5), both fidelities, and concurrency."""

import json
import threading

import pytest

from tests.jatos.api.test_batches_helpers import make_group, make_study


@pytest.fixture
def batch_id(api):
    return make_study(api)[2]


def test_a_new_batch_session_reads_version_1_and_empty_object(api, batch_id):
    r = api.call("GET", f"batches/{batch_id}/session", user="researcher")
    assert (r.status_code, r.json["data"]) == (200, {"version": 1, "sessionData": {}})
    assert api.violations() == []  # B3 explains the sessionData key


def test_patch_replaces_the_whole_value_and_raises_the_version_by_one(api, batch_id):
    r = api.call("PATCH", f"batches/{batch_id}/session?version=1", user="researcher", json={"a": 1, "b": [2]})
    assert r.status_code == 200
    assert r.json == {"apiVersion": "1.1.0", "message": "Batch session updated successfully", "data": {"version": 2}}
    r = api.call("PATCH", f"batches/{batch_id}/session", user="researcher", json={"c": 3})
    assert r.json["data"]["version"] == 3
    got = api.call("GET", f"batches/{batch_id}/session", user="researcher").json["data"]
    assert got == {"version": 3, "sessionData": {"c": 3}}
    text = api.call("GET", f"batches/{batch_id}/session?asText=true", user="researcher").json["data"]
    assert text == {"version": 3, "sessionData": '{"c":3}'}


def test_any_json_value_and_empty_body_and_trailing_garbage(api, batch_id):
    api.call("PATCH", f"batches/{batch_id}/session", user="researcher", data=b"[1, 2]  garbage",
             headers={"Content-Type": "text/plain"})
    assert api.call("GET", f"batches/{batch_id}/session", user="researcher").json["data"]["sessionData"] == [1, 2]
    api.call("PATCH", f"batches/{batch_id}/session", user="researcher", data=b"null")
    assert api.call("GET", f"batches/{batch_id}/session", user="researcher").json["data"]["sessionData"] is None
    r = api.call("PATCH", f"batches/{batch_id}/session", user="researcher", data=b"")
    assert r.json["data"]["version"] == 4
    assert api.call("GET", f"batches/{batch_id}/session", user="researcher").json["data"]["sessionData"] == {}


def test_stale_or_future_version_is_403_forbidden_and_changes_nothing(api, batch_id):
    api.call("PATCH", f"batches/{batch_id}/session?version=1", user="researcher", json={"keep": True})
    for stale in (1, 3, -1):
        r = api.call("PATCH", f"batches/{batch_id}/session?version={stale}", user="researcher", json={"lost": 1})
        assert (r.status_code, r.json["error"]) == \
            (403, {"code": "FORBIDDEN", "message": "Batch session version conflict"})
    assert api.call("GET", f"batches/{batch_id}/session", user="researcher").json["data"] == \
        {"version": 2, "sessionData": {"keep": True}}


@pytest.mark.parametrize("query, body, status, code", [
    ("?version=abc", b"{}", 400, "CLIENT_ERROR"),
    ("", b"{oops", 400, "INVALID_JSON"),
])
def test_bad_version_or_body(api, batch_id, query, body, status, code):
    r = api.call("PATCH", f"batches/{batch_id}/session{query}", user="researcher", data=body)
    assert (r.status_code, r.json["error"]["code"]) == (status, code)
    assert api.call("GET", f"batches/{batch_id}/session", user="researcher").json["data"]["version"] == 1


def test_bad_as_text_is_client_error(api, batch_id):
    r = api.call("GET", f"batches/{batch_id}/session?asText=yes", user="researcher")
    assert (r.status_code, r.json["error"]["code"]) == (400, "CLIENT_ERROR")


def test_batch_session_lookups_access_and_lock(api):
    _, _, locked_batch = make_study(api, "Locked S", members=("researcher", "viewer"), locked=True)
    r = api.call("GET", f"batches/{locked_batch}/session", user="researcher")
    assert (r.status_code, r.json["error"]["code"]) == (403, "STUDY_LOCKED")
    r = api.call("PATCH", f"batches/{locked_batch}/session", user="researcher", json={"x": 1})
    assert r.status_code == 200  # PATCH has no lock check
    assert api.call("GET", "batches/31337/session", user="researcher").json["error"]["message"] == \
        "Batch doesn't exist."
    assert api.call("GET", f"batches/{locked_batch}/session", user="coauthor").json["error"]["code"] == "NO_ACCESS"
    assert api.call("PATCH", f"batches/{locked_batch}/session", user="viewer", json={}).status_code == 401
    assert api.call("PATCH", f"batches/{locked_batch}/session", user=None, json={}).status_code == 401


def test_group_session_read_write_conflict_and_errors(api, batch_id):
    group_id = make_group(api, batch_id)
    r = api.call("GET", f"groups/{group_id}/session", user="researcher")
    assert r.json["data"] == {"version": 1, "sessionData": {}}
    r = api.call("PATCH", f"groups/{group_id}/session?version=1", user="researcher", json={"g": 1})
    assert r.json == {"apiVersion": "1.1.0", "message": "Group session updated successfully", "data": {"version": 2}}
    r = api.call("PATCH", f"groups/{group_id}/session?version=1", user="researcher", json={"g": 2})
    assert (r.status_code, r.json["error"]) == (403, {"code": "FORBIDDEN", "message": "Group session version conflict"})
    assert api.call("GET", f"groups/{group_id}/session?asText=1", user="researcher").json["data"]["sessionData"] == \
        '{"g":1}'
    r = api.call("GET", "groups/abc/session", user="researcher")
    assert (r.status_code, r.json["error"]["code"]) == (400, "CLIENT_ERROR")
    r = api.call("GET", "groups/99999/session", user="researcher")
    assert (r.status_code, r.json["error"]["message"]) == (404, "GroupResult does not exist")
    assert api.call("PATCH", f"groups/{group_id}/session", user="coauthor", json={}).json["error"]["code"] == \
        "NO_ACCESS"
    assert api.violations() == []


def test_finished_group_reads_empty_object_and_can_be_written(api, batch_id):
    group_id = make_group(api, batch_id, group_state="FINISHED", session_data=None)
    assert api.call("GET", f"groups/{group_id}/session", user="researcher").json["data"]["sessionData"] == {}
    assert api.call("PATCH", f"groups/{group_id}/session", user="researcher", json={"z": 0}).status_code == 200


def test_spec_fidelity_uses_the_data_key_and_refuses_non_objects(spec_api):
    _, _, batch_id = make_study(spec_api)
    r = spec_api.call("GET", f"batches/{batch_id}/session", user="researcher")
    assert r.json["data"] == {"version": 1, "data": {}}
    r = spec_api.call("PATCH", f"batches/{batch_id}/session", user="researcher", json=[1])
    assert r.status_code == 400
    r = spec_api.call("GET", f"batches/{batch_id}/session?asText=true", user="researcher")
    assert r.json["data"] == {"version": 1, "data": "{}"}
    assert spec_api.violations() == []


def test_spec_fidelity_reads_a_locked_batch_session(spec_api):
    _, _, batch_id = make_study(spec_api, "Lk", locked=True)
    assert spec_api.call("GET", f"batches/{batch_id}/session", user="researcher").status_code == 200


def test_concurrent_patches_with_one_version_one_winner_no_lost_or_torn_write(api, batch_id):
    n = 12
    barrier = threading.Barrier(n)
    results = [None] * n

    def writer(i):
        client = api.app.test_client()
        barrier.wait()
        r = client.patch(f"/jatos/api/v1/batches/{batch_id}/session?version=1", headers=api.headers("researcher"),
                         data=json.dumps({"writer": i, "payload": [i] * 50}))
        results[i] = (r.status_code, r.get_json())

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for i, (status, _) in enumerate(results) if status == 200]
    assert len(winners) == 1
    assert all(body["error"]["message"] == "Batch session version conflict"
               for status, body in results if status != 200)
    got = api.call("GET", f"batches/{batch_id}/session", user="researcher").json["data"]
    assert got == {"version": 2, "sessionData": {"writer": winners[0], "payload": [winners[0]] * 50}}
