"""Results over HTTP: metadata, data (zip and text), files, the combined zip, single files, deletion."""

import io
import json
import zipfile

import pytest
import test_results_world as world_builder


@pytest.fixture
def world(api):
    return world_builder.build(api)


@pytest.fixture
def spec_world(spec_api):
    return world_builder.build(spec_api)


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    return archive


def _all(world) -> str:
    return f"{world.study_ids['rt']}-{world.study_ids['locked']}"


def _two(world) -> str:
    return f"{world.study_ids['rt']}-{world.study_ids['survey']}"


def _metadata(api, user="researcher", **kwargs):
    response = api.call("POST", "results/metadata", user=user, **kwargs)
    assert response.status_code == 200, response.data
    return response


# --- metadata -----------------------------------------------------------------------------------------------------

def test_metadata_shape_as_jatos_writes_it(api, world):
    response = _metadata(api, json={"studyIds": world.study_ids["rt"]})
    assert response.headers["Content-Disposition"].startswith('attachment; filename="jatos_results_metadata_2024')
    doc = response.get_json()
    assert list(doc) == ["apiVersion", "data"] and len(doc["data"]) == 1
    study = doc["data"][0]
    assert [study["studyId"], study["studyTitle"]] == [world.study_ids["rt"], "RT"]
    finished, running = study["studyResults"]
    assert list(finished) == ["id", "uuid", "studyCode", "comment", "startDate", "endDate", "duration", "lastSeenDate",
                              "studyState", "urlQueryParameters", "workerId", "workerType", "batchId", "batchUuid",
                              "batchTitle", "groupId", "isQuotaReached", "componentResults"]
    assert finished["comment"] == "participant 7" and finished["workerType"] == "PersonalSingle"
    assert finished["duration"] == "00:00:26" and finished["startDate"] == world_builder.T0
    assert finished["studyCode"] == "abcdefghijk" and finished["urlQueryParameters"] == {"pid": "7"}
    assert running["studyCode"] is None and "comment" not in running and running["duration"] is None  # B28
    cr1, cr2 = finished["componentResults"]
    assert cr1["path"] == f"/study_result_{finished['id']}/comp-result_{cr1['id']}"
    assert cr1["files"] == [{"filename": "upload.csv", "size": 8, "sizeHumanReadable": "8 B"}]
    assert cr2["data"] == {"size": 1500, "sizeHumanReadable": "1.5 kB"}  # B29: no filename when there is data
    no_data, empty = running["componentResults"]
    assert empty["data"] == {"size": 0, "sizeHumanReadable": "0 B", "filename": "data.txt"}
    assert empty["duration"] == "1:01:01:01"  # D:HH:mm:ss from one day on
    assert api.violations() == []


def test_metadata_in_spec_fidelity_follows_the_schema(spec_api, spec_world):
    doc = _metadata(spec_api, json={"studyIds": spec_world.study_ids["rt"]}).get_json()
    running = doc["data"][0]["studyResults"][1]
    assert running["studyCode"] == ""
    finished = doc["data"][0]["studyResults"][0]
    assert finished["componentResults"][1]["data"]["filename"] == "data.txt"
    assert spec_api.violations(unregistered_only=False) == []


def test_metadata_download_false_and_is_api_call_false(api, world):
    response = _metadata(api, query_string={"studyId": world.study_ids["rt"], "download": "false",
                                            "isApiCall": "false"})
    assert "Content-Disposition" not in response.headers
    doc = response.get_json()
    assert "apiVersion" not in doc and doc["data"][0]["studyId"] == world.study_ids["rt"]


def test_metadata_of_an_inaccessible_study_is_403_in_jatos_and_left_out_in_spec(api, world, spec_api, spec_world):
    response = api.call("POST", "results/metadata", user="admin", json={"studyIds": _all(world)})
    assert response.status_code == 403
    assert response.get_json()["error"] == {"code": "NO_ACCESS", "message": "No access to study."}
    doc = _metadata(spec_api, user="admin", json={"studyIds": _all(world)}).get_json()
    assert [s["studyId"] for s in doc["data"]] == [spec_world.study_ids["rt"]]


def test_empty_and_unknown_selection_gives_empty_list(api, world):
    assert _metadata(api).get_json()["data"] == []
    assert _metadata(api, json={"studyIds": [999, 1000]}).get_json()["data"] == []


def test_get_routes_exist_in_jatos_and_not_in_spec(api, world, spec_api, spec_world):
    for path in ("results", "results/metadata", "results/data", "results/files"):
        assert api.call("GET", f"{path}?studyId={world.study_ids['rt']}", user="researcher").status_code == 200
        response = spec_api.call("GET", f"{path}?studyId=1", user="researcher")
        assert response.status_code == 404
        assert response.get_json()["error"]["message"].startswith(f"Requested page GET /jatos/api/v1/{path}")
    assert api.violations() == []


def test_get_reads_a_json_body_too(api, world):
    response = api.call("GET", "results/metadata", user="researcher", json={"studyIds": world.study_ids["survey"]})
    assert [s["studyId"] for s in response.get_json()["data"]] == [world.study_ids["survey"]]


# --- selectors over HTTP ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, message", [({"studyId": 1}, "Unknown field studyId"),
                                           ({"studyIds": 1.5}, "Malformed JSON"),
                                           ({"studyIds": 2 ** 31}, "Malformed JSON")])
def test_selector_body_errors_in_jatos(api, world, body, message):
    for path in ("results", "results/metadata", "results/data", "results/files", "results/delete"):
        response = api.call("POST", path, user="researcher", json=body)
        assert response.status_code == 400
        assert response.get_json()["error"] == {"code": "UNSPECIFIED", "message": message}


def test_unknown_body_key_is_ignored_in_spec(spec_api, spec_world):
    doc = _metadata(spec_api, json={"studyIds": spec_world.study_ids["rt"], "extra": 1}).get_json()
    assert len(doc["data"]) == 1


def test_body_is_read_only_with_a_json_content_type(api, world):
    body = json.dumps({"studyIds": world.study_ids["rt"]})
    response = _metadata(api, data=body, headers={"Content-Type": "text/plain"})
    assert response.get_json()["data"] == []


@pytest.mark.parametrize("selector", ["studyId", "componentId", "studyResultId", "componentResultId", "batchId"])
def test_each_query_selector_on_post(api, world, selector):
    value = {"studyId": world.study_ids["survey"], "componentId": world.component_ids["survey"][0],
             "studyResultId": world.study_result_ids["survey"][0],
             "componentResultId": world.component_result_ids["survey"][0],
             "batchId": world.batch_ids["survey"]}[selector]
    doc = _metadata(api, query_string={selector: value}).get_json()
    assert [s["studyId"] for s in doc["data"]] == [world.study_ids["survey"]]


def test_group_and_uuid_selectors(api, world):
    with api.runtime.store.read() as state:
        uuid = state.studies[world.study_ids["survey"]].uuid.upper()
    doc = _metadata(api, json={"groupIds": world.group_id, "studyUuids": uuid}).get_json()
    assert len(doc["data"][0]["studyResults"]) == 2
    doc = _metadata(api, query_string={"groupId": world.group_id}).get_json()
    assert [sr["id"] for sr in doc["data"][0]["studyResults"]] == [world.study_result_ids["survey"][0]]


# --- data ---------------------------------------------------------------------------------------------------------

def test_data_zip_entries_match_metadata_paths(api, world):
    query = {"studyId": [world.study_ids["rt"], world.study_ids["survey"]]}
    archive = _zip(api.call("POST", "results/data", user="researcher", query_string=query))
    doc = _metadata(api, query_string=query).get_json()
    no_data = {world.component_result_ids[k][2] for k in ("rt", "survey")}  # the one result without data
    expected = [f"{cr['path'][1:]}/data.txt" for s in doc["data"] for sr in s["studyResults"]
                for cr in sr["componentResults"] if cr["id"] not in no_data]
    assert len(expected) == 6
    assert archive.namelist() == expected
    assert not any(name.endswith("/") or name.startswith("/") for name in archive.namelist())
    assert archive.read(expected[1]) == b"x" * 1500


def test_data_zip_download_name(api, world):
    response = api.call("POST", "results/data", user="researcher", json={"studyIds": world.study_ids["rt"]})
    assert response.headers["Content-Disposition"] == 'attachment; filename="jatos_results_data_20240101000000.zip"'


def test_plain_text_in_jatos_order_with_duplicates(api, world):
    crs = world.component_result_ids["rt"]
    response = api.call("POST", "results/data", user="researcher",
                        json={"componentResultIds": [crs[0], crs[2], crs[3]]},
                        query_string={"asPlainText": "true", "componentResultId": crs[0]})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert "Content-Disposition" not in response.headers
    assert response.data == b'{"rt":1}\n' + b"\n" + b'{"rt":1}\n'  # null data: nothing; empty data: a bare line
    download = api.call("POST", "results/data?asPlainText=true&download=true", user="researcher",
                        json={"componentResultIds": crs[0]})
    assert download.headers["Content-Disposition"] == 'attachment; filename="jatos_results_data_20240101000000.txt"'


def test_plain_text_of_inaccessible_study(api, world, spec_api, spec_world):
    response = api.call("POST", "results/data?asPlainText=true", user="coauthor", json={"studyIds": _two(world)})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "NO_ACCESS"
    response = spec_api.call("POST", "results/data?asPlainText=true", user="coauthor",
                             json={"studyIds": _two(spec_world)})
    assert response.status_code == 200 and response.data.startswith(b'{"survey":1}\n')


# --- files and the combined zip -----------------------------------------------------------------------------------

def test_files_zip(api, world):
    archive = _zip(api.call("POST", "results/files", user="researcher", json={"studyIds": world.study_ids["rt"]}))
    sr, cr = world.study_result_ids["rt"][0], world.component_result_ids["rt"][0]
    assert archive.namelist() == [f"study_result_{sr}/comp-result_{cr}/files/upload.csv"]
    assert archive.read(archive.namelist()[0]) == b"a,b\n1,2\n"


def test_combined_zip_layout_and_metadata_last(api, world):
    response = api.call("POST", "results", user="researcher", json={"studyIds": [world.study_ids["rt"]]})
    assert response.headers["Content-Disposition"] == 'attachment; filename="jatos_results_20240101000000.zip"'
    archive = _zip(response)
    names = archive.namelist()
    assert names[-1] == "metadata.json"
    metadata = json.loads(archive.read("metadata.json"))
    assert metadata == _metadata(api, json={"studyIds": [world.study_ids["rt"]]}).get_json()
    for study in metadata["data"]:
        for sr in study["studyResults"]:
            for cr in sr["componentResults"]:
                for f in cr["files"]:
                    assert f"{cr['path'][1:]}/files/{f['filename']}" in names
    first = metadata["data"][0]["studyResults"][0]["componentResults"][0]["path"][1:]
    assert names[:2] == [f"{first}/files/upload.csv", f"{first}/data.txt"]  # files before data


def test_empty_selections(api, world):
    assert _zip(api.call("POST", "results", user="researcher")).namelist() == ["metadata.json"]
    archive = _zip(api.call("POST", "results", user="researcher", json={"studyIds": 999}))
    assert json.loads(archive.read("metadata.json")) == {"apiVersion": "1.1.0", "data": []}
    for path in ("results/data", "results/files"):
        response = api.call("POST", path, user="researcher")
        assert _zip(response).namelist() == [] and len(response.data) == 22


def test_combined_zip_stops_at_inaccessible_study_in_jatos_and_skips_it_in_spec(api, world, spec_api, spec_world):
    # admin is a member of 'rt' only: JATOS stops the stream at 'survey' and writes no metadata.json
    names = _zip(api.call("POST", "results", user="admin", json={"studyIds": _all(world)})).namelist()
    prefixes = tuple(f"study_result_{sr}/" for sr in world.study_result_ids["rt"])
    assert "metadata.json" not in names and names and all(n.startswith(prefixes) for n in names)
    names = _zip(spec_api.call("POST", "results", user="admin", json={"studyIds": _all(world)})).namelist()
    assert names[-1] == "metadata.json"
    assert api.violations() == []


def test_viewer_role_may_export_but_not_delete(api, world):
    assert api.call("POST", "results/metadata", user="viewer").status_code == 200
    assert api.call("POST", "results/delete", user="viewer").status_code == 401


# --- single result file -------------------------------------------------------------------------------------------

def test_a_file_name_with_a_delete_character_is_refused_as_ioutils_does(api, world):
    # IOUtils.REGEX_LEGAL_IN_PATH refuses DEL (0x7F) like the control characters: 500 IO_ERROR (B26)
    cr = world.component_result_ids["rt"][0]
    response = api.call("GET", f"results/files/up%7Fload.csv?componentResultId={cr}", user="researcher")
    assert (response.status_code, response.get_json()["error"]["code"]) == (500, "IO_ERROR")


def test_single_file(api, world, spec_api, spec_world):
    cr = world.component_result_ids["rt"][0]
    response = api.call("GET", f"results/files/upload.csv?componentResultId={cr}", user="researcher")
    assert response.status_code == 200 and response.data == b"a,b\n1,2\n"
    assert response.headers["Content-Disposition"] == 'inline; filename="upload.csv"'
    assert response.mimetype == "text/csv"  # M5
    response = spec_api.call("GET", f"results/files/upload.csv?componentResultId={cr}", user="researcher")
    assert response.mimetype == "application/octet-stream"
    assert api.violations() == [] and spec_api.violations(unregistered_only=False) == []


@pytest.mark.parametrize("path, status, code, message", [
    ("results/files/upload.csv", 400, "CLIENT_ERROR", "Missing parameter: componentResultId"),
    ("results/files/upload.csv?componentResultId=x", 400, "CLIENT_ERROR",
     'Cannot parse parameter componentResultId as Long: For input string: "x"'),
    ("results/files/upload.csv?componentResultId=999", 404, "NOT_FOUND", "Component doesn't exists"),
    ("results/files/nope.csv?componentResultId={cr}", 404, "NOT_FOUND", "File doesn't exist"),
    ("results/files/a%7Cb?componentResultId={cr}", 500, "IO_ERROR",
     'IO error: Couldn\'t generate path to file or directory "a|b".'),
])
def test_single_file_errors(api, world, path, status, code, message):
    response = api.call("GET", path.format(cr=world.component_result_ids["rt"][0]), user="researcher")
    assert response.status_code == status
    assert response.get_json()["error"] == {"code": code, "message": message}


def test_single_file_no_access_and_spec_bad_name(api, world, spec_api, spec_world):
    cr = world.component_result_ids["rt"][0]
    response = api.call("GET", f"results/files/upload.csv?componentResultId={cr}", user="coauthor")
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "NO_ACCESS"
    response = spec_api.call("GET", f"results/files/a%7Cb?componentResultId={cr}", user="researcher")
    assert response.status_code == 404


# --- delete -------------------------------------------------------------------------------------------------------

def test_delete_removes_results_empty_study_results_and_finished_groups(api, world):
    crs, srs = world.component_result_ids["survey"], world.study_result_ids["survey"]
    response = api.call("POST", "results/delete", user="researcher", json={"componentResultIds": crs[:2]},
                        query_string={"componentResultId": [crs[0]]})
    assert response.status_code == 200
    assert response.get_json() == {"apiVersion": "1.1.0", "data": [crs[0], crs[1], crs[0]]}  # B33
    with api.runtime.store.read() as state:
        assert crs[0] not in state.component_results and crs[2] in state.component_results
        assert srs[0] not in state.study_results and srs[1] in state.study_results
        assert world.group_id not in state.groups
        assert state.study_logs[state.studies[world.study_ids["survey"]].uuid][-1]["msg"] == \
            "Removed result data and files"
    doc = _metadata(api, json={"studyIds": world.study_ids["survey"]}).get_json()
    assert [sr["id"] for sr in doc["data"][0]["studyResults"]] == [srs[1]]
    archive = _zip(api.call("POST", "results/data", user="researcher", json={"studyIds": world.study_ids["survey"]}))
    assert all(not n.startswith(f"study_result_{srs[0]}/") for n in archive.namelist())
    assert api.violations() == []


def test_delete_is_all_or_nothing(api, world):
    every_study = {"studyId": list(world.study_ids.values())}
    before = api.call("POST", "results/metadata", user="researcher", query_string=every_study).data
    response = api.call("POST", "results/delete", user="coauthor", json={"studyIds": _two(world)})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "NO_ACCESS"
    response = api.call("PUT", "results/delete", user="researcher", json={"studyIds": _all(world)})
    assert response.status_code == 403
    assert response.get_json()["error"] == {"code": "STUDY_LOCKED", "message": "Study locked"}
    assert api.call("POST", "results/metadata", user="researcher", query_string=every_study).data == before
    assert api.violations() == []


def test_delete_in_spec_skips_inaccessible_and_answers_deleted_ids(spec_api, spec_world):
    response = spec_api.call("POST", "results/delete", user="coauthor", json={"studyIds": _two(spec_world)})
    assert response.status_code == 200
    assert response.get_json()["data"] == spec_world.component_result_ids["survey"]


def test_put_delete_works_like_post(api, world):
    crs = world.component_result_ids["rt"]
    response = api.call("PUT", "results/delete", user="researcher", json={"componentResultIds": crs[0]})
    assert response.get_json()["data"] == [crs[0]]
    assert api.violations() == []


def test_put_delete_answers_only_documented_statuses_in_both_fidelities(api, world, spec_api, spec_world):
    for mock, viewer_status in ((api, 401), (spec_api, 403)):  # a role JATOS refuses with 401 (A2)
        assert mock.call("PUT", "results/delete", user=None).status_code == 401
        assert mock.call("PUT", "results/delete", user="viewer").status_code == viewer_status
        response = mock.call("PUT", "results/delete", user="researcher", query_string={"studyResultId": 1},
                             json={"studyIds": 1.5})
        assert response.status_code == 400
        assert mock.violations() == []  # 400 and 401 are in the contract (B27 documented)
    crs = spec_world.component_result_ids["rt"]
    response = spec_api.call("PUT", "results/delete", user="researcher", query_string={"componentResultId": crs[0]})
    assert (response.status_code, response.get_json()["data"]) == (200, [crs[0]])


def test_selector_ids_beyond_64_bits_select_nothing_in_spec_and_are_malformed_in_jatos(api, world, spec_api,
                                                                                      spec_world):
    body = {"studyResultIds": 2 ** 64 - 1}  # schema-valid: the body's ids are plain integers
    for method in ("POST", "PUT"):
        response = spec_api.call(method, "results/delete", user="researcher", json=body)
        assert (response.status_code, response.get_json()["data"]) == (200, [])
        response = api.call(method, "results/delete", user="researcher", json=body)
        assert response.get_json()["error"] == {"code": "UNSPECIFIED", "message": "Malformed JSON"}
    assert spec_api.violations() == []


def test_results_of_a_deleted_study_are_gone(api, world):
    # through the domain: the study DELETE endpoint belongs to another issue
    from jatos_mock.jatos.domain import cascades
    with api.runtime.store.write() as state:
        cascades.remove_results_of_study(state, world.study_ids["rt"])
        del state.studies[world.study_ids["rt"]]
    assert _metadata(api, json={"componentResultIds": world.component_result_ids["rt"]}).get_json()["data"] == []
    assert _zip(api.call("POST", "results/data", user="researcher",
                         json={"studyResultIds": world.study_result_ids["rt"]})).namelist() == []


def test_deleting_a_study_over_http_removes_its_results(api):
    # DELETE studies/{id} cascades to the study's results (StudyService.removeStudyInclAssets)
    before = api.call("POST", "results/metadata", json={"studyIds": [1]}).get_json()["data"]
    result_ids = [cr["id"] for sr in before[0]["studyResults"] for cr in sr["componentResults"]]
    assert result_ids, "the fixture study should have results"
    assert api.call("DELETE", "studies/1").status_code == 200
    after = api.call("POST", "results/metadata", json={"componentResultIds": result_ids})
    assert after.status_code == 200 and after.get_json()["data"] == []
    data = api.call("POST", "results/data", json={"componentResultIds": result_ids})
    assert zipfile.ZipFile(io.BytesIO(data.data)).namelist() == []
