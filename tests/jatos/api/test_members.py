"""Study members through the HTTP API (reference A §8), in both fidelities: the members routes have no registered
deviation, so `spec` fidelity answers as JATOS does and every answer must keep to the contract."""

import pytest

SURVEY = "b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d"
LOCKED = "c3d9f1a2-6b4e-4c8d-9e0f-1a2b3c4d5e6f"

FIDELITIES = pytest.mark.parametrize("fidelity", ["jatos", "spec"])


def user_id(api, name):
    return next(u.id for u in api.runtime.store.state.users.values() if u.username == name)


@FIDELITIES
def test_list_add_remove(make_api, fidelity):
    api = make_api(seed=1, fidelity=fidelity)
    admin = user_id(api, "admin")
    r = api.call("GET", f"studies/{SURVEY}/members", user="coauthor")
    members = [user_id(api, "researcher"), user_id(api, "coauthor")]
    assert r.json["data"] == {"id": 2, "uuid": SURVEY, "members": members}
    r = api.call("PUT", f"studies/{SURVEY}/members/{admin}", user="researcher")
    assert r.status_code == 200 and admin in r.json["data"]["members"]
    assert api.call("GET", f"studies/{SURVEY}/properties", user="admin").status_code == 200
    again = api.call("PUT", f"studies/{SURVEY}/members/{admin}", user="researcher")
    assert again.json["data"]["members"].count(admin) == 1
    state = api.runtime.store.state
    worker = state.users[admin].worker_id
    batch = state.batches[state.studies[2].batch_ids[0]]
    assert worker in batch.worker_ids
    r = api.call("DELETE", f"studies/{SURVEY}/members/{admin}", user="researcher")
    assert admin not in r.json["data"]["members"] and worker not in batch.worker_ids
    assert api.violations() == []


@FIDELITIES
def test_member_errors(make_api, fidelity):
    api = make_api(seed=1, fidelity=fidelity)
    r = api.call("PUT", f"studies/{SURVEY}/members/999", user="researcher")
    assert r.status_code == 404 and r.json["error"] == {"code": "NOT_FOUND", "message": "User not found"}
    r = api.call("PUT", f"studies/{SURVEY}/members/abc", user="researcher")
    assert r.status_code == 400 and r.json["error"] == {
        "code": "CLIENT_ERROR", "message": 'Cannot parse parameter userId as Long: For input string: "abc"'}
    r = api.call("PUT", f"studies/{SURVEY}/members/1", user="admin")
    assert r.status_code == 403 and r.json["error"] == {"code": "NO_ACCESS", "message": "No access to study."}
    r = api.call("GET", f"studies/{SURVEY}/members", user="viewer")
    assert r.status_code == 403 and r.json["error"] == {"code": "NO_ACCESS", "message": "No access to study."}
    r = api.call("GET", "studies/999/members", user="researcher")
    assert r.status_code == 404 and r.json["error"] == {"code": "NOT_FOUND", "message": "Study doesn't exist."}
    researcher = user_id(api, "researcher")
    r = api.call("DELETE", f"studies/{LOCKED}/members/{researcher}", user="researcher")  # lock not checked
    assert r.status_code == 403 and r.json["error"] == {"code": "FORBIDDEN",
                                                        "message": "A study needs at least one user."}
    r = api.call("PUT", f"studies/{LOCKED}/members/1", user="researcher")
    assert r.status_code == 200
    assert researcher in api.call("GET", f"studies/{LOCKED}/members", user="researcher").json["data"]["members"]
    assert api.violations() == []
