"""Tokens (reference §3), portals and project roles (§7), invitations, logs, the control API and spec fidelity."""

import pytest
import requests

from jatos_mock.brainstem.domain.tokens import HOUR_MS, PAT_LIFETIME_MS


def post(brainstem, path, body, headers=None):
    return requests.post(brainstem.url + path, json=body, headers=headers or {}, timeout=10)


def advance(brainstem, ms):
    r = requests.post(brainstem.url + "/__mock__/clock", json={"advance": ms}, timeout=10)
    assert r.status_code == 200


def projects(brainstem, token, portal="private"):
    return requests.get(f"{brainstem.url}/api/{portal}/stem/project/",
                        headers={"Authorization": f"Bearer {token}"} if token else {}, timeout=10)


def test_private_portal_needs_a_token_public_does_not(brainstem):
    r = requests.get(brainstem.url + "/api/private/stem/project/", timeout=10)
    assert (r.status_code, r.json()) == (401, {"detail": "Authentication credentials were not provided."})
    assert [p["name"] for p in projects(brainstem, None, "public").json()["projects"]] == ["Open ripple dataset"]
    assert projects(brainstem, "wrong", "public").status_code == 401  # DRF authenticates before AllowAny


def test_jwt_pair_refresh_rotation_and_expiry(brainstem):
    creds = brainstem.credentials("bob")
    pair = post(brainstem, "/api/auth/token/", {"email": creds["email"], "password": creds["password"]}).json()
    assert pair["token_type"] == "bearer" and pair["expires_in"] == 3600
    assert projects(brainstem, pair["access"]).status_code == 200
    rotated = post(brainstem, "/api/auth/token/refresh/", {"refresh": pair["refresh"]})
    assert rotated.status_code == 200
    again = post(brainstem, "/api/auth/token/refresh/", {"refresh": pair["refresh"]})
    assert again.status_code == 401  # the old refresh token stopped working
    advance(brainstem, HOUR_MS + 1000)
    assert projects(brainstem, rotated.json()["access"]).status_code == 401
    assert post(brainstem, "/api/auth/token/refresh/", {"refresh": rotated.json()["refresh"]}).status_code == 200
    wrong = post(brainstem, "/api/auth/token/", {"email": creds["email"], "password": "nope"})
    assert wrong.status_code == 401
    assert post(brainstem, "/api/auth/token/", {"email": creds["email"]}).json() == {
        "password": ["This field is required."]}


def test_legacy_token_answers_access_and_token(brainstem):
    creds = brainstem.credentials("carol")
    body = post(brainstem, "/api/token/", {"username": creds["email"], "password": creds["password"]}).json()
    assert body["access"] == body["token"] and body["message"] == "Token created successfully"
    assert projects(brainstem, body["access"]).status_code == 200
    bad = post(brainstem, "/api/token/", {"username": creds["email"], "password": "x"})
    assert bad.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


def test_personal_access_token_slides_a_year_from_each_use(brainstem):
    token = brainstem.token("alice")
    advance(brainstem, PAT_LIFETIME_MS - 1000)
    assert projects(brainstem, token).status_code == 200  # used: valid another year from now
    advance(brainstem, PAT_LIFETIME_MS - 1000)
    assert projects(brainstem, token).status_code == 200
    advance(brainstem, PAT_LIFETIME_MS + 1000)
    assert projects(brainstem, token).status_code == 401


def test_device_login_polls_are_always_200(brainstem):
    start = post(brainstem, "/api/auth/device/", {"client_name": "script"}).json()
    assert set(start) >= {"device_code", "user_code", "verification_uri", "verification_uri_complete",
                          "expires_in", "interval"}
    poll = {"device_code": start["device_code"]}
    assert post(brainstem, "/api/auth/device/token/", poll).json() == {"status": "authorization_pending"}
    r = post(brainstem, f"/__mock__/device-logins/{start['user_code']}/approve", {"username": "dave"})
    assert r.status_code == 200
    success = post(brainstem, "/api/auth/device/token/", poll)
    assert success.status_code == 200 and success.json()["status"] == "success"
    assert projects(brainstem, success.json()["token"]).status_code == 200
    assert post(brainstem, "/api/auth/device/token/", poll).json() == {"error": "already_used"}
    late = post(brainstem, "/api/auth/device/", {}).json()
    advance(brainstem, 15 * 60_000 + 1)
    expired = post(brainstem, "/api/auth/device/token/", {"device_code": late["device_code"]})
    assert (expired.status_code, expired.json()) == (200, {"error": "expired_token"})


def test_control_tokens_list_credentials(brainstem):
    users = requests.get(brainstem.url + "/__mock__/tokens", timeout=10).json()
    alice = next(u for u in users if u["username"] == "alice")
    assert set(alice) == {"username", "roles", "token", "email", "password"}
    assert alice["email"] == "alice@brainstem.example"


def test_roles_decide_reads_and_writes(brainstem):
    url = brainstem.url + "/api/private/stem/project/"
    replay = requests.get(url, headers=brainstem.headers("alice"), timeout=10).json()["projects"][0]
    item = f"{url}{replay['id']}/"
    assert requests.get(item, headers=brainstem.headers("dave"), timeout=10).status_code == 404  # not visible
    assert requests.get(item, headers=brainstem.headers("carol"), timeout=10).status_code == 200  # via her group
    assert requests.patch(item, json={"description": "x"}, headers=brainstem.headers("carol"),
                          timeout=10).status_code == 403  # a member reads only
    assert requests.patch(item, json={"description": "x"}, headers=brainstem.headers("bob"),
                          timeout=10).status_code == 403  # a contributor does not edit the project itself
    subject = {"name": "Rat03", "projects": [replay["id"]], "sex": "F",
               "strain": requests.get(brainstem.url + "/api/private/taxonomies/strain/",
                                      headers=brainstem.headers(), timeout=10).json()["strains"][0]["id"]}
    subjects = brainstem.url + "/api/private/stem/subject/"
    assert requests.post(subjects, json=subject, headers=brainstem.headers("carol"), timeout=10).status_code == 403
    assert requests.post(subjects, json=subject, headers=brainstem.headers("bob"), timeout=10).status_code == 201


def test_invitation_accepted_by_invitee(brainstem):
    url = brainstem.url + "/api/private/stem/projectmembershipinvitation/"
    invitations = requests.get(url, headers=brainstem.headers("dave"), timeout=10).json()[
        "project_membership_invitations"]
    assert [i["status"] for i in invitations] == ["Pending"]
    r = requests.get(f"{url}{invitations[0]['id']}/accept/", headers=brainstem.headers("dave"), timeout=10)
    assert r.json()["project_membership_invitation"]["status"] == "Accepted"
    names = [p["name"] for p in projects(brainstem, brainstem.token("dave")).json()["projects"]]
    assert names == ["Hippocampal replay"]


def test_patch_users_invites_new_members(brainstem):
    url = brainstem.url + "/api/private/stem/project/"
    public = requests.get(url, headers=brainstem.headers(), params={"filter{is_public}": "true"},
                          timeout=10).json()["projects"][0]
    r = requests.patch(f"{url}{public['id']}/", json={"users": {"carol@brainstem.example": {"can_change": True}}},
                       headers=brainstem.headers(), timeout=10)
    assert r.status_code == 200 and "carol@brainstem.example" not in r.json()["project"]["users"]
    pending = requests.get(brainstem.url + "/api/private/stem/projectmembershipinvitation/",
                           headers=brainstem.headers("carol"), timeout=10).json()["project_membership_invitations"]
    assert [i["project"] for i in pending] == [public["id"]]


def test_subject_log_entries_through_actions(brainstem):
    url = brainstem.url + "/api/private/modules/subjectlog/"
    log = requests.get(url, headers=brainstem.headers(), timeout=10).json()["subject_logs"][0]
    r = requests.patch(f"{url}{log['id']}/add_entry/", json={"date_time": "2025-02-20T08:00:00Z", "weight": 415},
                       headers=brainstem.headers(), timeout=10)
    assert [e["weight"] for e in r.json()["subject_log"]["entries"]] == [412, 415]
    r = requests.patch(f"{url}{log['id']}/add_entry/", json={"weight": 1}, headers=brainstem.headers(), timeout=10)
    assert (r.status_code, r.json()) == (400, {"entries": {"date_time": ["This field is required."]}})


@pytest.mark.brainstem(fidelity="spec")
def test_spec_fidelity_follows_the_docs(brainstem):
    body = projects(brainstem, brainstem.token()).json()
    assert list(body) == ["projects", "meta"]  # no top-level count (BS1 off)
    log = requests.get(brainstem.url + "/api/private/modules/subjectlog/", headers=brainstem.headers(),
                       timeout=10).json()["subject_logs"][0]
    r = requests.patch(f"{brainstem.url}/api/private/modules/subjectlog/{log['id']}/add_entry",
                       json={"date_time": "2025-01-01T00:00:00Z"}, headers=brainstem.headers(), timeout=10)
    assert r.status_code == 404  # BS2 off: actions need their trailing slash


def test_invitation_cancelled_by_its_inviter_not_by_the_invitee(brainstem):
    url = brainstem.url + "/api/private/stem/projectmembershipinvitation/"
    invitation = requests.get(url, headers=brainstem.headers("alice"), timeout=10).json()[
        "project_membership_invitations"][0]
    assert requests.get(f"{url}{invitation['id']}/cancel/", headers=brainstem.headers("dave"),
                        timeout=10).status_code == 403
    r = requests.get(f"{url}{invitation['id']}/cancel/", headers=brainstem.headers("alice"), timeout=10)
    assert r.json()["project_membership_invitation"]["status"] == "Cancelled"
    assert requests.get(f"{url}{invitation['id']}/accept/", headers=brainstem.headers("dave"),
                        timeout=10).status_code == 400  # no longer pending
    assert projects(brainstem, brainstem.token("dave")).json()["projects"] == []


def test_actions_are_private_portal_only(brainstem):
    group = requests.get(brainstem.url + "/api/public/users/group/", timeout=10).json()["groups"][0]
    r = requests.get(f"{brainstem.url}/api/public/users/group/{group['id']}/join/", headers=brainstem.headers(),
                     timeout=10)
    assert r.status_code == 405
