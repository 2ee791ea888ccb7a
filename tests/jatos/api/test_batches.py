"""Batches over HTTP: create, list, get, patch, delete and groups, in both fidelities (reference B §2, §3.3)."""

import json

import pytest

from jatos_mock.jatos.domain.users import find_by_username
from tests.jatos.api.test_batches_helpers import make_group, make_study


@pytest.fixture
def study(api):
    return make_study(api)


def test_create_answers_200_with_the_batch_and_no_default_worker_types(api, study):
    study_id, _, _ = study
    r = api.call("POST", f"studies/{study_id}/batches", user="researcher", json={"title": "Wave 2"})
    assert r.status_code == 200
    data = r.json["data"]
    assert list(data) == ["id", "uuid", "title", "active", "maxActiveMembers", "maxTotalMembers", "maxTotalWorkers",
                          "allowedWorkerTypes", "comments", "batchInput"]
    assert (data["title"], data["active"], data["allowedWorkerTypes"], data["batchInput"]) == ("Wave 2", True, [], None)
    assert api.violations() == []


def test_create_in_spec_fidelity_answers_201(spec_api):
    study_id, _, _ = make_study(spec_api)
    r = spec_api.call("POST", f"studies/{study_id}/batches", user="researcher", json={"title": "W"})
    assert r.status_code == 201
    assert "batchInput" not in r.json["data"]
    assert spec_api.violations() == []


def test_create_ignores_content_type_and_takes_jsondata_as_batch_input(api, study):
    r = api.call("POST", f"studies/{study[0]}/batches", user="researcher",
                 data=b'{"title":"T","jsonData":{"a":[1,2]},"id":99,"uuid":"x","allowedWorkerTypes":["pm","GS"]}',
                 headers={"Content-Type": "text/plain"})
    assert r.status_code == 200
    assert r.json["data"]["batchInput"] == {"a": [1, 2]}
    assert r.json["data"]["id"] != 99 and r.json["data"]["uuid"] != "x"
    assert sorted(r.json["data"]["allowedWorkerTypes"]) == ["GeneralSingle", "PersonalMultiple"]


@pytest.mark.parametrize("body, code, message", [
    (b"", "INVALID_REQUEST", "Request body is empty"),
    (b"{nope", "INVALID_JSON", "Invalid JSON at line 1"),
    (b"[1]", "INVALID_JSON", "Request body is not a JSON object"),
    (b'{"title":"T","bogus":1}', "INVALID_JSON", "Invalid JSON in field 'bogus'"),
    (b'{"title":5}', "INVALID_JSON", "Invalid JSON in field 'title'"),
    (b'{"title":"T","active":null}', "INVALID_JSON", "Invalid JSON in field 'active'"),
    (b'{"title":"T","maxActiveMembers":1.5}', "INVALID_JSON", "Invalid JSON in field 'maxActiveMembers'"),
    (b'{"title":"  "}', "VALIDATION_ERROR", "Error in field 'title' - Missing title"),
    (b'{}', "VALIDATION_ERROR", "Error in field 'title' - Missing title"),
    (b'{"title":"<b>x</b>"}', "VALIDATION_ERROR", "Error in field 'title' - No HTML allowed"),
    (b'{"title":"T","maxActiveMembers":0}', "VALIDATION_ERROR",
     "Error in field 'maxActiveMembers' - Batch's max active member size must be at least 1."),
    (b'{"title":"T","maxActiveMembers":5,"maxTotalMembers":3}', "VALIDATION_ERROR",
     "Error in field 'maxTotalMembers' - Maximum total members must be greater than or equal to maximum active "
     "members."),
    (b'{"title":"T","batchInput":"{oops"}', "VALIDATION_ERROR", "Error in field 'batchInput' - Invalid JSON format"),
    (b'{"title":"T","allowedWorkerTypes":["MTSandbox"]}', "VALIDATION_ERROR",
     "Error in field 'allowedWorkerTypes' - Invalid worker type: MTSandbox"),
])
def test_create_refuses_bad_bodies_like_jatos(api, study, body, code, message):
    before = api.call("GET", f"studies/{study[0]}/batches", user="researcher").json["data"]
    r = api.call("POST", f"studies/{study[0]}/batches", user="researcher", data=body)
    assert r.status_code == 400
    assert r.json["error"]["code"] == code
    assert r.json["error"]["message"].startswith(message)
    assert api.call("GET", f"studies/{study[0]}/batches", user="researcher").json["data"] == before


def test_null_allowed_worker_types_is_jatos_500(api, study):
    r = api.call("POST", f"studies/{study[0]}/batches", user="researcher",
                 json={"title": "T", "allowedWorkerTypes": None})
    assert (r.status_code, r.json["error"]["code"]) == (500, "UNEXPECTED_ERROR")
    assert len(api.call("GET", f"studies/{study[0]}/batches", user="researcher").json["data"]) == 1


def test_create_checks_study_membership_and_lock_before_the_body(api):
    locked = make_study(api, "Locked One", locked=True)
    assert api.call("POST", "studies/999999/batches", user="researcher", data=b"").json["error"] == \
        {"code": "NOT_FOUND", "message": "Study doesn't exist."}
    r = api.call("POST", f"studies/{locked[0]}/batches", user="coauthor", data=b"")
    assert (r.status_code, r.json["error"]["code"]) == (403, "NO_ACCESS")
    r = api.call("POST", f"studies/{locked[0]}/batches", user="researcher", json={"title": "x"})
    assert (r.status_code, r.json["error"]) == (403, {"code": "STUDY_LOCKED", "message": "Study locked"})
    r = api.call("POST", f"studies/{locked[0]}/batches", user="viewer", json={"title": "x"})
    assert r.status_code == 401
    assert api.call("POST", f"studies/{locked[0]}/batches", user=None, json={"title": "x"}).status_code == 401


def test_list_and_get_by_id_or_uuid_default_batch_first(api, study):
    study_id, study_uuid, default_id = study
    created = api.call("POST", f"studies/{study_id}/batches", user="researcher", json={"title": "B"}).json["data"]
    listed = api.call("GET", f"studies/{study_uuid}/batches", user="researcher").json["data"]
    assert [b["id"] for b in listed] == [default_id, created["id"]]
    assert listed[0]["title"] == "Default"
    assert sorted(listed[0]["allowedWorkerTypes"]) == ["PersonalMultiple", "PersonalSingle"]
    assert api.call("GET", f"batches/{created['uuid']}", user="researcher").json["data"] == created
    r = api.call("GET", "batches/424242", user="researcher")
    assert (r.status_code, r.json["error"]["message"]) == (404, "Batch doesn't exist.")
    assert api.call("GET", f"batches/{created['id']}", user="coauthor").status_code == 403
    assert api.violations() == []


def test_get_works_on_locked_study_and_for_viewers_who_are_members(api):
    study_id, _, default_id = make_study(api, "L", members=("researcher", "viewer"), locked=True)
    assert api.call("GET", f"batches/{default_id}", user="viewer").status_code == 200
    assert api.call("GET", f"studies/{study_id}/batches", user="viewer").status_code == 200


def test_patch_merges_and_reports_binding_errors_as_validation_errors(api, study):
    created = api.call("POST", f"studies/{study[0]}/batches", user="researcher",
                       json={"title": "B", "comments": "keep", "maxTotalWorkers": 4,
                             "allowedWorkerTypes": ["ps"]}).json["data"]
    r = api.call("PATCH", f"batches/{created['id']}", user="researcher",
                 json={"title": "B2", "allowedWorkerTypes": ["gm"], "batchInput": "[1]"})
    assert r.status_code == 200
    data = r.json["data"]
    assert (data["title"], data["comments"], data["maxTotalWorkers"], data["allowedWorkerTypes"], data["batchInput"]) \
        == ("B2", "keep", 4, ["GeneralMultiple"], [1])
    r = api.call("PATCH", f"batches/{created['id']}", user="researcher", json={"bogus": 1})
    assert (r.status_code, r.json["error"]) == (400, {"code": "VALIDATION_ERROR", "message": "Error in field 'bogus'"})
    r = api.call("PATCH", f"batches/{created['id']}", user="researcher", json={"title": None})
    assert r.json["error"]["message"] == "Error in field 'title' - Missing title"
    r = api.call("PATCH", f"batches/{created['id']}", user="researcher", json={"comments": None})
    assert r.json["data"]["comments"] is None
    assert api.call("PATCH", f"batches/{created['id']}", user="researcher", data=b"").json["error"]["code"] == \
        "INVALID_REQUEST"


def test_patch_and_delete_refuse_locked_studies(api):
    _, _, default_id = make_study(api, "Lk", locked=True)
    for method, kwargs in (("PATCH", {"json": {"title": "x"}}), ("DELETE", {})):
        r = api.call(method, f"batches/{default_id}", user="researcher", **kwargs)
        assert (r.status_code, r.json["error"]["code"]) == (403, "STUDY_LOCKED")


def test_delete_removes_batch_codes_groups_and_its_workers_even_the_default_batch(api, study):
    study_id, _, default_id = study
    codes = api.call("POST", f"studies/{study_id}/studyCodes?type=ps&amount=2", user="researcher").json["data"]
    make_group(api, default_id)
    workers_before = len(api.runtime.store.state.workers)
    r = api.call("DELETE", f"batches/{default_id}", user="researcher")
    assert (r.status_code, r.json) == (200, {"apiVersion": "1.1.0", "message": "Batch deleted successfully"})
    assert api.call("GET", f"batches/{default_id}", user="researcher").status_code == 404
    assert api.call("GET", f"studyCodes/{codes[0]}", user="researcher").status_code == 404
    assert api.call("GET", f"studies/{study_id}/batches", user="researcher").json["data"] == []
    assert len(api.runtime.store.state.workers) == workers_before - 2
    assert not [g for g in api.runtime.store.state.groups.values() if g.batch_id == default_id]
    assert api.call("DELETE", f"batches/{default_id}", user="researcher").status_code == 404


def test_delete_logs_the_batch_and_the_user_as_study_deletion_does(api, study):
    # BatchService.remove is one cascade: DELETE /batches/{id} logs what removing a study's batches logs
    study_id, _, default_id = study
    assert api.call("DELETE", f"batches/{default_id}", user="researcher").status_code == 200
    log = json.loads(api.call("GET", f"studies/{study_id}/log?download=false", user="researcher").data)
    name = find_by_username(api.runtime.store.state, "researcher").name
    assert [{k: v for k, v in e.items() if k != "timestamp"} for e in log[:2]] == [
        {"msg": "Removed batch", "batchId": default_id, "userName": name},
        {"msg": "Removed result data and files", "userName": name}]


def test_delete_then_next_batch_is_default(api, study):
    study_id, _, default_id = study
    other = api.call("POST", f"studies/{study_id}/batches", user="researcher", json={"title": "B"}).json["data"]
    api.call("DELETE", f"batches/{default_id}", user="researcher")
    codes = api.call("POST", f"studies/{study_id}/studyCodes?type=gs", user="researcher").json["data"]
    assert api.runtime.store.state.study_links[codes[0]].batch_id == other["id"]


def test_groups_of_a_batch_with_group_session_version_and_counts(api, study):
    _, _, default_id = study
    g1 = make_group(api, default_id, active_member_ids=[5, 6], history_member_ids=[7], session_version=4)
    g2 = make_group(api, default_id, group_state="FINISHED", end_date=99)
    r = api.call("GET", f"batches/{default_id}/groups", user="researcher")
    assert r.status_code == 200
    first, second = r.json["data"]
    assert (first["id"], second["id"]) == (g1, g2)
    assert first["groupSessionVersion"] == 4
    assert (first["activeMemberCount"], first["historyMemberCount"], first["resultCount"]) == (2, 1, 3)
    assert (first["activeMemberList"], first["historyMemberList"]) == ([5, 6], [7])
    assert (second["groupState"], second["endDate"]) == ("FINISHED", 99)
    assert api.violations() == []
    assert api.call("GET", "batches/777777/groups", user="researcher").status_code == 404
    assert api.call("GET", f"batches/{default_id}/groups", user="coauthor").status_code == 403


def test_groups_in_spec_fidelity_have_no_group_session_version(spec_api):
    _, _, default_id = make_study(spec_api)
    make_group(spec_api, default_id)
    r = spec_api.call("GET", f"batches/{default_id}/groups", user="researcher")
    assert "groupSessionVersion" not in r.json["data"][0]
    assert spec_api.violations() == []


def test_spec_fidelity_refuses_jatos_only_body_keys(spec_api):
    study_id, _, _ = make_study(spec_api)
    r = spec_api.call("POST", f"studies/{study_id}/batches", user="researcher", json={"title": "T", "jsonData": {}})
    assert (r.status_code, r.json["error"]["code"]) == (400, "VALIDATION_ERROR")
