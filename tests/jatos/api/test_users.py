"""Users: list, create, HEAD, get, update, delete (with its cascade) and role changes, as JATOS 3.10 does them."""

import json

import pytest

from jatos_mock.jatos.domain.config import JatosConfig

NEW = {"username": "Neo", "name": "Thomas Anderson", "password": "matrix123"}


def ids_by_name(api) -> dict:
    return {u["username"]: u["id"] for u in api.call("GET", "users").json["data"]}


def create_study(api, user: str, title: str) -> int:
    r = api.call("POST", "studies", user=user, json={"title": title})
    assert r.status_code == 201, r.json
    return r.json["data"]["id"]


# --- list ---

def test_list_users_shows_every_user_with_their_study_ids(api):
    study_id = create_study(api, "coauthor", "Coauthor's own")
    r = api.call("GET", "users")
    assert r.status_code == 200
    users = {u["username"]: u for u in r.json["data"]}
    assert set(users) >= {"admin", "researcher", "viewer", "coauthor"}
    assert study_id in users["coauthor"]["studyIds"]
    assert study_id not in users["researcher"]["studyIds"]
    assert users["viewer"]["roles"] == ["VIEWER"]
    assert all("passwordHash" not in u and "studyIds" in u for u in users.values())
    assert api.violations() == []


def test_list_users_needs_admin(api):
    r = api.call("GET", "users", user="researcher")
    assert r.status_code == 401
    assert r.json["error"]["code"] == "INVALID_API_TOKEN"


# --- create ---

def test_create_user_normalizes_the_username_and_hides_the_password(api):
    r = api.call("POST", "users", json={**NEW, "email": "neo@example.org"})
    assert r.status_code == 201
    data = r.json["data"]
    assert data["username"] == "neo"
    assert data["roles"] == ["USER"] and data["authMethod"] == "DB" and data["active"] is True
    assert "password" not in data
    assert api.call("HEAD", f"users/{data['id']}").status_code == 204
    assert api.violations() == []


def test_create_user_accepts_any_content_type(api):
    r = api.call("POST", "users", data='{"username":"x1","name":"X","password":"1234567"}',
                 headers={"Content-Type": "text/plain"})
    assert r.status_code == 201


def test_created_viewer_is_a_user_in_jatos(api):
    r = api.call("POST", "users", json={**NEW, "role": "VIEWER"})
    assert r.status_code == 201
    assert r.json["data"]["roles"] == ["USER"]
    assert api.violations() == []


def test_created_viewer_is_a_viewer_in_spec_fidelity(spec_api):
    r = spec_api.call("POST", "users", json={**NEW, "role": "VIEWER"})
    assert r.status_code == 201
    assert r.json["data"]["roles"] == ["VIEWER"]
    assert spec_api.violations() == []


@pytest.mark.parametrize("body, message", [
    ({"name": "N", "password": "1234567"}, "Error in field 'username' - Missing username"),
    ({"username": "a b", "name": "N", "password": "1234567"},
     "Error in field 'username' - Username invalid (only alphabetic characters, numbers and -_@.+&'=~)"),
    ({"username": "a" * 256, "name": "N", "password": "1234567"}, "Error in field 'username' - Username too long"),
    ({"username": "ab", "name": " ", "password": "1234567"}, "Error in field 'name' - Missing name"),
    ({"username": "ab", "name": "<b>N</b>", "password": "1234567"}, "Error in field 'name' - No HTML allowed"),
    ({"username": "ab", "name": "N"}, "Error in field 'password' - Passwords shouldn't be empty strings"),
    ({"username": "ab", "name": "N", "password": "123456"},
     "Error in field 'password' - Passwords should be at least 7 characters long."),
    ({"username": "ab", "name": "N", "password": "1234567", "role": "ADMIN"}, "Error in field 'role' - Invalid role"),
])
def test_create_user_validation_reports_the_first_error(api, body, message):
    before = ids_by_name(api)
    r = api.call("POST", "users", json=body)
    assert r.status_code == 400
    assert r.json["error"] == {"code": "VALIDATION_ERROR", "message": message}
    assert ids_by_name(api) == before


def test_password_length_follows_the_configuration(make_api):
    api = make_api(seed=1, jatos=JatosConfig(password_length=10))
    r = api.call("POST", "users", json=NEW)  # 9 characters
    assert r.status_code == 400
    assert r.json["error"]["message"] == "Error in field 'password' - Passwords should be at least 10 characters long."
    assert api.call("POST", "users", json={**NEW, "password": "matrix1234"}).status_code == 201


def test_ldap_user_needs_no_password(api):
    r = api.call("POST", "users", json={"username": "ldap1", "name": "L", "authMethod": "LDAP"})
    assert r.status_code == 201
    assert r.json["data"]["authMethod"] == "LDAP"


def test_create_user_body_errors(api):
    r = api.call("POST", "users", data=b"", headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json["error"]["code"], r.json["error"]["message"]) == (
        400, "INVALID_REQUEST", "Request body is empty")
    r = api.call("POST", "users", data=b"{oops", headers={"Content-Type": "text/plain"})
    assert (r.status_code, r.json["error"]["code"]) == (400, "INVALID_JSON")
    r = api.call("POST", "users", json={**NEW, "password": 1234567})
    assert r.json["error"] == {"code": "INVALID_JSON",
                               "message": "Invalid JSON in field 'password': Expected a JSON string"}
    r = api.call("POST", "users", json={**NEW, "role": "BOSS"})
    assert (r.status_code, r.json["error"]["code"]) == (400, "INVALID_JSON")


def test_create_user_rejects_unknown_fields_in_jatos(api):
    r = api.call("POST", "users", json={**NEW, "age": 37})
    assert r.status_code == 400
    assert r.json["error"] == {"code": "INVALID_JSON", "message": "Invalid JSON in field 'age': Unrecognized field "
                               "\"age\" (class models.gui.NewUserProperties), not marked as ignorable"}
    assert "neo" not in ids_by_name(api)
    assert api.violations() == []


def test_create_user_ignores_unknown_fields_in_spec_fidelity(spec_api):
    r = spec_api.call("POST", "users", json={**NEW, "age": 37})
    assert r.status_code == 201
    assert spec_api.violations() == []


def test_create_user_takes_null_email_and_ldap_password_in_jatos(api):
    r = api.call("POST", "users", json={"username": "ldap2", "name": "L", "authMethod": "LDAP", "email": None,
                                        "password": None})
    assert r.status_code == 201
    assert r.json["data"]["email"] is None
    assert api.violations() == []  # the request breaks the contract, explained by M9
    assert [v.deviations for v in api.violations(unregistered_only=False)] == [("M9",)]


@pytest.mark.parametrize("field", ["email", "password"])
def test_create_user_refuses_null_email_and_password_in_spec_fidelity(spec_api, field):
    r = spec_api.call("POST", "users", json={"username": "ldap2", "name": "L", "authMethod": "LDAP", field: None})
    assert r.status_code == 400
    assert r.json["error"]["code"] == "VALIDATION_ERROR"
    assert "ldap2" not in ids_by_name(spec_api)


def test_create_user_takes_unicode_letters_in_the_username_in_jatos(api):
    r = api.call("POST", "users", json={**NEW, "username": "Jürgen用户"})
    assert r.status_code == 201
    assert r.json["data"]["username"] == "jurgen用户"
    assert [v.deviations for v in api.violations(unregistered_only=False)] == [("M8",)]


def test_create_user_refuses_non_ascii_usernames_in_spec_fidelity(spec_api):
    r = spec_api.call("POST", "users", json={**NEW, "username": "Jürgen"})
    assert r.status_code == 400
    assert r.json["error"]["code"] == "VALIDATION_ERROR"
    assert "jurgen" not in ids_by_name(spec_api)


def test_create_user_with_unsupported_auth_method_is_forbidden(api):
    r = api.call("POST", "users", json={**NEW, "authMethod": "OIDC"})
    assert r.status_code == 403
    assert r.json["error"] == {"code": "INVALID_AUTH_METHOD", "message": "Invalid authentication method"}


def test_duplicate_username_is_forbidden_after_normalization(api):
    r = api.call("POST", "users", json={**NEW, "username": "RESEARCHER"})
    assert r.status_code == 403
    assert r.json["error"] == {"code": "FORBIDDEN", "message": "User exists already"}
    assert api.violations() == []


# --- HEAD and GET ---

def test_head_user_answers_204_or_404_without_body(api):
    r = api.call("HEAD", "users/2")
    assert r.status_code == 204 and r.data == b""
    r = api.call("HEAD", "users/999")
    assert r.status_code == 404 and r.data == b""
    assert api.call("HEAD", "users/2", user="researcher").status_code == 401  # ADMIN only
    assert api.violations() == []


def test_get_user_admin_or_self(api):
    ids = ids_by_name(api)
    r = api.call("GET", f"users/{ids['researcher']}", user="researcher")
    assert r.status_code == 200
    assert r.json["data"]["username"] == "researcher"
    assert "studyIds" not in r.json["data"]
    assert api.call("GET", f"users/{ids['researcher']}", user="admin").status_code == 200
    r = api.call("GET", f"users/{ids['researcher']}", user="coauthor")
    assert r.status_code == 403
    assert r.json["error"] == {"code": "NO_ACCESS", "message": "You are not allowed to access this user"}
    r = api.call("GET", "users/999")
    assert r.status_code == 404
    assert r.json["error"] == {"code": "NOT_FOUND", "message": "User not found"}
    r = api.call("GET", "users/abc")
    assert r.status_code == 400
    assert r.json["error"]["code"] == "CLIENT_ERROR"
    assert api.violations() == []


# --- PATCH ---

def test_update_user_merges_the_given_fields(api):
    r = api.call("PATCH", "users/2", user="researcher", json={"name": "Rita R."})
    assert r.status_code == 200
    data = r.json["data"]
    assert data["name"] == "Rita R."
    assert data["email"] == "rita@example.org"  # untouched
    r = api.call("PATCH", "users/2", user="researcher", json={"email": None})
    assert r.json["data"]["email"] is None and r.json["data"]["name"] == "Rita R."
    assert api.call("GET", "users/2", user="researcher").json["data"]["name"] == "Rita R."
    assert api.violations() == []


def test_update_user_ignores_id_and_username_in_jatos(api):
    r = api.call("PATCH", "users/2", user="researcher", json={"id": 77, "username": "x", "name": "Rita"})
    assert r.status_code == 200
    assert (r.json["data"]["id"], r.json["data"]["username"]) == (2, "researcher")
    assert api.violations() == []


@pytest.mark.parametrize("body, message", [
    ({"roles": ["ADMIN"]}, "Error in field 'roles'"),
    ({"email": 5}, "Error in field 'email'"),
    ({"active": None}, "Error in field 'active'"),
    ({"name": ""}, "Error in field 'name' - Missing name"),
    ({"password": "short"}, "Error in field 'password' - Passwords should be at least 7 characters long."),
])
def test_update_user_invalid_fields(api, body, message):
    r = api.call("PATCH", "users/2", user="researcher", json={"name": "Changed", **body})
    assert r.status_code == 400
    assert r.json["error"] == {"code": "VALIDATION_ERROR", "message": message}
    assert api.call("GET", "users/2").json["data"]["name"] == "Rita Researcher"  # nothing half-written
    assert api.violations() == []


def test_update_user_invalid_body_is_a_documented_400_in_spec_fidelity(spec_api):
    r = spec_api.call("PATCH", "users/2", user="researcher", json={"password": "short"})
    assert r.status_code == 400
    assert r.json["error"]["code"] == "VALIDATION_ERROR"
    assert spec_api.violations(unregistered_only=False) == []  # our contract lists 400 for this operation


@pytest.mark.parametrize("caller, target, body, message", [
    ("researcher", "admin", {"password": "newpassword"}, "Only user 'admin' can change their own password"),
    ("admin", "admin", {"active": False}, "User 'admin' cannot be deactivated"),
    ("researcher", "researcher", {"active": False}, "A user cannot deactivate themselves"),
])
def test_update_user_forbidden_changes(make_api, caller, target, body, message):
    api = make_api(seed=1)
    ids = ids_by_name(api)
    if caller != "admin" and target == "admin":  # a second admin tries to change admin's password
        api.runtime.store.state.users[ids[caller]].roles.append("ADMIN")
    r = api.call("PATCH", f"users/{ids[target]}", user=caller, json=body)
    assert r.status_code == 403
    assert r.json["error"] == {"code": "FORBIDDEN", "message": message}


def test_update_user_admin_or_self_and_not_found(api):
    r = api.call("PATCH", "users/2", user="coauthor", json={"name": "Evil"})
    assert (r.status_code, r.json["error"]["code"]) == (403, "NO_ACCESS")
    r = api.call("PATCH", "users/999", json={"name": "Nobody"})
    assert (r.status_code, r.json["error"]["message"]) == (404, "User not found")
    r = api.call("PATCH", "users/2", json={"active": False})
    assert r.status_code == 200 and r.json["data"]["active"] is False
    assert api.violations() == []


def test_update_of_oauth_user_is_refused_even_for_admins(api):
    with api.runtime.store.write() as state:
        state.users[2].auth_method = "OIDC"
    r = api.call("PATCH", "users/2", json={"name": "X"})
    assert r.status_code == 403
    assert r.json["error"] == {"code": "INVALID_AUTH_METHOD", "message": "Invalid authentication method"}


# --- DELETE ---

def test_delete_user_cascades_to_studies_and_tokens(api):
    own = create_study(api, "coauthor", "Only coauthor")
    shared = create_study(api, "researcher", "Shared")
    assert api.call("PUT", f"studies/{shared}/members/4", user="researcher").status_code == 200
    r = api.call("DELETE", "users/4", user="coauthor")  # users may delete themselves
    assert r.status_code == 200
    assert r.json == {"apiVersion": "1.1.0", "message": "User deleted successfully"}
    assert api.call("HEAD", "users/4").status_code == 404
    assert api.call("GET", f"studies/{own}/properties", user="researcher").status_code == 404  # gone completely
    assert api.call("GET", f"studies/{shared}/members", user="researcher").json["data"]["members"] == [2]
    assert api.call("GET", "admin/token", user="coauthor").status_code == 401  # its tokens are gone
    assert api.violations() == []


def test_only_the_account_named_admin_is_protected(api):
    r = api.call("DELETE", "users/1")
    assert r.status_code == 403
    assert r.json["error"] == {"code": "FORBIDDEN", "message": "The ADMIN role cannot be removed from user ‘admin’, "
                               "and the user cannot be deleted."}
    api.runtime.store.state.users[2].roles.append("ADMIN")
    assert api.call("DELETE", "users/2").status_code == 200  # another admin can go
    assert api.violations() == []


def test_admins_cannot_be_deleted_in_spec_fidelity(spec_api):
    spec_api.runtime.store.state.users[2].roles.append("ADMIN")
    r = spec_api.call("DELETE", "users/2")
    assert r.status_code == 403
    assert spec_api.call("HEAD", "users/2").status_code == 204


def test_delete_user_admin_or_self(api):
    r = api.call("DELETE", "users/2", user="coauthor")
    assert (r.status_code, r.json["error"]["code"]) == (403, "NO_ACCESS")
    assert api.call("DELETE", "users/999").status_code == 404
    assert api.call("HEAD", "users/2").status_code == 204


# --- roles ---

def test_change_role_swaps_user_and_viewer_and_keeps_admin(api):
    r = api.call("PATCH", "users/2/roles", json={"role": "VIEWER"})
    assert r.status_code == 200
    assert r.json["data"]["roles"] == ["VIEWER"]
    api.runtime.store.state.users[3].roles.append("ADMIN")
    r = api.call("PATCH", "users/3/roles", json={"role": "USER"})
    assert sorted(r.json["data"]["roles"]) == ["ADMIN", "USER"]
    assert api.violations() == []


@pytest.mark.parametrize("target, body, status, code, message", [
    (999, {"role": "USER"}, 404, "NOT_FOUND", "User not found"),
    (1, {"role": "USER"}, 403, "FORBIDDEN",
     "The ADMIN role cannot be removed from user ‘admin’, and the user cannot be deleted."),
    (2, {}, 400, "INVALID_REQUEST", "Missing role field"),
    (2, {"role": "BOSS"}, 400, "INVALID_REQUEST", "'role' field must be of type Role"),
    (2, {"role": "ADMIN"}, 400, "UNSPECIFIED", "Invalid role: ADMIN"),
])
def test_change_role_errors(api, target, body, status, code, message):
    r = api.call("PATCH", f"users/{target}/roles", json=body)
    assert r.status_code == status
    assert r.json["error"] == {"code": code, "message": message}
    assert api.violations() == []


def test_change_role_of_yourself_is_forbidden(api):
    api.runtime.store.state.users[2].roles.append("ADMIN")
    r = api.call("PATCH", "users/2/roles", user="researcher", json={"role": "VIEWER"})
    assert r.status_code == 403
    assert r.json["error"]["message"] == "You cannot change this property of your own user."


def test_change_role_ignores_other_fields_in_jatos(api):
    r = api.call("PATCH", "users/2/roles", json={"role": "VIEWER", "comment": "demoted"})
    assert r.status_code == 200
    assert r.json["data"]["roles"] == ["VIEWER"]
    assert api.violations() == []  # the request breaks the contract, explained by M7
    assert [v.deviations for v in api.violations(unregistered_only=False)] == [("M7",)]


def test_change_role_refuses_other_fields_in_spec_fidelity(spec_api):
    r = spec_api.call("PATCH", "users/2/roles", json={"role": "VIEWER", "comment": "demoted"})
    assert r.status_code == 400
    assert r.json["error"]["code"] == "VALIDATION_ERROR"
    assert spec_api.call("GET", "users/2").json["data"]["roles"] == ["USER"]


def test_change_role_needs_a_json_content_type(api):
    r = api.call("PATCH", "users/2/roles", data='{"role": "VIEWER"}', headers={"Content-Type": "text/plain"})
    assert r.status_code == 400
    assert r.json["error"]["message"] == "Missing role field"
    assert api.call("GET", "users/2").json["data"]["roles"] == ["USER"]


@pytest.mark.parametrize("username, status", [("a²", 400), ("b٣", 201), ("Ⅻvi", 201), ("ab\u0301", 400)])
def test_usernames_follow_javas_alphabetic_and_digit_classes(api, username, status):
    """\\p{IsDigit} is decimal digits only (not ², but Arabic-Indic ٣); \\p{IsAlphabetic} has Roman numerals."""
    r = api.call("POST", "users", json={"username": username, "name": "N", "password": "abcdefgh1A!x",
                                        "authMethod": "DB"})
    assert r.status_code == status, r.get_data()


def test_name_length_counts_utf16_units_in_jatos_m15(api, spec_api):
    body = {"username": "emoji", "name": "\N{GRINNING FACE}" * 200, "password": "abcdefgh1A!x", "authMethod": "DB"}
    r = api.call("POST", "users", json=body)
    assert r.status_code == 400 and r.json["error"]["message"] == "Error in field 'name' - Name too long"
    assert api.violations() == []
    assert spec_api.call("POST", "users", json=body).status_code == 201  # the contract's maxLength counts characters
    assert api.call("POST", "users", json={**body, "name": "\N{GRINNING FACE}" * 127}).status_code == 201


def test_a_body_over_the_parser_limit_is_413_on_any_operation(make_api):
    from jatos_mock.jatos.domain.config import JatosConfig

    api = make_api(seed=1, jatos=JatosConfig(max_upload_bytes=100))
    body = {"username": "long", "name": "a" * 200, "password": "abcdefgh"}
    r = api.call("POST", "users", json=body)
    assert r.status_code == 413 and r.json["error"] == {"code": "TOO_LARGE", "message": "Request entity too large"}
    assert r.headers["X-Jatos-Mock-Deviations"] == "A45"  # Play's parser limit holds for JSON bodies too
    assert api.violations() == []
    assert "long" not in {u.username for u in api.runtime.store.state.users.values()}


def test_spec_fidelity_attributes_its_413_to_a45(make_api):
    """The mock takes no body over the limit in any fidelity: spec fidelity's 413 on an operation whose contract has
    no 413 is A45's, not an unregistered violation."""
    from jatos_mock.jatos.domain.config import JatosConfig

    api = make_api(seed=1, fidelity="spec", jatos=JatosConfig(max_upload_bytes=100))
    r = api.call("POST", "users", json={"username": "long", "name": "a" * 200, "password": "abcdefgh"})
    assert r.status_code == 413 and r.headers["X-Jatos-Mock-Deviations"] == "A45"
    assert api.violations() == []
    assert [v.deviations for v in api.violations(unregistered_only=False)] == [("A45",)]


def test_bodies_parsed_in_memory_stop_at_max_memory_buffer(make_api):
    """Play's BufferingBodyParser (BodyParser.Json, AnyContent's JSON, text and form parsers) takes a body up to
    play.http.parser.maxMemoryBuffer; multipart and raw bodies (BodyParser.Raw, AnyContent's other types) go up to
    maxDiskBuffer."""
    from jatos_mock.jatos.domain.config import JatosConfig

    api = make_api(seed=1, jatos=JatosConfig(max_memory_bytes=1000))
    big = {"name": "t" * 2000}
    r = api.call("POST", "users/2/tokens", json=big)  # BodyParser.Json
    assert r.status_code == 413 and r.json["error"]["code"] == "TOO_LARGE"
    role = {"role": "VIEWER", "note": "x" * 2000}
    assert api.call("PATCH", "users/2/roles", json=role).status_code == 413  # AnyContent's JSON parser
    r = api.call("PATCH", "users/2/roles", data=json.dumps(role), headers={"Content-Type": "text/plain"})
    assert r.status_code == 413  # AnyContent's text parser
    raw = api.call("PATCH", "users/2/roles", data=json.dumps(role),
                   headers={"Content-Type": "application/octet-stream"})  # AnyContent's raw bytes: maxDiskBuffer
    assert raw.status_code != 413
    body = {"username": "big", "name": "b" * 900, "password": "abcdefgh1A!x", "authMethod": "DB", "x": "y" * 200}
    assert api.call("POST", "users", json=body).status_code != 413  # BodyParser.Raw: maxDiskBuffer
    assert api.violations() == []
