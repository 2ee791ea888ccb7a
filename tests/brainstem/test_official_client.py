"""The official Python client (brainstem-python-api-tools 2.0) drives the mock: its loaders, paging, writes,
custom actions, deletes and the headless device login (reference §8, §12)."""

import threading
import time

import pytest
from brainstem_api_tools import AuthenticationError, BrainstemClient


def test_load_with_filters_sort_and_include(client):
    r = client.load("session", filters={"name.icontains": "RAT01"}, sort=["-name"], include=["behaviors"])
    assert r.status_code == 200
    body = r.json()
    assert list(body)[0] == "sessions"
    assert [s["name"] for s in body["sessions"]] == ["Rat01_day2", "Rat01_day1"]
    day1 = body["sessions"][1]
    assert day1["behaviors"][0]["session"] == day1["id"]  # embedded in place, not sideloaded
    assert body["count"] == 2


def test_load_detail_and_limit_offset(client):
    listed = client.load("subject", sort=["name"], limit=1, offset=1).json()
    assert [s["name"] for s in listed["subjects"]] == ["Rat01"]
    assert listed["count"] == 3  # alice sees the public project's subject too (she owns it)
    one = client.load("subject", id=listed["subjects"][0]["id"]).json()
    assert one["subject"]["name"] == "Rat01" and one["subject"]["sex"] == "M"


def test_load_all_pages_through_count(client):
    project = client.load("project", filters={"name": "Hippocampal replay"}).json()["projects"][0]
    strain = client.load("strain", filters={"name": "Long Evans"}).json()["strains"][0]
    for i in range(7):
        r = client.save("subject", data={"name": f"Batch{i:02d}", "projects": [project["id"]],
                                         "strain": strain["id"], "sex": "F"})
        assert r.status_code == 201, r.text
    everything = client.load("subject", filters={"name.startswith": "Batch"}, limit=3, load_all=True)
    assert sorted(s["name"] for s in everything["subjects"]) == [f"Batch{i:02d}" for i in range(7)]
    assert everything["count"] == 7


def test_create_patch_and_delete_with_reverse_relations(client):
    project = client.load_project(name="replay").json()["projects"][0]
    created = client.save("session", data={"name": "Rat02_day1", "projects": [project["id"]],
                                           "date_time": "2025-05-01T08:00:00Z"})
    assert created.status_code == 201
    session = created.json()["session"]
    assert session["projects"] == [project["id"]]
    again = client.load_project(id=project["id"]).json()["project"]
    assert session["id"] in again["sessions"]  # the reverse relation follows the child's foreign key
    patched = client.save("session", id=session["id"], data={"description": "second animal"})
    assert patched.status_code == 200 and patched.json()["session"]["description"] == "second animal"
    assert client.delete("session", id=session["id"]).status_code == 204
    assert session["id"] not in client.load("project", id=project["id"]).json()["project"]["sessions"]
    assert client.load("session", id=session["id"]).status_code == 404


def test_convenience_loaders_embed_their_relations(client):
    projects = client.load_project(name="replay").json()["projects"]
    assert len(projects) == 1
    assert {s["name"] for s in projects[0]["sessions"]} == {"Rat01_day1", "Rat01_day2"}
    assert projects[0]["links"]["subjects"] == "subjects/"
    subject_id = next(s["id"] for s in projects[0]["subjects"] if s["name"] == "Rat01")
    subjects = client.load_subject(projects=projects[0]["id"], sex="M").json()["subjects"]
    assert [s["name"] for s in subjects] == ["Rat01"]
    assert subjects[0]["procedures"][0]["type"] == "SiliconProbeImplant"
    procedures = client.load_procedure(subject=subject_id).json()["procedures"]
    assert [p["type"] for p in procedures] == ["SiliconProbeImplant"]
    sessions = client.load_session(projects=projects[0]["id"], tags="track").json()["sessions"]
    assert [s["name"] for s in sessions] == ["Rat01_day1"]
    assert sessions[0]["dataacquisition"][0]["type"] == "ExtracellularEphys"
    assert client.load_strain(species=client.load_species().json()["species"][0]["id"]).status_code == 200
    assert [lab["name"] for lab in client.load_laboratory(name="hippocampus").json()["laboratories"]] == [
        "Hippocampus Laboratory"]


def test_public_portal_reads_public_records_only(brainstem):
    anonymous_like = BrainstemClient(token=brainstem.token("dave"), url=brainstem.url)
    public = anonymous_like.load("project", portal="public").json()["projects"]
    assert [p["name"] for p in public] == ["Open ripple dataset"]
    assert anonymous_like.load("project").json()["projects"] == []  # dave has no role on the private portal
    assert anonymous_like.save("project", portal="public", data={"name": "x"}).status_code == 405


def test_approval_custom_action_without_trailing_slash(brainstem):
    bob = BrainstemClient(token=brainstem.token("bob"), url=brainstem.url)
    proposed = bob.save("strain", data={"name": "Sprague Dawley",
                                        "species": bob.load("species").json()["species"][0]["id"]})
    assert proposed.status_code == 201
    approval = proposed.json()["strain_approval"]
    assert (approval["action"], approval["status"], approval["instance_id"]) == ("Add", "Pending", None)
    assert bob.load("strain", filters={"name": "Sprague Dawley"}).json()["strains"] == []
    assert bob.save("strainapproval", id=approval["id"], options="accept").status_code == 403  # not a reviewer
    rita = BrainstemClient(token=brainstem.token("rita"), url=brainstem.url)
    accepted = rita.save("strainapproval", id=approval["id"], options="accept")  # PATCH .../accept (no slash)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["strain_approval"]["status"] == "Accepted"
    strains = bob.load("strain", filters={"name": "Sprague Dawley"}).json()["strains"]
    assert [s["id"] for s in strains] == [accepted.json()["strain_approval"]["instance_id"]]


def test_group_join_action_with_get(brainstem):
    dave = BrainstemClient(token=brainstem.token("dave"), url=brainstem.url)
    group = dave.load("group", filters={"name": "Imaging Core"}).json()["groups"][0]
    joined = dave.load("group", id=group["id"], options="join")  # GET .../join (no slash)
    assert joined.status_code == 200, joined.text
    request_ = joined.json()["group_membership_request"]
    bob = BrainstemClient(token=brainstem.token("bob"), url=brainstem.url)
    assert bob.load("group_membership_request", id=request_["id"], options="accept").status_code == 200
    members = bob.load("group", id=group["id"]).json()["group"]["users"]
    assert "dave@brainstem.example" in members


def test_bad_token_is_authentication_error_in_load_all(brainstem):
    stranger = BrainstemClient(token="not-a-token", url=brainstem.url)
    assert stranger.load("project").status_code == 401
    with pytest.raises(AuthenticationError):
        stranger.load("project", load_all=True)


def test_headless_device_login(brainstem, token_cache, capsys):
    """The client starts the flow, prints the code, polls until someone approves it in the 'browser'."""
    def approve_when_pending():
        for _ in range(200):
            if brainstem.pending_device_logins():
                brainstem.approve_device_login("carol")
                return
            time.sleep(0.02)

    approver = threading.Thread(target=approve_when_pending)
    approver.start()
    client = BrainstemClient(headless=True, url=brainstem.url)
    approver.join()
    assert "enter:" in capsys.readouterr().out
    assert token_cache.read_text().strip() == client._token
    me = client.load("user", filters={"email": "carol@brainstem.example"}).json()["users"]
    assert me and me[0]["email"] == "carol@brainstem.example"
    assert client.load("project").json()["projects"][0]["name"] == "Hippocampal replay"  # via her group


def test_denied_device_login_fails(brainstem):
    def deny_when_pending():
        for _ in range(200):
            if brainstem.pending_device_logins():
                brainstem.deny_device_login()
                return
            time.sleep(0.02)

    denier = threading.Thread(target=deny_when_pending)
    denier.start()
    with pytest.raises(AuthenticationError, match="access_denied"):
        BrainstemClient(headless=True, url=brainstem.url)
    denier.join()


def test_log_entry_through_a_custom_action_without_slash(client):
    log = client.load_subjectlog().json()["subject_logs"][0]
    r = client.save("subjectlog", id=log["id"], data={"date_time": "2025-02-22T08:00:00Z", "weight": 420},
                    options="add_entry")  # PATCH .../add_entry, as the client appends it
    assert r.status_code == 200, r.text
    assert [e["weight"] for e in r.json()["subject_log"]["entries"]] == [412, 420]
    assert client.load_subjectlog(id=log["id"]).json()["subject_log"]["entries"][-1]["weight"] == 420
