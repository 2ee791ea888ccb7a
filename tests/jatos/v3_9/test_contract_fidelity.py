"""3.9's answers are checked against 3.9's own contract (jatos-api-3.9.yaml): the same traffic over every operation
passes it with no violation in `spec` fidelity, and breaks it in `jatos` fidelity only where a registered 3.9
deviation explains it (the J entries of deviations.yaml, switched per request like 3.10's)."""

import io
import zipfile

import pytest

from jatos_mock.core.contract.ledger import REQUEST, RESPONSE, UNMATCHED
from jatos_mock.jatos.deviations import load_registry

STUDY_2 = "b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d"  # Survey Pilot: researcher and coauthor, not admin
SHORT_TOKEN = {"Authorization": "Bearer jap_tooShort"}
NO_TOKEN = {"Authorization": "", "Accept": "*/*"}


def _upload(name: str = "notes.txt") -> dict:
    return {"data": {"studyAssetsFile": (io.BytesIO(b"a note"), name)}, "content_type": "multipart/form-data"}


def traffic(api) -> dict[str, int]:
    """Requests over every operation of 3.9's contract (and the routes JATOS adds), each named: name -> status."""
    answers = {}

    def call(name, method, path, user="admin", **kwargs):
        answers[name] = api.call(method, path, user=user, **kwargs)
        return answers[name]

    call("token", "GET", "admin/token")
    call("status", "GET", "admin/status")
    call("status-not-admin", "GET", "admin/status", user="researcher")
    call("log-file", "GET", "admin/logs/application.log")
    call("log-file-missing", "GET", "admin/logs/nothing.log")
    call("no-token", "GET", "admin/token", user=None, headers=NO_TOKEN)
    call("short-token", "GET", "admin/token", user=None, headers=SHORT_TOKEN)
    call("properties-all", "GET", "studies/properties?withComponentProperties=true&withBatchProperties=true")
    call("properties", "GET", "studies/1/properties")
    call("properties-flag-1", "GET", "studies/1/properties?withComponentProperties=1")
    call("properties-flag-empty", "GET", "studies/1/properties?withBatchProperties=")  # allowEmptyValue: left out
    call("log-flag-empty", "GET", "studies/1/log?download=")  # no allowEmptyValue: J10
    call("properties-unknown", "GET", "studies/999/properties")
    call("properties-no-access", "GET", f"studies/{STUDY_2}/properties")
    call("structure", "GET", "studies/1/assets/structure")
    call("structure-flat", "GET", "studies/1/assets/structure?flatten=true")
    call("asset-download", "GET", "studies/2/assets/consent.html", user="researcher")
    call("asset-missing", "GET", "studies/2/assets/nothing.html", user="researcher")
    call("upload", "POST", "studies/1/assets/notes/", **_upload())
    call("upload-dot", "POST", "studies/1/assets/.", **_upload("top.txt"))
    call("upload-root", "POST", "studies/1/assets/", **_upload("root.txt"))
    call("upload-locked", "POST", "studies/3/assets/x.txt", user="researcher", **_upload())
    call("asset-delete", "DELETE", "studies/1/assets/notes/notes.txt")
    call("asset-delete-folder", "DELETE", "studies/1/assets/notes")
    call("study-log", "GET", "studies/1/log")
    call("study-log-entries", "GET", "studies/1/log?download=false&entryLimit=2")
    call("codes-personal", "GET", "studies/1/studyCodes?type=ps&amount=2&comment=wave1")
    call("codes-general", "GET", "studies/1/studyCodes?type=gm")
    call("codes-unknown-type", "GET", "studies/1/studyCodes?type=nope")
    call("codes-no-type", "GET", "studies/1/studyCodes")
    archive = call("export", "GET", "studies/1").get_data()
    call("import", "POST", "study?keepProperties=false",
         data={"study": (io.BytesIO(archive), "study.jzip")}, content_type="multipart/form-data")
    call("import-no-file", "POST", "study")
    created = call("create-study", "POST", "studies/create", json={"title": "Fresh", "groupStudy": False})
    call("create-study-coerced", "POST", "studies/create", json={"title": 123})
    call("create-study-no-title", "POST", "studies/create", json={"comments": "x"})
    study = created.get_json()["id"] if created.status_code == 200 else 1
    component = call("create-component", "POST", f"studies/{study}/components/create",
                     json={"title": "Intro", "htmlFilePath": "intro.html", "reloadable": True})
    if component.status_code == 200:
        call("delete-component", "DELETE", f"studies/{study}/components/{component.get_json()['id']}")
    call("delete-study", "DELETE", f"studies/{study}")
    call("results", "POST", "results", json={"studyIds": 1})
    call("results-get", "GET", "results?studyId=1")
    call("metadata", "POST", "results/metadata?componentResultId=1&isApiCall=true")
    call("metadata-not-member", "POST", "results/metadata", json={"studyIds": [1, 2]})
    call("metadata-component-uuids", "POST", "results/metadata",
         json={"componentUuids": ["4f1b8d2e-6c3a-4e5f-9b7d-1a2c3e4f5a61"]}, user="researcher")
    call("data-text", "POST", "results/data?asPlainText=true&studyId=1")
    call("data-zip", "POST", "results/data", json={"componentResultIds": "1-3"})
    call("files", "POST", "results/files?componentResultId=2")
    call("single-file", "GET", "results/files/trials.csv?componentResultId=2")
    call("single-file-missing", "GET", "results/files/nothing.csv?componentResultId=2")
    call("delete-not-member", "PUT", "results/delete", json={"studyIds": [2]})
    call("delete", "PUT", "results/delete?componentResultId=1")
    return {name: r.status_code for name, r in answers.items()}


def _checked(violations) -> list:
    return [v for v in violations if v.kind in (REQUEST, RESPONSE)]


@pytest.fixture
def spec39(make_api):
    return make_api(seed=1, version="3.9", fidelity="spec")


def test_spec_fidelity_passes_the_3_9_contract_without_a_violation(spec39):
    statuses = traffic(spec39)
    assert [v.describe() for v in spec39.runtime.ledger.entries() if v.kind != UNMATCHED] == []
    # only the routes the spec lacks were routing misses
    assert [(v.method, v.path) for v in spec39.runtime.ledger.entries() if v.kind == UNMATCHED] == [
        ("POST", "/jatos/api/v1/studies/1/assets/"), ("GET", "/jatos/api/v1/results")]
    assert statuses["upload-root"] == statuses["results-get"] == 404
    assert sum(1 for s in statuses.values() if s < 300) >= 30  # most of the traffic succeeds


def test_spec_fidelity_answers_as_the_document_says(spec39):
    statuses = traffic(spec39)
    assert statuses["no-token"] == statuses["short-token"] == 401  # J4, J6
    assert statuses["upload-dot"] == 200  # J3: `.` is the top
    assert statuses["properties-flag-1"] == statuses["log-flag-empty"] == 400  # M17, J10
    assert statuses["properties-flag-empty"] == 200  # the document allows the empty value: the flag left out
    assert statuses["create-study-coerced"] == 400  # J11
    assert statuses["metadata-not-member"] == statuses["delete-not-member"] == 200  # J13: left out
    state = spec39.runtime.store.state
    assert "top.txt" in state.studies[1].assets and "root.txt" not in state.studies[1].assets


def test_spec_fidelity_labels_answers_with_the_documented_media_types(spec39):
    structure = spec39.call("GET", "studies/1/assets/structure")
    assert structure.mimetype == "application/octet-stream" and structure.get_json(force=True)["data"]["path"] == ""
    assert spec39.call("GET", "studies/2/assets/consent.html", user="researcher").mimetype == (
        "application/octet-stream")


def test_spec_fidelity_sends_the_study_log_as_the_zip_the_document_names(spec39, api39):
    """J8: JATOS sends the log file itself; in spec fidelity the same bytes are the one file of a ZIP."""
    for query, name in (("", ".log"), ("?download=false", ".json")):
        real = api39.call("GET", f"studies/1/log{query}")
        answer = spec39.call("GET", f"studies/1/log{query}")
        assert answer.status_code == real.status_code == 200 and answer.mimetype == "application/zip"
        with zipfile.ZipFile(io.BytesIO(answer.get_data())) as archive:
            [entry] = archive.namelist()
            assert entry.endswith(name) and archive.read(entry) == real.get_data()


def test_spec_fidelity_answers_the_document_where_3_9_crashes_or_refuses(spec39, api39):
    """J17: no body for a new study; J20: an unknown componentResultId; J21: an unknown selector key; J22: study
    codes for an unknown batch."""
    cases = [("POST", "studies/create", {}), ("GET", "results/files/a.txt?componentResultId=999999", {}),
             ("POST", "results/metadata", {"json": {"studyIds": 1, "note": "mine"}}),
             ("GET", "studies/1/studyCodes?type=gs&batchId=999", {})]
    real = [api39.call(method, path, **kw) for method, path, kw in cases]
    spec = [spec39.call(method, path, **kw) for method, path, kw in cases]
    assert [r.status_code for r in real] == [500, 500, 400, 500]
    assert real[2].get_data(as_text=True) == "Unknown field note"
    assert [r.status_code for r in spec] == [400, 404, 200, 404]
    assert spec[1].get_data(as_text=True) == "File does not exist"
    assert spec[3].get_data(as_text=True) == "Couldn't find batch with ID 999"
    assert "J22" in real[3].headers.get("X-Jatos-Mock-Deviations", "")
    assert "J17" in real[0].headers.get("X-Jatos-Mock-Deviations", "")
    assert "J20" in real[1].headers.get("X-Jatos-Mock-Deviations", "")
    assert "J21" in real[2].headers.get("X-Jatos-Mock-Deviations", "")


def test_jatos_fidelity_breaks_the_contract_only_where_a_3_9_deviation_explains_it(api39):
    traffic(api39)
    violations = _checked(api39.runtime.ledger.entries())
    registry = load_registry()
    assert [v.describe() for v in violations if not v.registered] == []
    explaining = {d for v in violations for d in v.deviations}
    assert all(any(version.startswith("3.9") for version in registry[d].versions) for d in explaining), explaining
    # the traffic meets the switched 3.9 deviations whose answers the contract does not describe
    assert {"J1", "J2", "J4", "J7", "J8", "J9", "J10", "J11", "M17"} <= explaining


def test_jatos_fidelity_answers_as_jatos_3_9_8(api39):
    statuses = traffic(api39)
    assert statuses["no-token"] == 303 and statuses["short-token"] == 500  # J4, J6
    assert statuses["upload-dot"] == 400 and statuses["upload-root"] == 200  # J3, J2
    assert statuses["properties-flag-1"] == statuses["properties-flag-empty"] == statuses["log-flag-empty"] == 200
    assert statuses["create-study-coerced"] == 200  # J11
    assert statuses["metadata-not-member"] == statuses["delete-not-member"] == 403  # J13
    assert statuses["metadata-component-uuids"] == 500 and statuses["results-get"] == 200  # J14, J1


def test_a_request_may_ask_for_the_other_fidelity(api39):
    asked = api39.call("GET", "admin/token", user=None, headers={**NO_TOKEN, "X-Jatos-Mock-Fidelity": "spec"})
    assert asked.status_code == 401 and asked.headers["X-Jatos-Mock-Deviations"] == ""
    real = api39.call("GET", "admin/token", user=None, headers=NO_TOKEN)
    assert real.status_code == 303 and real.headers["X-Jatos-Mock-Deviations"] == "J4"


@pytest.mark.parametrize("version", ["3.9.7", "3.9.6"])
def test_the_older_releases_answer_within_the_same_contract(make_api, version):
    for fidelity in ("jatos", "spec"):
        api = make_api(seed=1, version=version, fidelity=fidelity)
        traffic(api)
        assert [v.describe() for v in _checked(api.runtime.ledger.entries()) if not v.registered] == []
