"""The default fixtures carry results in every study state and worker type, with data and files."""

import io
import zipfile

from jatos_mock.jatos.models import STUDY_STATES, WORKER_TYPES

RT = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"


def test_fixture_results_cover_states_and_worker_types(api):
    with api.runtime.store.read() as state:
        studies = {s.uuid: s for s in state.studies.values()}
        if RT not in studies:
            import pytest
            pytest.skip("fixture studies not loaded")
        results = list(state.study_results.values())
        assert {sr.state for sr in results} == set(STUDY_STATES)
        assert {state.workers[sr.worker_id].worker_type for sr in results} == set(WORKER_TYPES)
        assert any(cr.files for cr in state.component_results.values())


def test_fixture_results_export_as_clients_read_them(api):
    response = api.call("POST", "results/metadata", user="researcher", json={"studyUuids": RT})
    study = response.get_json()["data"][0]
    first = study["studyResults"][0]
    assert first["comment"] == "participant 7" and first["duration"] == "00:00:26"
    files = first["componentResults"][1]["files"]
    assert sorted(f["filename"] for f in files) == ["drawing.png", "trials.csv"]
    archive = zipfile.ZipFile(io.BytesIO(api.call("POST", "results", user="researcher",
                                                  json={"studyUuids": RT}).data))
    path = first["componentResults"][1]["path"][1:]
    assert archive.read(f"{path}/files/trials.csv").startswith(b"trial,rt,correct")
    assert archive.read(f"{path}/data.txt").startswith(b'{"trials"')
    assert api.violations() == []
