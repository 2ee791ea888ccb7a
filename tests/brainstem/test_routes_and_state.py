"""Routes as the clients send them, the remaining filter operators, PUT, inherited permissions, the state file's
round trip, faults and the docs page."""

import uuid

import pytest
import requests
from brainstem_api_tools import BrainstemClient

from jatos_mock.brainstem.app import create_app
from jatos_mock.brainstem.settings import Settings


def get(brainstem, path, user="alice", **params):
    return requests.get(brainstem.url + path, params=params, headers=brainstem.headers(user), timeout=10)


@pytest.mark.parametrize("key, value, expected", [
    ("name.contains", "day", ["Rat01_day1", "Rat01_day2"]),
    ("name.startswith", "Mouse", ["Mouse07_session1"]),
    ("name.istartswith", "mouse", ["Mouse07_session1"]),
    ("name.iendswith", "DAY2", ["Rat01_day2"]),
    ("name.regex", "^Rat01_day[2-9]$", ["Rat01_day2"]),
    ("date_time.gt", "2025-03-01T10:00:00Z", ["Rat01_day2", "Mouse07_session1"]),
    ("date_time.lt", "2025-03-02T10:00:00Z", ["Rat01_day1"]),
    ("date_time.lte", "2025-03-02T10:00:00Z", ["Rat01_day1", "Rat01_day2"]),
    ("date_time.month", "4", ["Mouse07_session1"]),
    ("date_time.year", "2025", ["Rat01_day1", "Rat01_day2", "Mouse07_session1"]),
    ("tags", "track", ["Rat01_day1"]),  # a list of strings: a record matches when it has the tag
    ("behaviors.isnull", "True", ["Rat01_day2", "Mouse07_session1"]),
    ("datastorage.name", "Lab NAS", ["Rat01_day1"]),
    ("date_time.gte", "2025-03-02T12:00:00+02:00", ["Rat01_day2", "Mouse07_session1"]),  # compared in UTC
    ("date_time", "2025-03-01 10:00:00", ["Rat01_day1"]),
    ("date_time.lt", "yesterday", None),
    ("id", "not-a-uuid", None),
])
def test_filter_operators(brainstem, key, value, expected):
    r = get(brainstem, "/api/private/stem/session/", **{f"filter{{{key}}}": value})
    if expected is None:
        assert r.status_code == 400
        return
    assert [s["name"] for s in r.json()["sessions"]] == expected


def test_range_filter_takes_two_values(brainstem):
    r = requests.get(brainstem.url + "/api/private/stem/subject/?filter{birth_date.range}=2024-01-01"
                     "&filter{birth_date.range}=2024-01-31", headers=brainstem.headers(), timeout=10)
    assert [s["name"] for s in r.json()["subjects"]] == ["Rat01"]


def test_clients_other_slugs_and_apps(brainstem):
    client = BrainstemClient(token=brainstem.token("dave"), url=brainstem.url)
    underscore = client.load("project_membership_invitation").json()  # PY2's slug
    assert [i["status"] for i in underscore["project_membership_invitations"]] == ["Pending"]
    assert get(brainstem, "/api/private/auth/group/").json()["count"] == 2  # MATLAB's app for groups
    assert get(brainstem, "/api/public/stem/projectmembershipinvitation/").status_code == 404  # private only


def test_missing_trailing_slash_on_a_data_route_redirects(brainstem):
    r = requests.get(brainstem.url + "/api/private/stem/project", headers=brainstem.headers(), timeout=10,
                     allow_redirects=False)
    assert r.status_code == 308 and r.headers["Location"].endswith("/api/private/stem/project/")


def test_put_replaces_the_whole_record(brainstem):
    cohort = get(brainstem, "/api/private/stem/cohort/").json()["cohorts"][0]
    url = f"{brainstem.url}/api/private/stem/cohort/{cohort['id']}/"
    r = requests.put(url, json={"name": "Cohort B"}, headers=brainstem.headers(), timeout=10)
    assert (r.status_code, r.json()) == (400, {"project": ["This field is required."]})
    r = requests.put(url, json={"name": "Cohort B", "project": cohort["project"]}, headers=brainstem.headers(),
                     timeout=10)
    assert r.status_code == 200 and r.json()["cohort"]["name"] == "Cohort B"


def test_modules_inherit_from_their_session(brainstem):
    behaviors = get(brainstem, "/api/private/modules/behavior/", user="carol").json()["behaviors"]
    assert len(behaviors) == 1  # carol is a member of the project through her group
    url = f"{brainstem.url}/api/private/modules/behavior/{behaviors[0]['id']}/"
    assert requests.patch(url, json={"notes": "x"}, headers=brainstem.headers("carol"), timeout=10).status_code == 403
    assert requests.patch(url, json={"notes": "x"}, headers=brainstem.headers("bob"), timeout=10).status_code == 200
    assert get(brainstem, "/api/private/modules/behavior/", user="dave").json()["behaviors"] == []
    assert get(brainstem, "/api/public/modules/behavior/", user="dave").json()["behaviors"] == []
    assert len(get(brainstem, "/api/public/modules/dataacquisition/", user="dave").json()["data_acquisitions"]) == 1


def test_deleting_a_project_removes_what_hangs_off_it(brainstem):
    replay = get(brainstem, "/api/private/stem/project/", **{"filter{name}": "Hippocampal replay"}).json()[
        "projects"][0]
    r = requests.delete(f"{brainstem.url}/api/private/stem/project/{replay['id']}/", headers=brainstem.headers(),
                        timeout=10)
    assert r.status_code == 204 and r.content == b""
    assert get(brainstem, "/api/private/stem/collection/").json()["collections"] == []  # project was required
    rat01 = get(brainstem, "/api/private/stem/subject/", **{"filter{name}": "Rat01"}).json()["subjects"]
    assert rat01 == []  # a subject in no visible project is no longer alice's to see


def test_state_round_trip(tmp_path):
    state_file = tmp_path / "brainstem.json"
    app = create_app(Settings(seed=3, state_file=state_file))
    client = app.test_client()
    headers = {"Authorization": "Bearer 5f1c0a7e2b9d4c6a8e0f1b3d5c7a9e2f4b6d8a0c"}
    created = client.post("/api/private/users/group/", json={"name": "New group"}, headers=headers)
    assert created.status_code == 201 and created.json["group"]["id"] == 3
    assert client.post("/__mock__/state/save", headers={"X-Jatos-Mock-Control": "1"}).status_code == 200
    again = create_app(Settings(seed=3, state_file=state_file)).test_client()
    group = again.get("/api/private/users/group/3/", headers=headers)
    assert group.status_code == 200 and group.json["group"]["users"] == {
        "alice@brainstem.example": {"is_manager": True, "is_owner": True}}


@pytest.mark.brainstem(faults=["error:503@listProject"])
def test_injected_fault_is_a_drf_error(brainstem):
    r = get(brainstem, "/api/private/stem/project/")
    assert r.status_code == 503 and "detail" in r.json()


def test_contract_and_docs_page(brainstem):
    assert requests.get(brainstem.url + "/openapi.yaml", timeout=10).text.startswith("openapi: 3.0.3")
    assert requests.get(brainstem.url + "/docs", timeout=10).status_code == 200


def test_own_profile_patch_normalises_the_website(brainstem):
    r = requests.patch(brainstem.url + "/api/private/users/user/1/", json={"website": "www.someweb.com"},
                       headers=brainstem.headers("alice"), timeout=10)
    assert r.json()["user"]["website"] == "http://www.someweb.com"  # as the docs' PATCH example shows
    other = requests.patch(brainstem.url + "/api/private/users/user/2/", json={"first_name": "X"},
                           headers=brainstem.headers("alice"), timeout=10)
    assert other.status_code == 403


def test_group_invitation_accepted_makes_a_member(brainstem):
    group = get(brainstem, "/api/private/users/group/", **{"filter{name}": "Hippocampus Lab"}).json()["groups"][0]
    r = requests.patch(f"{brainstem.url}/api/private/users/group/{group['id']}/", headers=brainstem.headers(),
                       json={"users": {"dave@brainstem.example": {"is_manager": False}}}, timeout=10)
    assert "dave@brainstem.example" not in r.json()["group"]["users"]  # invited, not yet a member
    invitation = get(brainstem, "/api/private/users/groupmembershipinvitation/", user="dave").json()[
        "group_membership_invitations"][0]
    accepted = get(brainstem, f"/api/private/users/groupmembershipinvitation/{invitation['id']}/accept/", user="dave")
    assert accepted.json()["group_membership_invitation"]["status"] == "Accepted"
    assert [p["name"] for p in get(brainstem, "/api/private/stem/project/", user="dave").json()["projects"]] == [
        "Hippocampal replay"]  # the group's role on the project now reaches dave


def test_date_times_are_stored_in_utc(brainstem):
    project = get(brainstem, "/api/private/stem/project/").json()["projects"][0]
    r = requests.post(brainstem.url + "/api/private/stem/session/", headers=brainstem.headers(), timeout=10,
                      json={"name": "tz", "projects": [project["id"]], "date_time": "2025-06-01T10:00:00+02:00"})
    assert r.json()["session"]["date_time"] == "2025-06-01T08:00:00Z"
    r = get(brainstem, "/api/private/stem/subject/", **{"filter{birth_date}": "15.01.2024"})
    assert r.status_code == 400 and "invalid date format" in r.json()[0]


def test_every_model_is_served_under_its_app_on_both_portals(brainstem):
    """§12.1: every app and model of reference §2.1 (approvals and invitations on the private portal only)."""
    from jatos_mock.brainstem import catalog

    for m in catalog.MODELS:
        private = get(brainstem, f"/api/private/{m.app}/{m.slug}/")
        assert private.status_code == 200 and list(private.json())[0] == m.plural, m.slug
        public = requests.get(f"{brainstem.url}/api/public/{m.app}/{m.slug}/", timeout=10)
        private_only = m.access in (catalog.APPROVAL, catalog.INVITATION)
        assert public.status_code == (404 if private_only else 200), m.slug


def test_relations_are_ids_and_links_name_the_non_empty_to_many_relations(brainstem):
    """§12.7: UUID strings (integers for users and groups), `links` for non-empty to-many relations only."""
    project = get(brainstem, "/api/private/stem/project/", **{"filter{name}": "Hippocampal replay"}).json()[
        "projects"][0]
    assert project["sessions"] and all(str(uuid.UUID(s)) == s for s in project["sessions"])
    to_many = ("sessions", "subjects", "publications", "collections", "cohorts")
    assert project["links"] == {name: f"{name}/" for name in to_many if project[name]}
    lab = get(brainstem, "/api/private/users/laboratory/").json()["laboratories"][0]
    assert isinstance(lab["group"], int) and all(isinstance(pi, int) for pi in lab["pis"])
    assert all(isinstance(u["id"], int) for u in get(brainstem, "/api/private/users/user/").json()["users"])


def test_a_taxonomy_change_answers_its_approval_and_changes_nothing_yet(brainstem):
    """§12.9: PATCH on a taxonomy answers `<x>_approval` (action Change) and leaves the record as it was."""
    rat = get(brainstem, "/api/private/taxonomies/species/", **{"filter{name}": "Rattus norvegicus"}).json()[
        "species"][0]
    r = requests.patch(f"{brainstem.url}/api/private/taxonomies/species/{rat['id']}/", timeout=10,
                       json={"description": "Norway rat"}, headers=brainstem.headers("bob"))
    approval = r.json()["species_approval"]
    assert (r.status_code, approval["action"], approval["status"], approval["instance_id"]) == (
        200, "Change", "Pending", rat["id"])
    assert get(brainstem, f"/api/private/taxonomies/species/{rat['id']}/").json()["species"]["description"] == \
        "Brown rat"
