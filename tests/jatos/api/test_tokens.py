"""API tokens: create, list, get, toggle, delete (Api.generateApiToken and the token endpoints)."""

import pytest

from jatos_mock.jatos.domain import tokens
from jatos_mock.jatos.domain.config import JatosConfig


def new_token(api, user="researcher", owner_id=2, name="my token"):
    r = api.call("POST", f"users/{owner_id}/tokens", user=user, json={"name": name})
    assert r.status_code == 201, r.json
    return r.json["data"]


def test_created_token_is_usable_and_its_value_is_shown_only_once(api):
    data = new_token(api)
    assert tokens.is_well_formed(data["token"])
    assert list(data)[-1] == "token"
    assert (data["name"], data["username"], data["userId"], data["active"]) == ("my token", "researcher", 2, True)
    assert data["expiresAfter"] == 3600
    assert data["expirationDate"] == data["creationDate"] + 3600 * 1000
    r = api.call("GET", "admin/token", user=None, headers={"Authorization": f"Bearer {data['token']}"})
    assert r.status_code == 200 and r.json["data"]["id"] == data["id"]
    for path in (f"tokens/{data['id']}", "users/2/tokens"):
        assert "jap_" not in api.call("GET", path, user="researcher").get_data(as_text=True)
    assert api.violations() == []


def test_only_the_hash_of_a_token_is_stored(api):
    data = new_token(api)
    stored = api.runtime.store.state.tokens[data["id"]]
    assert stored.token_hash == tokens.token_hash(data["token"])
    assert data["token"] not in repr(api.runtime.store.state)


def test_token_values_come_from_the_seed(make_api):
    first, second = make_api(seed=7), make_api(seed=7)
    assert new_token(first)["token"] == new_token(second)["token"]
    assert new_token(first)["token"] != new_token(make_api(seed=8))["token"]


def test_token_lifetime_follows_the_configuration(make_api):
    api = make_api(seed=1, jatos=JatosConfig(token_expires_after=60))
    assert new_token(api)["expiresAfter"] == 60


def test_token_generation_can_be_switched_off(make_api):
    api = make_api(seed=1, jatos=JatosConfig(token_generation_allowed=False))
    r = api.call("POST", "users/2/tokens", user="researcher", json={"name": "x"})
    assert r.status_code == 403
    assert r.json["error"] == {"code": "CONFIG_ERROR", "message": "API token generation is not allowed"}


@pytest.mark.parametrize("body, expected", [({"name": None}, None), ({"name": 12}, "12"), ({"name": True}, "true")])
def test_token_name_is_read_leniently(api, body, expected):
    r = api.call("POST", "users/2/tokens", user="researcher", json=body)
    assert r.status_code == 201
    assert r.json["data"]["name"] == expected


@pytest.mark.parametrize("body, message", [({}, "Missing name field"),
                                           ({"name": {"a": 1}}, "'name' field must be of type String")])
def test_token_name_errors(api, body, message):
    r = api.call("POST", "users/2/tokens", user="researcher", json=body)
    assert r.status_code == 400
    assert r.json["error"] == {"code": "INVALID_REQUEST", "message": message}


def test_create_token_body_is_parsed_before_auth(api):
    r = api.call("POST", "users/2/tokens", user=None, data='{"name": "x"}', headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert r.json["error"] == {"code": "CLIENT_ERROR", "message": "Expected application/json"}
    r = api.call("POST", "users/2/tokens", user=None, data='{"name": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json["error"]["code"] == "INVALID_JSON"
    assert api.violations() == []


def test_create_token_for_unknown_user_is_404_in_jatos(api):
    r = api.call("POST", "users/999/tokens", json={"name": "x"})
    assert r.status_code == 404
    assert r.json["error"] == {"code": "NOT_FOUND", "message": "User not found"}
    assert api.violations() == []


def test_create_token_spec_fidelity_answers_only_documented_statuses(spec_api):
    r = spec_api.call("POST", "users/999/tokens", json={"name": "x"})
    assert r.status_code == 403
    r = spec_api.call("POST", "users/2/tokens", data='{"name": "x"}', headers={"Content-Type": "text/plain"})
    assert r.status_code == 400
    assert spec_api.violations() == []


def test_admin_may_manage_tokens_of_non_admins_but_not_of_other_admins(api):
    data = new_token(api, user="admin", owner_id=2)  # researcher's token, made by the admin
    assert data["userId"] == 2
    api.runtime.store.state.users[4].roles.append("ADMIN")  # coauthor becomes a second admin
    r = api.call("POST", "users/1/tokens", user="coauthor", json={"name": "x"})
    assert r.status_code == 403
    assert r.json["error"] == {"code": "FORBIDDEN", "message": "Not allowed to access this user"}
    admin_token = api.call("GET", "admin/token", user="admin").json["data"]["id"]
    assert api.call("PATCH", f"tokens/{admin_token}", user="coauthor", json={"active": False}).status_code == 403
    assert api.call("DELETE", f"tokens/{admin_token}", user="coauthor").status_code == 403
    # reading other admins' tokens is allowed
    assert api.call("GET", f"tokens/{admin_token}", user="coauthor").status_code == 200
    assert api.call("GET", "users/1/tokens", user="coauthor").status_code == 200
    assert api.violations() == []


def test_admin_may_manage_other_admins_tokens_in_spec_fidelity(spec_api):
    spec_api.runtime.store.state.users[4].roles.append("ADMIN")
    r = spec_api.call("POST", "users/1/tokens", user="coauthor", json={"name": "x"})
    assert r.status_code == 201
    assert spec_api.violations() == []


def test_users_cannot_touch_other_users_tokens(api):
    r = api.call("POST", "users/2/tokens", user="coauthor", json={"name": "x"})
    assert (r.status_code, r.json["error"]["code"]) == (403, "FORBIDDEN")
    r = api.call("GET", "users/2/tokens", user="coauthor")
    assert r.json["error"] == {"code": "NO_ACCESS", "message": "You are not allowed to access this user"}
    r = api.call("GET", "tokens/2", user="coauthor")
    assert (r.status_code, r.json["error"]["code"]) == (403, "NO_ACCESS")


def test_list_tokens_includes_inactive_and_expired(api):
    created = new_token(api)
    api.call("PATCH", f"tokens/{created['id']}", user="researcher", json={"active": False})
    listed = api.call("GET", "users/2/tokens", user="researcher").json["data"]
    assert [t["id"] for t in listed] == [2, created["id"]]
    assert [t["active"] for t in listed] == [True, False]
    assert all("token" not in t for t in listed)
    assert api.violations() == []


def test_list_tokens_of_unknown_user(api, spec_api):
    r = api.call("GET", "users/999/tokens")
    assert (r.status_code, r.json["error"]["message"]) == (404, "User not found")
    assert spec_api.call("GET", "users/999/tokens").status_code == 403
    assert api.violations() == [] and spec_api.violations() == []


def test_get_unknown_token_crashes_jatos_but_is_404_in_spec(api, spec_api):
    r = api.call("GET", "tokens/999")
    assert r.status_code == 500
    assert r.json["error"] == {"code": "UNEXPECTED_ERROR", "message": "Unexpected error"}
    r = spec_api.call("GET", "tokens/999")
    assert r.status_code == 404
    assert r.json["error"]["code"] == "NOT_FOUND"
    assert api.violations() == [] and spec_api.violations() == []


@pytest.mark.parametrize("value, expected", [(False, False), ("false", False), (0, False), ("true", True), (1, True)])
def test_toggle_token_reads_active_leniently(api, value, expected):
    created = new_token(api)
    r = api.call("PATCH", f"tokens/{created['id']}", user="researcher", json={"active": value})
    assert r.status_code == 200
    assert r.json["data"] == {"id": created["id"], "active": expected}
    assert api.violations() == []


def test_toggle_token_errors(api):
    created = new_token(api)
    path = f"tokens/{created['id']}"
    r = api.call("PATCH", path, user="researcher", json={})
    assert r.json["error"] == {"code": "INVALID_REQUEST", "message": "Missing active field"}
    r = api.call("PATCH", path, user="researcher", json={"active": "maybe"})
    assert r.json["error"] == {"code": "INVALID_REQUEST", "message": "'active' field must be of type Boolean"}
    r = api.call("PATCH", path, user="researcher", json={"active": None})
    assert (r.status_code, r.json["error"]["code"]) == (500, "UNEXPECTED_ERROR")
    r = api.call("PATCH", "tokens/999", json={"active": True})
    assert (r.status_code, r.json["error"]["message"]) == (404, "Token not found")
    r = api.call("PATCH", path, user="researcher", data="x", headers={"Content-Type": "text/plain"})
    assert (r.status_code, r.json["error"]["code"]) == (415, "CLIENT_ERROR")
    assert api.call("GET", path, user="researcher").json["data"]["active"] is True  # nothing changed
    assert api.violations() == []


def test_toggle_null_active_is_a_400_in_spec_fidelity(spec_api):
    r = spec_api.call("PATCH", "tokens/2", user="researcher", json={"active": None})
    assert r.status_code == 400


def test_a_caller_may_switch_off_the_token_in_use(api):
    own = api.call("GET", "admin/token", user="researcher").json["data"]["id"]
    assert api.call("PATCH", f"tokens/{own}", user="researcher", json={"active": False}).status_code == 200
    assert api.call("GET", "admin/token", user="researcher").status_code == 401
    assert api.call("PATCH", f"tokens/{own}", json={"active": True}).status_code == 200  # the admin revives it
    assert api.call("GET", "admin/token", user="researcher").status_code == 200


def test_delete_token(api):
    created = new_token(api)
    r = api.call("DELETE", f"tokens/{created['id']}", user="researcher")
    assert r.status_code == 200
    assert r.json == {"apiVersion": "1.1.0", "message": "Token deleted successfully"}
    r = api.call("GET", "admin/token", user=None, headers={"Authorization": f"Bearer {created['token']}"})
    assert r.status_code == 401
    r = api.call("DELETE", f"tokens/{created['id']}", user="researcher")
    assert (r.status_code, r.json["error"]["message"]) == (404, "Token not found")
    assert api.violations() == []
