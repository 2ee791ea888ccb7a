"""The control API under /__mock__/: reset, state export/import, journal, violations, tokens, clock."""

import json

from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

CONTROL = {"X-Jatos-Mock-Control": "1"}  # state-changing control calls without a JSON body need it

ADMIN_TOKEN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def mint(client, username="viewer", **body):
    r = client.post("/__mock__/tokens", json={"username": username, **body})
    assert r.status_code == 201, r.data
    return r.json


def test_a_minted_token_authenticates_as_its_user_and_is_forgotten_on_reset(api):
    minted = mint(api.client, "researcher", name="ci")
    assert minted["token"].startswith("jap_") and minted["username"] == "researcher"
    headers = {"Authorization": f"Bearer {minted['token']}"}
    r = api.client.get("/jatos/api/v1/admin/token", headers=headers)
    assert r.status_code == 200 and r.json["data"]["username"] == "researcher"
    assert api.client.post("/__mock__/reset", headers=CONTROL).json == {"reset": True}
    assert api.client.get("/jatos/api/v1/admin/token", headers=headers).status_code == 401


def test_minting_for_an_unknown_user_or_with_bad_fields_is_a_json_error(api):
    r = api.client.post("/__mock__/tokens", json={"username": "nobody"})
    assert r.status_code == 404 and "nobody" in r.json["error"]
    r = api.client.post("/__mock__/tokens", json={"username": "admin", "expires": "soon"})
    assert r.status_code == 400 and "expires" in r.json["error"]
    r = api.client.post("/__mock__/tokens", data="{not json", content_type="application/json")
    assert r.status_code == 400 and "JSON" in r.json["error"]


def test_token_expiry_follows_the_mock_clock(api):
    token = mint(api.client, "viewer", expires=60)["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/jatos/api/v1/admin/token", headers=headers).status_code == 200
    clock = api.client.post("/__mock__/clock", json={"advance": 61_000}).json
    assert clock["frozen"] is True
    assert api.client.get("/jatos/api/v1/admin/token", headers=headers).status_code == 401


def test_the_clock_can_be_set_frozen_and_unfrozen(api):
    assert api.client.post("/__mock__/clock", json={"set": 1_800_000_000_000}).json["now"] == 1_800_000_000_000
    assert api.client.get("/__mock__/clock").json == {"now": 1_800_000_000_000, "frozen": True}
    running = api.client.post("/__mock__/clock", json={"freeze": False}).json
    assert running["frozen"] is False and running["now"] >= 1_800_000_000_000
    assert api.client.post("/__mock__/clock", json={"advance": "1h"}).status_code == 400
    api.client.post("/__mock__/reset", headers=CONTROL)
    assert api.client.get("/__mock__/clock").json == {"now": 1_704_067_200_000, "frozen": True}


def test_the_journal_lists_requests_since_a_position(api):
    position = api.client.get("/__mock__/journal?since=999999").json["next"]
    api.client.get("/jatos/api/v1/admin/token", headers=ADMIN)
    api.client.get("/jatos/api/v1/admin/token")
    entries = api.client.get(f"/__mock__/journal?since={position}").json["entries"]
    api_entries = [(e["method"], e["path"], e["operation"], e["status"]) for e in entries
                   if e["path"].startswith("/jatos/")]
    assert api_entries == [("GET", "/jatos/api/v1/admin/token", "getCurrentApiToken", 200),
                           ("GET", "/jatos/api/v1/admin/token", "getCurrentApiToken", 401)]
    assert api.client.get("/__mock__/journal?since=x").status_code == 400


def test_violations_list_unmatched_requests(api):
    api.client.get("/jatos/api/v1/no/such/operation", headers=ADMIN)
    found = api.client.get("/__mock__/violations?unregistered=true").json
    assert [(v["kind"], v["path"], v["registered"]) for v in found] == [
        ("unmatched", "/jatos/api/v1/no/such/operation", False)]


def test_state_export_import_round_trip_restores_minted_tokens(make_api):
    source = make_api(seed=5)
    token = mint(source.client, "coauthor")["token"]
    document = source.client.get("/__mock__/state").json
    assert document["format"] == "jatos-mock-state" and document["version"] == 1
    target = make_api(seed=9)
    r = target.client.put("/__mock__/state", json=document)
    assert r.status_code == 200, r.data
    r = target.client.get("/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json["data"]["username"] == "coauthor"
    assert target.client.get("/__mock__/state").json["state"] == document["state"]


def test_a_broken_state_document_is_refused_and_leaves_the_state_unchanged(api):
    before = api.client.get("/__mock__/state").json
    broken = json.loads(json.dumps(before))
    broken["state"]["users"]["1"]["roles"] = "ADMIN"
    r = api.client.put("/__mock__/state", json=broken)
    assert r.status_code == 400
    assert "state.users.1.roles" in r.json["error"]
    for document, words in (({"format": "other"}, "not a jatos-mock state"),
                            ({**before, "version": 99}, "version"),
                            ({**before, "blobs": {"ab": "!!"}}, "base64")):
        r = api.client.put("/__mock__/state", json=document)
        assert r.status_code == 400 and words in r.json["error"]
    assert api.client.get("/__mock__/state").json == before
    assert api.client.get("/jatos/api/v1/admin/token", headers=ADMIN).status_code == 200


def test_state_save_writes_the_file_that_a_new_mock_loads(tmp_path):
    path = tmp_path / "state.json"
    first = create_app(Settings(seed=2, state_file=path)).test_client()
    token = first.post("/__mock__/tokens", json={"username": "viewer"}).json["token"]
    assert first.post("/__mock__/state/save", headers=CONTROL).json == {"saved": str(path)}
    assert not [p for p in tmp_path.iterdir() if p.name not in ("state.json", "state.json.blobs")]  # no temp file
    second = create_app(Settings(seed=2, state_file=path)).test_client()
    r = second.get("/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json["data"]["username"] == "viewer"


def test_state_save_without_a_state_file_says_how_to_get_one(api):
    r = api.client.post("/__mock__/state/save", headers=CONTROL)
    assert r.status_code == 409 and "--state" in r.json["error"]


def test_the_control_api_refuses_callers_from_elsewhere(api):
    r = api.client.post("/__mock__/reset", environ_base={"REMOTE_ADDR": "10.1.2.3"}, headers=CONTROL)
    assert r.status_code == 403 and "loopback" in r.json["error"]


def test_an_unknown_control_endpoint_is_a_json_404(api):
    r = api.client.get("/__mock__/nothing")
    assert r.status_code == 404 and r.json == {"error": "no control endpoint GET /__mock__/nothing"}


# --- seeding results, optionally as runs of a study code --------------------------------------------------------

def mint_code(api, query="type=ps&comment=p1", study=1):
    r = api.client.post(f"/jatos/api/v1/studies/{study}/studyCodes?{query}", headers=ADMIN)
    assert r.status_code == 200, r.data
    return r.json["data"][0]


def metadata(api, study=1):
    r = api.client.post("/jatos/api/v1/results/metadata", json={"studyIds": [study]}, headers=ADMIN)
    assert r.status_code == 200, r.data
    return {sr["id"]: sr for st in r.json["data"] for sr in st["studyResults"]}


def test_results_added_with_a_personal_study_code_carry_its_code_and_comment(api):
    code = mint_code(api, "type=ps&comment=p1")
    r = api.client.post("/__mock__/results", json={"study": 1, "studyCode": code, "data": '{"answer": 42}'})
    assert r.status_code == 201, r.data
    [result_id] = r.json["ids"]
    found = metadata(api)[result_id]
    assert found["studyCode"] == code and found["comment"] == "p1"
    assert found["workerType"] == "PersonalSingle" and found["studyState"] == "FINISHED"
    assert found["componentResults"][0]["data"]["size"] == len('{"answer": 42}')
    assert api.violations() == []


def test_results_added_with_a_general_study_code_get_a_worker_each_and_its_code(api):
    code = mint_code(api, "type=gm")
    r = api.client.post("/__mock__/results", json={"study": 1, "studyCode": code, "count": 2, "state": "STARTED"})
    found = [metadata(api)[i] for i in r.json["ids"]]
    assert [(sr["studyCode"], sr["workerType"], sr["studyState"]) for sr in found] == [
        (code, "GeneralMultiple", "STARTED")] * 2
    assert found[0]["workerId"] != found[1]["workerId"] and "comment" not in found[0]


def test_results_without_a_study_code_are_added_as_before(api):
    r = api.client.post("/__mock__/results", json={"study": 1, "workerType": "gs", "data": None})
    found = metadata(api)[r.json["ids"][0]]
    assert found["workerType"] == "GeneralSingle" and found["studyCode"] in ("", None)


def test_seeding_results_with_a_bad_study_code_is_refused_with_the_reason(api):
    post = lambda body: api.client.post("/__mock__/results", json=body)  # noqa: E731
    before = metadata(api)
    r = post({"study": 1, "studyCode": "noSuchCode1"})
    assert r.status_code == 404 and "no study code 'noSuchCode1'" in r.json["error"]
    code = mint_code(api, "type=pm&comment=x")
    r = post({"study": 1, "studyCode": code, "workerType": "GeneralSingle"})
    assert r.status_code == 400 and "worker type PersonalMultiple" in r.json["error"]
    other = api.client.post("/jatos/api/v1/studies", json={"title": "Other"}, headers=ADMIN).json["data"]["id"]
    r = post({"study": other, "studyCode": code})
    assert r.status_code == 400 and "belongs to study 1" in r.json["error"]
    answer = api.client.patch(f"/jatos/api/v1/studyCodes/{code}", json={"active": False}, headers=ADMIN)
    assert answer.status_code == 200
    r = post({"study": 1, "studyCode": code})
    assert r.status_code == 409 and "inactive" in r.json["error"]
    assert post({"study": 1, "colour": "red"}).status_code == 400
    assert post({"study": 999}).status_code == 404
    assert post({"study": 1, "count": -1}).status_code == 400
    assert metadata(api).keys() == before.keys()  # nothing was added
