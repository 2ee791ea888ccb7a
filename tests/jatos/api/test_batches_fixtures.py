"""The default fixtures' batches, groups, sessions and study codes, and the batches.yaml loader's errors."""

import shutil

import pytest

from jatos_mock.core.state.fixtures import FixtureError
from jatos_mock.jatos.domain.fixtures import load_fixtures
from jatos_mock.jatos.store import Store
from tests.conftest import REPO

RT = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"


def test_fixture_batches_sessions_groups_and_codes_are_served(api):
    batches = api.call("GET", f"studies/{RT}/batches", user="researcher").json["data"]
    default, wave = batches[0], batches[1]
    assert wave["title"] == "Group Wave" and wave["batchInput"] == {"pairing": "random"}
    assert sorted(wave["allowedWorkerTypes"]) == ["GeneralMultiple", "PersonalMultiple"]
    session = api.call("GET", f"batches/{default['id']}/session", user="researcher").json["data"]
    assert session == {"version": 3, "sessionData": {"trialsDone": 12, "condition": "A"}}
    groups = api.call("GET", f"batches/{wave['id']}/groups", user="researcher").json["data"]
    assert [g["groupState"] for g in groups] == ["STARTED", "FIXED", "FINISHED"]
    group = api.call("GET", f"groups/{groups[0]['id']}/session", user="researcher").json["data"]
    assert group == {"version": 4, "sessionData": {"round": 2, "scores": [3, 5]}}
    info = api.call("GET", "studyCodes/RtPs0000001", user="researcher").json["data"]
    assert (info["type"], info["comment"], info["batchId"]) == ("PersonalSingle", "participant 7", default["id"])
    assert api.call("GET", "studyCodes/RtPs0000002", user="researcher").json["data"]["active"] is False
    assert api.call("GET", "studyCodes/RtGs0000001", user="researcher").status_code == 500  # B13
    codes = api.call("POST", f"studies/{RT}/studyCodes?type=gs", user="researcher").json["data"]
    assert codes == ["RtGs0000001"]
    assert api.violations() == []


def test_a_batch_of_an_unknown_study_fails_naming_the_file(tmp_path):
    shutil.copy(REPO / "fixtures" / "users.yaml", tmp_path / "users.yaml")
    (tmp_path / "batches.yaml").write_text("batches:\n  - study: 00000000-0000-4000-8000-000000000000\n"
                                           "    title: Orphan\n")
    with pytest.raises(FixtureError) as info:
        load_fixtures(Store(seed=1), tmp_path)
    assert "batches.yaml" in str(info.value) and "unknown study" in str(info.value)


def test_an_invalid_batch_fails_with_the_validation_message(tmp_path):
    shutil.copytree(REPO / "fixtures", tmp_path / "f")
    (tmp_path / "f" / "results.yaml").unlink()
    (tmp_path / "f" / "batches.yaml").write_text(f"batches:\n  - study: {RT}\n    title: ''\n")
    with pytest.raises(FixtureError, match="batches.yaml: batches\\[0\\]: Error in field 'title' - Missing title"):
        load_fixtures(Store(seed=1), tmp_path / "f")
