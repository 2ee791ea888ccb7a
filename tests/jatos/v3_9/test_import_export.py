"""JATOS 3.9's study import and export (reference 3.9 §2.8, §2.10, §3.3; the issue's "archives both ways"): the raw
import answer with the study's id, `Import of study failed: …` for what inspection refuses, the 500 for a new study
with keep flags, and input data in `jsonData` only."""

import io
import json
import zipfile

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text

UUID = "11111111-2222-4333-8444-555555555555"
INPUT_3_10 = {"studyInput": '{"a":1}', "componentInput": '{"c":1}', "batchInput": '{"b":1}'}
INPUT_3_9 = {"studyInput": "jsonData", "componentInput": "jsonData", "batchInput": "jsonData"}


def jas(names: dict | None = None, uuid=UUID, dir_name="mystudy", title="My Study") -> dict:
    """A .jas whose input fields carry the names `names` maps them to (3.10's by default)."""
    names = names or {}
    key = lambda k: names.get(k, k)  # noqa: E731
    return {"version": "3", "data": {
        "uuid": uuid, "title": title, "dirName": dir_name, key("studyInput"): '{"a":1}',
        "componentList": [{"uuid": "aaaaaaaa-0000-4000-8000-000000000001", "title": "First",
                           "htmlFilePath": "index.html", key("componentInput"): '{"c":1}'}],
        "batchList": [{"uuid": "bbbbbbbb-0000-4000-8000-000000000001", "title": "Default",
                       "allowedWorkerTypes": ["PersonalSingle"], key("batchInput"): '{"b":1}'}]}}


def jzip(document, files=None, dirs=("mystudy",)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for d in dirs:
            z.writestr(f"{d}/index.html", (files or {}).get("index.html", b"<html></html>"))
        if document is not None:
            z.writestr("my_study.jas", document if isinstance(document, bytes) else json.dumps(document))
    return buffer.getvalue()


def import39(api, data, query="", user="researcher"):
    return api.call("POST", f"study{query}", user=user, data={"study": (io.BytesIO(data), "s.jzip")})


def test_a_new_study_answers_the_raw_import_info_with_its_id(api39):
    r = import39(api39, jzip(jas()))
    assert r.status_code == 200  # also for a new study
    info = r.get_json()
    study_id = max(api39.runtime.store.state.studies)
    assert info == {"studyExists": False, "uuid": UUID, "uploadedStudyTitle": "My Study", "uploadedDirName": "mystudy",
                    "uploadedDirExists": False, "id": study_id}


def test_an_overwrite_names_the_current_study_and_a_taken_dir_gets_a_new_name(api39):
    import39(api39, jzip(jas()))
    again = import39(api39, jzip(jas(title="Second"))).get_json()
    assert (again["studyExists"], again["currentStudyTitle"], again["currentDirName"]) == (True, "My Study",
                                                                                             "mystudy")
    document = jas(uuid="22222222-2222-4333-8444-555555555555")
    clash = import39(api39, jzip(document))  # its component's UUID belongs to the first study
    assert text(clash) == (400, PLAIN, "Import of study failed: An component of the imported study has the same UUID "
                                       "(aaaaaaaa-0000-4000-8000-000000000001) as an existing component.")
    document["data"]["componentList"][0]["uuid"] = "aaaaaaaa-0000-4000-8000-000000000002"
    other = import39(api39, jzip(document)).get_json()
    assert (other["uploadedDirExists"], other["newDirName"]) == (True, "mystudy_2")


@pytest.mark.parametrize("query", ["?keepProperties=true", "?keepAssets=true"])
def test_a_new_study_with_a_keep_flag_is_a_500(api39, query):
    r = import39(api39, jzip(jas()), query)
    assert text(r) == (500, PLAIN, "Impossible to import study: no new study and the existing study is not allowed "
                                   "to be overwritten")
    assert not any(s.uuid == UUID for s in api39.runtime.store.state.studies.values())


def test_a_taken_dir_without_rename_is_refused(api39):
    r = import39(api39, jzip(jas(dir_name="reaction_time_demo"), dirs=("reaction_time_demo",)),
                 "?renameAssets=false")
    assert text(r) == (403, PLAIN, "Study assets directory already exists but doesn't belong to the study and "
                                   "'renameAssets' is set to false.")


@pytest.mark.parametrize("data, cause", [
    (b"not a zip", "Unpacking ZIP archive failed"),
    (jzip(None), "Study is invalid"),
    (jzip({"version": "3", "data": {"uuid": UUID, "title": "", "dirName": "d"}}), "Study is invalid"),
    (jzip({"version": "9", "data": {}}), "This study is from an newer version of JATOS. Try updating your JATOS."),
])
def test_what_inspection_refuses_is_a_400_naming_the_cause(api39, data, cause):
    assert text(import39(api39, data)) == (400, PLAIN, "Import of study failed: " + cause)


def test_import_needs_the_multipart_part_study(api39):
    r = api39.call("POST", "study", data=jzip(jas()), headers={"Content-Type": "application/zip"})
    assert text(r) == (400, PLAIN, "File missing")


def test_more_than_one_directory_is_a_500(api39):
    r = import39(api39, jzip(jas(), dirs=("mystudy", "other")))
    assert text(r) == (500, PLAIN, "There are more than one directory in the ZIP file.")


def test_overwriting_a_locked_study_is_refused(api39):
    state = api39.runtime.store.state
    locked = next(s for s in state.studies.values() if s.locked)
    document = jas(uuid=locked.uuid, dir_name=locked.dir_name)
    r = import39(api39, jzip(document, dirs=(locked.dir_name,)))
    assert text(r) == (403, PLAIN, f"Study with ID {locked.id} is locked. Unlock it if you want to make changes.")


def _inputs(api, study_id) -> tuple:
    data = api.call("GET", f"studies/{study_id}/properties?withComponentProperties=true&withBatchProperties=true",
                    user="researcher")
    study = data.get_json()["data"]
    if "jsonData" in study:  # 3.9's view
        return study["jsonData"], study["components"][0]["jsonData"], study["batches"][0]["jsonData"]
    return study["studyInput"], study["components"][0]["componentInput"], study["batches"][0]["batchInput"]


def test_a_3_10_archive_loses_its_input_in_3_9(api39):
    info = import39(api39, jzip(jas())).get_json()
    assert _inputs(api39, info["id"]) == (None, None, None)


def test_a_3_9_archive_keeps_its_input_in_both_versions(api39, api):
    info = import39(api39, jzip(jas(INPUT_3_9))).get_json()
    assert _inputs(api39, info["id"]) == ('{"a":1}', '{"c":1}', '{"b":1}')
    r = api.call("POST", "studies", user="researcher", data=jzip(jas(INPUT_3_9)),
                 headers={"Content-Type": "application/zip"})
    assert r.status_code == 201
    assert _inputs(api, r.get_json()["data"]["id"]) == ({"a": 1}, {"c": 1}, {"b": 1})


def test_3_9_exports_input_as_json_data_and_3_10_reads_it(api39, api):
    info = import39(api39, jzip(jas(INPUT_3_9))).get_json()
    exported = api39.call("GET", f"studies/{info['id']}", user="researcher")
    assert exported.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(exported.get_data()))
    document = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith(".jas"))))
    assert document["data"]["jsonData"] == '{"a":1}' and "studyInput" not in document["data"]
    assert document["data"]["componentList"][0]["jsonData"] == '{"c":1}'
    again = api.call("POST", "studies", user="researcher", data=exported.get_data(),
                     headers={"Content-Type": "application/zip"})
    assert again.status_code == 201
    assert _inputs(api, again.get_json()["data"]["id"]) == ({"a": 1}, {"c": 1}, {"b": 1})
