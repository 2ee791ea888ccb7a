"""JATOS 3.9's objects and input (reference 3.9 §1.7, §2.1, §2.5, §2.9, §2.13, §3.3, §3.4; checklist rows 7 and 8):
`jsonData` strings, the token's `expires`/`isAdminToken`, the study's lazy lists and username-only members;
lenient JSON (unknown keys ignored, scalars coerced, a type mismatch a 500 with Jackson's message)."""

import re

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text

TOKEN_KEYS = ["id", "name", "creationDate", "expires", "active", "expirationDate", "isExpired", "isAdminToken"]
STUDY_KEYS = ["id", "uuid", "title", "locked", "active", "groupStudy", "linearStudy", "allowPreview", "dirName",
              "comments", "jsonData", "endRedirectUrl", "studyEntryMsg", "componentList", "batchList",
              "descriptionHash", "components", "batches", "members"]
COMPONENT_KEYS = ["id", "uuid", "title", "htmlFilePath", "reloadable", "active", "comments", "jsonData"]
BATCH_KEYS = ["id", "uuid", "title", "active", "maxActiveMembers", "maxTotalMembers", "maxTotalWorkers",
              "allowedWorkerTypes", "comments", "jsonData"]


def test_the_token_object(api39):
    admin = api39.call("GET", "admin/token").get_json()["data"]
    assert list(admin) == TOKEN_KEYS
    assert admin["isAdminToken"] is True and admin["expires"] is None and admin["expirationDate"] == 0
    assert isinstance(admin["creationDate"], int)  # epoch milliseconds
    researcher = api39.call("GET", "admin/token", user="researcher").get_json()["data"]
    assert researcher["isAdminToken"] is False


def test_the_study_object(api39):
    study = api39.call("GET", "studies/1/properties").get_json()["data"]
    assert list(study) == STUDY_KEYS
    assert "description" not in study and len(study["descriptionHash"]) == 64
    assert study["jsonData"] == '{"trials":10,"maxWaitMs":3000}'  # the stored JSON text, not a parsed value
    assert (study["componentList"], study["batchList"]) == (None, None)
    assert study["members"] == [{"username": "admin"}, {"username": "researcher"}]
    assert all(list(c) == ["id", "uuid"] for c in study["components"] + study["batches"])


def test_components_and_batches_in_full(api39):
    study = api39.call("GET", "studies/1/properties?withComponentProperties=true&withBatchProperties=true")
    data = study.get_json()["data"]
    assert all(list(c) == COMPONENT_KEYS for c in data["components"])
    assert all(list(b) == BATCH_KEYS for b in data["batches"])
    assert all(c["jsonData"] is None or isinstance(c["jsonData"], str) for c in data["components"])


def test_created_input_is_kept_as_text(api39):
    created = api39.call("POST", "studies/create", json={"title": "T", "jsonData": '{"a": [1, 2]}'}).get_json()
    study = api39.call("GET", f"studies/{created['id']}/properties").get_json()["data"]
    assert study["jsonData"] == '{"a": [1, 2]}'
    assert study["dirName"] == created["uuid"]  # the assets directory is named after the UUID


def test_unknown_keys_are_ignored_and_scalars_coerced(api39):
    body = {"title": 123, "studyInput": {"ignored": True}, "comments": False, "groupStudy": "true",
            "linearStudy": 1, "dirName": "ignored_dir", "whatever": [1]}
    created = api39.call("POST", "studies/create", json=body)
    assert created.status_code == 200
    study = api39.call("GET", f"studies/{created.get_json()['id']}/properties").get_json()["data"]
    assert (study["title"], study["comments"], study["groupStudy"], study["linearStudy"]) == ("123", "false", True,
                                                                                               True)
    assert study["jsonData"] is None and study["dirName"] != "ignored_dir"


@pytest.mark.parametrize("body, message", [
    ({"title": "T", "jsonData": {"a": 1}},
     "Cannot deserialize value of type `java.lang.String` from Object value (token `JsonToken.START_OBJECT`)"),
    ({"title": ["T"]},
     "Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)"),
    ({"title": "T", "groupStudy": "yes"},
     'Cannot deserialize value of type `boolean` from String "yes": only "true" or "false" recognized'),
])
def test_a_type_mismatch_is_a_500_with_jacksons_message(api39, body, message):
    assert text(api39.call("POST", "studies/create", json=body)) == (500, PLAIN, message)


@pytest.mark.parametrize("body, message", [
    ({}, "Missing title"),
    ({"title": "x" * 256}, "Title too long"),
    ({"title": "<b>T</b>"}, "No HTML allowed"),
    ({"title": "T", "uuid": "<i>u</i>"}, "No HTML allowed"),
    ({"title": "T", "dirName": "jatos"}, "Invalid directory name"),
    ({"title": "T", "jsonData": "{nope"}, "Invalid JSON format"),
    ({"title": "T", "studyEntryMsg": "x" * 1001}, "Study entry message too long"),
])
def test_study_validation_answers_its_first_message(api39, body, message):
    assert text(api39.call("POST", "studies/create", json=body)) == (400, PLAIN, message)


@pytest.mark.parametrize("body, message", [
    ({"htmlFilePath": "a.html"}, "Missing title"),
    ({"title": "C", "htmlFilePath": "no extension"}, "Not a valid path or filename. Remember to use '/' as folder "
     "separator, and to include the file extension. You can leave it empty for now."),
    ({"title": "C", "jsonData": "[1,"}, "Invalid JSON format"),
])
def test_component_validation_answers_its_first_message(api39, body, message):
    assert text(api39.call("POST", "studies/1/components/create", json=body)) == (400, PLAIN, message)


def test_a_created_component_is_appended_active(api39):
    created = api39.call("POST", "studies/1/components/create",
                         json={"title": "Last", "active": False, "jsonData": "{}", "reloadable": "true"}).get_json()
    study = api39.call("GET", "studies/1/properties?withComponentProperties=true").get_json()["data"]
    last = study["components"][-1]
    assert (last["id"], last["uuid"], last["active"], last["reloadable"], last["jsonData"]) == (
        created["id"], created["uuid"], True, True, "{}")


def test_create_without_a_json_body_is_an_unexpected_500(api39):
    r = api39.call("POST", "studies/create", data="title=T", headers={"Content-Type": "text/plain"})
    assert r.status_code == 500 and r.get_data(as_text=True).startswith("Internal JATOS error during")


def test_study_codes_are_eleven_alphanumerics(api39):
    codes = api39.call("GET", "studies/1/studyCodes?type=pm&amount=3").get_json()["data"]
    assert len(codes) == 3 and all(re.fullmatch(r"[A-Za-z0-9]{11}", c) for c in codes)
