"""JATOS 3.9's result endpoints (reference 3.9 §2.19-§2.28, §3.3; checklist rows 9 and 10): query and body selectors
merged, the `componentUuids` bug, a 500 for a non-numeric query id, access checked inside the stream for zips and up
front for metadata and plain text, `.zip` names, PUT-only delete with an empty 200."""

import io
import json
import re
import zipfile

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text

STUDY_1 = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"
SURVEY_COMPONENT = "4f1b8d2e-6c3a-4e5f-9b7d-1a2c3e4f5a61"


def _metadata_ids(r) -> list[int]:
    assert r.status_code == 200, r.get_data()
    document = r.get_json()
    return sorted(cr["id"] for s in document["data"] for sr in s["studyResults"] for cr in sr["componentResults"])


def test_query_and_body_selectors_are_merged(api39):
    r = api39.call("POST", "results/metadata?componentResultId=1", json={"componentResultIds": [3, 1]})
    assert _metadata_ids(r) == [1, 3]
    assert r.get_json()["apiVersion"] == "1.0.1"
    assert r.headers["Content-Disposition"].startswith("attachment; filename=\"jatos_results_metadata_")


def test_metadata_without_api_version_when_not_an_api_call(api39):
    assert "apiVersion" not in api39.call("GET", "results/metadata?componentResultId=1&isApiCall=false").get_json()


def test_component_uuids_read_the_study_uuids_node(api39):
    # 3.9's CRIE takes the value of studyUuids for componentUuids (a bug): with both, the study's results come back
    body = {"componentUuids": [SURVEY_COMPONENT], "studyUuids": [STUDY_1]}
    ids = _metadata_ids(api39.call("POST", "results/metadata", json=body))
    state = api39.runtime.store.state
    assert ids == sorted(cr.id for cr in state.component_results.values()
                         if state.study_results[cr.study_result_id].study_id == 1)
    alone = api39.call("POST", "results/metadata", json={"componentUuids": [SURVEY_COMPONENT]})
    assert alone.status_code == 500  # the studyUuids node is missing: NPE


@pytest.mark.parametrize("body, message", [({"studyIdz": 1}, "Unknown field studyIdz"),
                                           ({"studyIds": 1.5}, "Malformed JSON")])
def test_body_selector_errors(api39, body, message):
    assert text(api39.call("POST", "results/metadata", json=body)) == (400, PLAIN, message)


def test_a_non_numeric_query_id_is_an_unexpected_500(api39):
    r = api39.call("GET", "results/metadata?studyId=one")
    assert r.status_code == 500 and r.get_data(as_text=True).startswith("Internal JATOS error during")


def test_json_with_another_content_type_is_ignored(api39):
    r = api39.call("POST", "results/metadata?componentResultId=1", data=json.dumps({"componentResultIds": [3]}),
                   headers={"Content-Type": "text/plain"})
    assert _metadata_ids(r) == [1]


def test_metadata_and_plain_text_refuse_a_foreign_study_up_front(api39):
    assert text(api39.call("GET", "results/metadata?studyId=2")) == (403, PLAIN, "No access to study with ID 2")
    assert text(api39.call("GET", "results/data?studyId=2&asPlainText=true")) == (
        403, PLAIN, "No access to study with ID 2")


def test_plain_text_data_is_an_octet_stream_attachment(api39):
    r = api39.call("GET", "results/data?componentResultId=1&asPlainText=true")
    assert r.status_code == 200 and r.mimetype == "application/octet-stream"
    assert re.fullmatch(r'attachment; filename="jatos_results_data_\d{14}\.txt"', r.headers["Content-Disposition"])


def test_zips_are_200_and_stop_at_a_foreign_study(api39):
    r = api39.call("GET", "results?componentResultId=1&componentResultId=10")  # study 1, then study 2 (foreign)
    assert r.status_code == 200
    assert re.fullmatch(r'attachment; filename="jatos_results_\d{14}\.zip"', r.headers["Content-Disposition"])
    names = zipfile.ZipFile(io.BytesIO(r.get_data())).namelist()
    assert any(n.startswith("study_result_1/comp-result_1/") for n in names)
    assert not any("comp-result_10" in n for n in names) and "metadata.json" not in names  # the stream stopped


def test_a_complete_zip_ends_with_its_metadata(api39):
    r = api39.call("POST", "results", json={"componentResultIds": "1-2"})
    archive = zipfile.ZipFile(io.BytesIO(r.get_data()))
    assert archive.namelist()[-1] == "metadata.json"
    assert json.loads(archive.read("metadata.json"))["apiVersion"] == "1.0.1"
    files = api39.call("GET", "results/files?componentResultId=2")
    assert "study_result_1/comp-result_2/files/trials.csv" in zipfile.ZipFile(io.BytesIO(files.get_data())).namelist()


def test_a_single_result_file(api39):
    ok = api39.call("GET", "results/files/trials.csv?componentResultId=2")
    assert ok.status_code == 200 and ok.headers["Content-Disposition"].startswith("inline")
    assert text(api39.call("GET", "results/files/none.csv?componentResultId=2")) == (
        404, PLAIN, "File does not exist")
    assert text(api39.call("GET", "results/files/trials.csv")) == (400, PLAIN, "bad request")
    assert api39.call("GET", "results/files/trials.csv?componentResultId=999").status_code == 500
    assert text(api39.call("GET", "results/files/x.csv?componentResultId=10")) == (
        403, PLAIN, "Admin (admin) isn't user of study with ID 2.")


def test_delete_checks_everything_first(api39):
    before = set(api39.runtime.store.state.component_results)
    r = api39.call("PUT", "results/delete", json={"componentResultIds": [1, 10]})
    assert text(r) == (403, PLAIN, "Admin (admin) isn't user of study with ID 2.")
    assert set(api39.runtime.store.state.component_results) == before  # nothing removed
    assert api39.call("PUT", "results/delete?componentResultId=1").status_code == 200
    assert 1 not in api39.runtime.store.state.component_results
