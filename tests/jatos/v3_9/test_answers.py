"""JATOS 3.9's answers (reference 3.9 §1.4, §1.5; checklist rows 1, 2 and 5): the {apiVersion, data} wrapper on six
endpoints only, raw JSON from import and create, empty 200s, and every error as plain text with JATOS's message."""

import io

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text

WRAPPED = ["admin/token", "admin/status", "studies/properties", "studies/1/properties", "studies/1/assets/structure",
           "studies/1/studyCodes?type=gm"]


@pytest.mark.parametrize("path", WRAPPED)
def test_six_endpoints_answer_in_the_wrapper(api39, path):
    r = api39.call("GET", path)
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert list(r.get_json()) == ["apiVersion", "data"]
    assert r.get_json()["apiVersion"] == "1.0.1"


def test_create_answers_raw_json_with_uuid_and_id(api39):
    study = api39.call("POST", "studies/create", json={"title": "New"})
    assert study.status_code == 200  # 200, not 201
    assert list(study.get_json()) == ["uuid", "id"]
    component = api39.call("POST", f"studies/{study.get_json()['id']}/components/create", json={"title": "C"})
    assert component.status_code == 200 and list(component.get_json()) == ["uuid", "id"]


def _empty_200(r):
    assert (r.status_code, r.get_data(), r.headers.get("Content-Type")) == (200, b"", None)


def test_deletes_and_uploads_answer_an_empty_200(api39):
    upload = {"studyAssetsFile": (io.BytesIO(b"x"), "new.txt")}
    _empty_200(api39.call("POST", "studies/1/assets/", data=upload))
    _empty_200(api39.call("DELETE", "studies/1/assets/new.txt"))
    _empty_200(api39.call("PUT", "results/delete?studyId=1"))
    _empty_200(api39.call("DELETE", "studies/1/components/1"))
    _empty_200(api39.call("DELETE", "studies/1"))
    assert api39.call("GET", "studies/1/properties").status_code == 404


@pytest.mark.parametrize("method, path, status, message", [
    ("GET", "studies/999/properties", 404, "Couldn't find study with ID 999"),
    ("GET", "studies/not-a-uuid/properties", 404, "Couldn't find study with UUID not-a-uuid"),
    ("GET", "studies/2/properties", 403, "No access to study with ID 2"),  # admin is no member of study 2
    ("GET", "studies/b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d/properties", 403, "No access to study with ID 2"),
    ("GET", "studies/1/components/999", 404, "Requested page /jatos/api/v1/studies/1/components/999 couldn't be "
                                              "found."),
    ("DELETE", "studies/1/components/999", 404, "Couldn't find component with ID 999"),
    ("GET", "users", 404, "Requested page /jatos/api/v1/users couldn't be found."),
    ("GET", "studies/1/properties?withBatchProperties=yes", 400, "bad request"),
    ("GET", "studies/1/studyCodes", 400, "bad request"),  # type is required
    ("GET", "studies/1/studyCodes?type=nope", 400, "Unknown worker type"),
    ("GET", "studies/1/studyCodes?type=gs&batchId=x", 400, "bad request"),
])
def test_errors_are_plain_text_with_jatos_messages(api39, method, path, status, message):
    assert text(api39.call(method, path)) == (status, PLAIN, message)


def test_a_locked_study_refuses_changes_naming_its_id(api39):
    r = api39.call("DELETE", "studies/3", user="researcher")
    assert text(r) == (403, PLAIN, "Study with ID 3 is locked. Unlock it if you want to make changes.")


def test_malformed_json_is_plays_bad_request(api39):
    r = api39.call("POST", "studies/create", data="{", headers={"Content-Type": "application/json"})
    assert text(r) == (400, PLAIN, "bad request")


def test_an_unexpected_exception_is_the_generic_text_or_page(api39):
    path = "studies/1/studyCodes?type=gs&batchId=999"  # an unknown batch: an NPE in 3.9
    expected = "Internal JATOS error during /jatos/api/v1/" + path + ". Check logs to get more information."
    assert text(api39.call("GET", path)) == (500, PLAIN, expected)
    page = api39.call("GET", path, headers={"Accept": "text/html"})
    assert page.status_code == 500 and page.mimetype == "text/html" and expected in page.get_data(as_text=True)
