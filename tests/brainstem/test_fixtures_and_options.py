"""Fixture loading and its errors, the app's options (device auto-approval), read-only fields, approvals refused,
method answers, and the brainstem-mock command."""

import subprocess
import sys

import pytest
import requests

from jatos_mock.brainstem.app import create_app
from jatos_mock.brainstem.resources import default_fixtures_dir
from jatos_mock.brainstem.settings import Settings
from jatos_mock.core.state.fixtures import FixtureError

ALICE = {"Authorization": "Bearer 5f1c0a7e2b9d4c6a8e0f1b3d5c7a9e2f4b6d8a0c"}


def _fixtures(tmp_path, records: str):
    (tmp_path / "users.yaml").write_text((default_fixtures_dir() / "users.yaml").read_text())
    (tmp_path / "records.yaml").write_text(records)
    return tmp_path


def test_a_broken_fixture_names_the_file_and_the_record(tmp_path):
    with pytest.raises(FixtureError, match=r"records.yaml: subject rat: .*strain"):
        create_app(Settings(fixtures_dir=_fixtures(tmp_path, "subject:\n  - {ref: rat, name: R, sex: M}\n")))
    with pytest.raises(FixtureError, match="no record with ref 'nope'"):
        create_app(Settings(fixtures_dir=_fixtures(tmp_path, "strain:\n  - {ref: s, name: S, species: '@nope'}\n")))
    with pytest.raises(FixtureError, match="unknown model 'sessions'"):
        create_app(Settings(fixtures_dir=_fixtures(tmp_path, "sessions: []\n")))


def test_fixture_ids_are_stable_and_seeded_runs_are_identical():
    one, two = create_app(Settings(seed=5)).test_client(), create_app(Settings(seed=5)).test_client()
    body = {"name": "Same", "projects": []}
    assert one.get("/api/private/stem/session/", headers=ALICE).data == \
        two.get("/api/private/stem/session/", headers=ALICE).data
    assert one.post("/api/private/stem/project/", json=body, headers=ALICE).json == \
        two.post("/api/private/stem/project/", json=body, headers=ALICE).json


def test_device_logins_auto_approved_for_a_user():
    client = create_app(Settings(seed=1, device_auto_approve="bob")).test_client()
    start = client.post("/api/auth/device/", json={}).json
    token = client.post("/api/auth/device/token/", json={"device_code": start["device_code"]}).json["token"]
    seen = client.get("/api/private/stem/project/", headers={"Authorization": f"Bearer {token}"})
    assert [p["name"] for p in seen.json["projects"]] == ["Hippocampal replay"]  # bob's projects


def test_denied_through_the_control_api(brainstem):
    start = requests.post(brainstem.url + "/api/auth/device/", json={}, timeout=10).json()
    r = requests.post(f"{brainstem.url}/__mock__/device-logins/{start['device_code']}/deny",
                      headers={"X-Jatos-Mock-Control": "1"}, timeout=10)
    assert r.json() == {"device_code": start["device_code"], "status": "denied"}
    poll = requests.post(brainstem.url + "/api/auth/device/token/", json={"device_code": start["device_code"]},
                         timeout=10)
    assert (poll.status_code, poll.json()) == (200, {"error": "access_denied"})
    minted = requests.post(brainstem.url + "/__mock__/tokens", json={"username": "dave"}, timeout=10).json()
    assert requests.get(brainstem.url + "/api/private/stem/project/", timeout=10,
                        headers={"Authorization": f"Bearer {minted['token']}"}).status_code == 200


def test_read_only_fields_are_ignored_and_the_creator_owns_the_project(brainstem):
    r = requests.post(brainstem.url + "/api/private/stem/project/", headers=brainstem.headers("bob"), timeout=10,
                      json={"name": "Bob's", "sessions": ["x"], "links": {"a": "b"},
                            "users": {"alice@brainstem.example": {"is_owner": True}}})
    project = r.json()["project"]
    assert r.status_code == 201 and project["sessions"] == [] and "links" in project and project["links"] == {}
    assert project["users"] == {"bob@brainstem.example": {"can_change": True, "is_manager": True, "is_owner": True}}
    r = requests.post(brainstem.url + "/api/private/stem/project/", headers=brainstem.headers("bob"), timeout=10,
                      json={"name": None})
    assert r.json() == {"name": ["This field may not be null."]}


def test_rejected_approval_changes_nothing(brainstem):
    pending = requests.get(brainstem.url + "/api/private/taxonomies/speciesapproval/", timeout=10,
                           headers=brainstem.headers("rita")).json()["species_approvals"]
    assert [(a["name"], a["status"]) for a in pending] == [("Taeniopygia guttata", "Pending")]
    url = f"{brainstem.url}/api/private/taxonomies/speciesapproval/{pending[0]['id']}/reject/"
    assert requests.patch(url, headers=brainstem.headers("rita"), timeout=10).json()["species_approval"][
        "status"] == "Rejected"
    assert requests.patch(url.replace("reject", "accept"), headers=brainstem.headers("rita"), timeout=10
                          ).status_code == 400  # no longer pending
    species = requests.get(brainstem.url + "/api/private/taxonomies/species/", headers=brainstem.headers(),
                           timeout=10).json()["species"]
    assert "Taeniopygia guttata" not in [s["name"] for s in species]


@pytest.mark.brainstem(strict=False)  # a method the path is not routed for is no operation of the contract
def test_unrouted_method_is_drf_405(brainstem):
    r = requests.post(brainstem.url + "/api/private/users/user/1/", json={}, headers=brainstem.headers(), timeout=10)
    assert (r.status_code, r.json()) == (405, {"detail": 'Method "POST" not allowed.'})
    assert "PATCH" in r.headers["Allow"]
    r = requests.delete(brainstem.url + "/api/private/users/user/1/", headers=brainstem.headers(), timeout=10)
    assert r.status_code == 403  # deleting users is the admins' job


def test_brainstem_mock_command():
    out = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['brainstem-mock', '--help'];"
                          "from jatos_mock.brainstem.cli import main; main()"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and "brainstem-mock" in out.stdout and "--fidelity" in out.stdout
