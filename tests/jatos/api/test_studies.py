"""Study import/create/export/delete/properties through the HTTP API (reference A §6, §11)."""

import io
import json
import pickle
import zipfile

import pytest

RTD = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"
SURVEY = "b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d"
LOCKED = "c3d9f1a2-6b4e-4c8d-9e0f-1a2b3c4d5e6f"


def make_jzip(jas: dict | bytes | None, files: dict[str, bytes] | None = None, dir_name: str = "mystudy",
              extra: dict[str, bytes] | None = None, jas_name: str = "my_study123.jas") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in (files or {}).items():
            z.writestr(f"{dir_name}/{path}", data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
        if jas is not None:
            z.writestr(jas_name, jas if isinstance(jas, bytes) else json.dumps(jas))
    return buffer.getvalue()


def study_jas(uuid="11111111-2222-4333-8444-555555555555", dir_name="mystudy", title="My Study", components=None):
    return {"version": "3", "data": {
        "uuid": uuid, "title": title, "description": "desc", "groupStudy": False, "linearStudy": False,
        "allowPreview": False, "dirName": dir_name, "comments": None, "studyInput": "{\"a\":1}",
        "endRedirectUrl": None, "studyEntryMsg": None,
        "componentList": components if components is not None else [
            {"uuid": "aaaaaaaa-0000-4000-8000-000000000001", "title": "First", "htmlFilePath": "index.html",
             "reloadable": False, "active": True, "comments": None, "componentInput": None}],
        "batchList": [{"uuid": "bbbbbbbb-0000-4000-8000-000000000001", "title": "Default", "active": True,
                       "maxActiveMembers": None, "maxTotalMembers": None, "maxTotalWorkers": None,
                       "allowedWorkerTypes": ["PersonalSingle"], "comments": None, "batchInput": None}]}}


def zip_import(api, data, user="researcher", query="", content_type="application/zip", path="studies"):
    return api.call("POST", f"{path}{query}", user=user, data=data, headers={"Content-Type": content_type})


def export(api, study, user="researcher"):
    r = api.call("GET", f"studies/{study}", user=user)
    assert r.status_code == 200, r.data
    return r, zipfile.ZipFile(io.BytesIO(r.data))


def study_count(api):
    return len(api.runtime.store.state.studies)


# --- import ---------------------------------------------------------------------------------------------------

def test_import_real_archive_then_overwrite(api, potato_archive):
    data = potato_archive.read_bytes()
    r = zip_import(api, data)
    assert r.status_code == 201
    study = r.json["data"]
    assert study["uuid"] == "74ce92a5-2250-445e-be6d-efd5ddbc9e61" and study["title"] == "Potato Compass"
    assert study["dirName"] == "potatoCompass" and len(study["components"]) == 3
    assert [m["username"] for m in study["members"]] == ["researcher"]
    comps = api.call("GET", f"studies/{study['id']}/components", user="researcher").json["data"]
    assert comps[0]["componentInput"]["countries"][0] == "select one"  # jsonData of the old .jas
    flat = api.call("GET", f"studies/{study['id']}/assets/structure?flatten=true", user="researcher").json["data"]
    assert any(e["path"] == "libs/.DS_Store" for e in flat)
    again = zip_import(api, data)
    assert again.status_code == 200 and again.json["data"]["id"] == study["id"]
    assert api.violations() == []


def test_multipart_and_other_archive_content_types(api):
    for index, kind in enumerate(["multipart", "application/octet-stream", "application/jzip", None]):
        uuid = f"11111111-2222-4333-8444-00000000000{index}"
        comps = [{"uuid": f"cccccccc-0000-4000-8000-00000000000{index}", "title": "C"}]
        data = make_jzip(study_jas(uuid=uuid, dir_name=f"d{index}", components=comps))
        if kind == "multipart":
            r = api.call("POST", "studies", user="researcher", data={"study": (io.BytesIO(data), "s.jzip")},
                         content_type="multipart/form-data")
        elif kind is None:
            r = api.call("POST", "studies", user="researcher", data=data)
        else:
            r = zip_import(api, data, content_type=kind)
        assert r.status_code == 201, (kind, r.json)
        assert r.json["data"]["uuid"] == uuid


def test_json_creates_study_with_default_batch_and_log(api):
    r = api.call("POST", "studies", user="researcher", json={"title": "Fresh", "studyInput": {"x": [1]}})
    assert r.status_code == 201
    data = r.json["data"]
    assert data["dirName"] == data["uuid"] and data["studyInput"] == {"x": [1]}
    assert len(data["batches"]) == 1 and data["components"] == []
    log = api.call("GET", f"studies/{data['id']}/log?download=false", user="researcher").data
    log = json.loads(log)
    assert [e["msg"] for e in log] == ["Created study", "Initial entry"]


def test_create_renames_taken_dir_name_from_suffix_2(api):
    r = api.call("POST", "studies", user="researcher", json={"title": "T", "dirName": "survey_pilot"})
    assert r.status_code == 201 and r.json["data"]["dirName"] == "survey_pilot_2"
    r = api.call("POST", "studies?renameAssets=false", user="researcher",
                 json={"title": "T", "dirName": "survey_pilot"})
    assert r.status_code == 403 and r.json["error"]["code"] == "FORBIDDEN"


def test_spec_fidelity_renames_from_suffix_1(spec_api):
    r = spec_api.call("POST", "studies", user="researcher", json={"title": "T", "dirName": "survey_pilot"})
    assert r.status_code == 201 and r.json["data"]["dirName"] == "survey_pilot_1"
    assert "descriptionHash" not in r.json["data"]


def test_deprecated_create_never_renames(api):
    r = api.call("POST", "studies/create", user="researcher", json={"title": "T", "dirName": "survey_pilot"})
    assert r.status_code == 403
    r = api.call("POST", "studies/create", user="researcher", json={"title": "T", "dirName": "brand_new"})
    assert r.status_code == 201


@pytest.mark.parametrize("body, code, message", [
    ({"title": ""}, "VALIDATION_ERROR", "Error in field 'title' - Missing title"),
    ({"title": "<b>x</b>"}, "VALIDATION_ERROR", "Error in field 'title' - No HTML allowed"),
    ({"title": "x", "dirName": "a b"}, "VALIDATION_ERROR",
     "Error in field 'dirName' - Invalid study assets directory name."),
    ({"title": "x", "foo": 1}, "INVALID_JSON", None),
    ({"title": 5}, "INVALID_JSON", None),
])
def test_create_refuses_bad_properties(api, body, code, message):
    before = study_count(api)
    r = api.call("POST", "studies", user="researcher", json=body)
    assert r.status_code == 400 and r.json["error"]["code"] == code
    if message:
        assert r.json["error"]["message"] == message
    assert study_count(api) == before


def test_other_content_type_is_415(api):
    r = api.call("POST", "studies", user="researcher", data=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert r.json["error"] == {"code": "WRONG_CONTENT_TYPE", "message": "Wrong 'Content-Type' text/plain"}


def test_deprecated_import_refuses_json(api):
    r = api.call("POST", "study", user="researcher", json={"title": "x"})
    assert r.status_code == 400 and r.json["error"]["code"] == "UNSPECIFIED"


@pytest.mark.parametrize("fidelity", ["spec", "jatos"])
def test_deprecated_import_takes_the_flags_and_answers_200_on_overwrite(make_api, fidelity):
    # Api.importStudy (A21): our contract documents the flags and the 200, so both fidelities behave alike
    api = make_api(seed=1, fidelity=fidelity)
    first = zip_import(api, make_jzip(study_jas(), {"index.html": b"v1"}), path="study")
    assert first.status_code == 201
    data2 = make_jzip(study_jas(title="Version Two"), {"index.html": b"v2"})
    r = zip_import(api, data2, path="study", query="?keepProperties=true&keepAssets=true")
    assert r.status_code == 200 and r.json["data"]["id"] == first.json["data"]["id"]
    assert r.json["data"]["title"] == "My Study"
    assert api.call("GET", f"studies/{first.json['data']['id']}/assets/index.html", user="researcher").data == b"v1"
    r = zip_import(api, data2, path="study")
    assert r.status_code == 200 and r.json["data"]["title"] == "Version Two"


def test_deprecated_create_never_renames_in_spec_fidelity_either(spec_api):
    # Api.createStudy forces renameAssets=false (A22); our contract documents the 403
    r = spec_api.call("POST", "studies/create", user="researcher", json={"title": "T", "dirName": "survey_pilot"})
    assert r.status_code == 403 and r.json["error"]["code"] == "FORBIDDEN"


def _zip_slip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("../evil.txt", b"x")
        z.writestr("s.jas", json.dumps(study_jas()))
    return buffer.getvalue()


def _absolute():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("/etc/evil.txt"), b"x")
        z.writestr("s.jas", json.dumps(study_jas()))
    return buffer.getvalue()


CONTRACT = "Request violates the API contract: "

# (archive, JATOS's answer, the spec fidelity's answer); a message None is not compared (parser wording)
BAD_ARCHIVES = {
    "not_a_zip": (b"not a zip at all", (400, "IMPORT_EXPORT_ERROR", "Unpacking ZIP archive failed"), None),
    "no_jas": (make_jzip(None, {"a.txt": b"x"}), (400, "VALIDATION_ERROR", "File is not a valid JATOS study"), None),
    "two_jas": (make_jzip(study_jas(), extra={"second.jas": b"{}"}),
                (400, "VALIDATION_ERROR", "File is not a valid JATOS study"), None),
    "malformed_jas": (make_jzip(b"{nope"), (400, "INVALID_JSON", None), None),
    "invalid_study": (make_jzip({"version": "3", "data": {"uuid": "u-1", "title": "", "dirName": "x"}}),
                      (400, "VALIDATION_ERROR", "Study is invalid"), None),
    "newer_version": (make_jzip({"version": "4", "data": {}}),
                      (500, "IO_ERROR", "IO error: This study is from an newer version of JATOS. Try updating your "
                                        "JATOS."),
                      (400, "VALIDATION_ERROR", "This study is from an newer version of JATOS. Try updating your "
                                                "JATOS.")),
    "unsupported_version": (make_jzip({"version": "1", "data": {}}),
                            (500, "IO_ERROR", "IO error: This study is from an unsupported version of JATOS."),
                            (400, "VALIDATION_ERROR", "This study is from an unsupported version of JATOS.")),
    "no_version": (make_jzip({"data": study_jas()["data"]}), (500, "UNEXPECTED_ERROR", "Unexpected error"),
                   (400, "VALIDATION_ERROR", "File is not a valid JATOS study")),
    "two_dirs": (make_jzip(study_jas(), {"a.txt": b"x"}, extra={"__MACOSX/b": b"y"}),
                 (500, "IO_ERROR", "IO error: There are more than one directory in the ZIP file."),
                 (400, "VALIDATION_ERROR", "There are more than one directory in the ZIP file.")),
    "zip_slip": (_zip_slip(), (400, "IMPORT_EXPORT_ERROR", "Unpacking ZIP archive failed"), None),
    "absolute": (_absolute(), (400, "IMPORT_EXPORT_ERROR", "Unpacking ZIP archive failed"), None),
    # the contract requires a body: spec fidelity refuses the request before JATOS's "File missing"
    "empty": (b"", (400, "MISSING_FILE", "File missing"),
              (400, "VALIDATION_ERROR", CONTRACT + "request body is required")),
}


@pytest.mark.parametrize("fidelity", ["jatos", "spec"])
@pytest.mark.parametrize("case", list(BAD_ARCHIVES))
def test_bad_archives_change_nothing(make_api, case, fidelity):
    api = make_api(seed=1, fidelity=fidelity)
    data, jatos_answer, spec_answer = BAD_ARCHIVES[case]
    status, code, message = spec_answer if fidelity == "spec" and spec_answer else jatos_answer
    before = api.runtime.store.snapshot()
    count = study_count(api)
    r = zip_import(api, data)
    assert r.status_code == status, r.json
    assert r.json["error"]["code"] == code
    if message:
        assert r.json["error"]["message"] == message
    assert study_count(api) == count
    assert not any(s.dir_name == "mystudy" for s in api.runtime.store.state.studies.values())
    # the states, not their pickles: the order of sets in a pickle follows the string hash seed
    assert pickle.loads(api.runtime.store.snapshot()) == pickle.loads(before)
    assert api.violations() == []


def test_multipart_with_wrong_part_or_empty_part(api):
    data = make_jzip(study_jas())
    r = api.call("POST", "studies", user="researcher", data={"other": (io.BytesIO(data), "s.jzip")},
                 content_type="multipart/form-data")
    assert r.status_code == 400 and r.json["error"] == {"code": "MISSING_FILE", "message": "File missing"}
    r = api.call("POST", "studies", user="researcher", data={"study": (io.BytesIO(b""), "s.jzip")},
                 content_type="multipart/form-data")
    assert r.status_code == 400 and r.json["error"]["code"] == "MISSING_FILE"


def test_spec_fidelity_multipart_without_study_part_breaks_the_contract(spec_api):
    data = make_jzip(study_jas())
    r = spec_api.call("POST", "studies", user="researcher", data={"other": (io.BytesIO(data), "s.jzip")},
                      content_type="multipart/form-data")
    assert r.status_code == 400 and r.json["error"] == {
        "code": "VALIDATION_ERROR", "message": CONTRACT + "request body: required part 'study' is missing"}
    r = spec_api.call("POST", "studies", user="researcher", data={"study": (io.BytesIO(b""), "s.jzip")},
                      content_type="multipart/form-data")  # the part is there, only empty: JATOS's answer
    assert r.status_code == 400 and r.json["error"] == {"code": "MISSING_FILE", "message": "File missing"}
    assert study_count(spec_api) == 3
    assert spec_api.violations() == []


def test_archive_over_size_limit_is_413(make_api):
    from jatos_mock.jatos.domain.config import JatosConfig
    small = make_api(seed=1, jatos=JatosConfig(max_upload_bytes=2000))
    data = make_jzip(study_jas(), {"big.bin": b"\0" * 5000})
    r = zip_import(small, data)
    assert r.status_code == 413 and r.json["error"] == {"code": "TOO_LARGE", "message": "Request entity too large"}
    assert len(small.runtime.store.state.studies) == 3


def test_spec_fidelity_archive_over_size_limit_keeps_to_the_contract(make_api):
    from jatos_mock.jatos.domain.config import JatosConfig
    small = make_api(seed=1, fidelity="spec", jatos=JatosConfig(max_upload_bytes=2000))
    r = zip_import(small, make_jzip(study_jas(), {"big.bin": b"\0" * 5000}))
    assert r.status_code == 413 and r.json["error"] == {"code": "TOO_LARGE", "message": "Request entity too large"}
    assert small.violations() == []


def test_overwrite_needs_membership_and_unlocked_study(api):
    rtd = export(api, RTD, user="admin")[0].data
    r = zip_import(api, rtd, user="coauthor")
    assert r.status_code == 403 and r.json["error"]["code"] == "FORBIDDEN"
    locked = export(api, LOCKED)[0].data
    r = zip_import(api, locked)
    assert r.status_code == 403 and r.json["error"]["code"] == "STUDY_LOCKED"


def test_overwrite_flags(api):
    data = make_jzip(study_jas(), {"index.html": b"v1"})
    first = zip_import(api, data).json["data"]
    # new version: another title and file, a different dirName
    data2 = make_jzip(study_jas(title="Version Two", dir_name="other_dir"), {"index.html": b"v2"},
                      dir_name="other_dir")
    r = zip_import(api, data2, query="?keepProperties=true&keepAssets=true")
    assert r.status_code == 200 and r.json["data"]["title"] == "My Study"
    assert api.call("GET", f"studies/{first['id']}/assets/index.html", user="researcher").data == b"v1"
    r = zip_import(api, data2)  # defaults: properties and assets replaced, current dirName kept (A17)
    assert r.json["data"]["title"] == "Version Two" and r.json["data"]["dirName"] == "mystudy"
    assert api.call("GET", f"studies/{first['id']}/assets/index.html", user="researcher").data == b"v2"
    r = zip_import(api, data2, query="?keepCurrentAssetsName=false")
    assert r.json["data"]["dirName"] == "other_dir"


def test_overwrite_moves_missing_components_to_the_end_inactive(api):
    comps = [{"uuid": f"aaaaaaaa-0000-4000-8000-00000000000{i}", "title": f"C{i}"} for i in (1, 2)]
    sid = zip_import(api, make_jzip(study_jas(components=comps))).json["data"]["id"]
    zip_import(api, make_jzip(study_jas(components=[comps[1], {"uuid": "aaaaaaaa-0000-4000-8000-000000000009",
                                                               "title": "New"}])))
    listed = api.call("GET", f"studies/{sid}/components", user="researcher").json["data"]
    assert [c["title"] for c in listed] == ["C2", "New", "C1"]
    assert [c["active"] for c in listed] == [True, True, False]


def test_component_uuid_of_another_study_is_refused(api):
    comps = [{"uuid": "0d7a4c52-3b1e-4f6a-8e2d-9c1b5a7f3e01", "title": "Stolen"}]
    r = zip_import(api, make_jzip(study_jas(components=comps)))
    assert r.status_code == 403 and "same UUID" in r.json["error"]["message"]


# --- export ---------------------------------------------------------------------------------------------------

def test_export_format_and_headers(api):
    r, z = export(api, RTD)
    assert r.headers["Content-Type"] == "application/zip"
    assert r.headers["Content-Disposition"] == f'attachment; filename="jatos_study_{RTD}.jzip"'
    assert int(r.headers["Content-Length"]) == len(r.data)
    names = z.namelist()
    jas = [n for n in names if n.endswith(".jas")]
    assert len(jas) == 1 and "/" not in jas[0] and jas[0].startswith("reaction_time_demo")
    assert all(n.startswith("reaction_time_demo/") and not n.endswith("/") for n in names if n not in jas)
    doc = json.loads(z.read(jas[0]))
    assert doc["version"] == "3" and doc["data"]["uuid"] == RTD
    assert [c["title"] for c in doc["data"]["componentList"]] == ["Instructions", "Reaction Task", "Debriefing"]


def test_export_is_deterministic_for_the_same_seed(make_api):
    a, b = make_api(seed=7), make_api(seed=7)
    assert a.call("GET", f"studies/{RTD}", user="researcher").data == b.call("GET", f"studies/{RTD}",
                                                                             user="researcher").data


def test_reexport_of_imported_archive_keeps_jas_values_and_assets(api, potato_archive):
    original = zipfile.ZipFile(potato_archive)
    sid = zip_import(api, potato_archive.read_bytes()).json["data"]["id"]
    _, z = export(api, sid)
    jas_in = json.loads(original.read(next(n for n in original.namelist() if n.endswith(".jas"))))["data"]
    jas_out = json.loads(z.read(next(n for n in z.namelist() if n.endswith(".jas"))))["data"]
    for key in ("uuid", "title", "description", "groupStudy", "linearStudy", "dirName", "comments"):
        assert jas_out[key] == jas_in[key]
    for c_in, c_out in zip(jas_in["componentList"], jas_out["componentList"]):
        assert c_out["componentInput"] == c_in["jsonData"] and c_out["title"] == c_in["title"]
    assert jas_out["batchList"][0]["uuid"] == jas_in["batchList"][0]["uuid"]
    files_in = {n: original.read(n) for n in original.namelist() if not n.endswith((".jas", "/"))}
    files_out = {n: z.read(n) for n in z.namelist() if not n.endswith(".jas")}
    assert files_out == files_in


def test_export_access(api):
    assert api.call("GET", "studies/999", user="researcher").status_code == 404
    r = api.call("GET", f"studies/{SURVEY}", user="admin")
    assert r.status_code == 403 and r.json["error"]["code"] == "NO_ACCESS"
    r = api.call("GET", f"studies/{RTD}", user="viewer")
    assert r.status_code == 401 and r.json["error"]["code"] == "INVALID_API_TOKEN"


def test_head_study(api):
    assert api.call("HEAD", f"studies/{SURVEY}", user="admin").status_code == 204  # no membership needed
    assert api.call("HEAD", "studies/999", user="admin").status_code == 404
    assert api.call("HEAD", f"studies/{SURVEY}", user="researcher").status_code == 401


@pytest.mark.parametrize("fidelity", ["spec", "jatos"])
def test_head_study_content_types_are_the_contracts(make_api, fidelity):
    api = make_api(seed=1, fidelity=fidelity)
    found = api.call("HEAD", f"studies/{SURVEY}", user="admin")
    assert found.status_code == 204 and found.data == b"" and "Content-Type" not in found.headers
    missing = api.call("HEAD", "studies/nope", user="admin")
    assert missing.status_code == 404 and missing.data == b""
    if fidelity == "spec":
        assert missing.headers["Content-Type"] == "application/json"  # the NotFoundError response, not text/html
    else:
        assert "Content-Type" not in missing.headers  # A44: Play's notFound() has no entity


# --- delete ---------------------------------------------------------------------------------------------------

def test_delete_cascades(api):
    state = api.runtime.store.state
    study = next(s for s in state.studies.values() if s.uuid == RTD)
    component_ids, batch_ids = list(study.component_ids), list(study.batch_ids)
    r = api.call("DELETE", f"studies/{RTD}", user="researcher")
    assert r.status_code == 200 and r.json["message"] == "Study deleted successfully"
    assert all(c not in state.components for c in component_ids)
    assert all(b not in state.batches for b in batch_ids)
    assert RTD not in state.study_logs and any(k.startswith(RTD) for k in state.retired_study_logs)
    assert api.call("GET", f"studies/{RTD}/properties", user="researcher").status_code == 404
    # the dirName is free again
    r = api.call("POST", "studies", user="researcher", json={"title": "x", "dirName": "reaction_time_demo"})
    assert r.json["data"]["dirName"] == "reaction_time_demo"


def test_delete_locked_study(api):
    r = api.call("DELETE", f"studies/{LOCKED}", user="researcher")
    assert r.status_code == 403 and r.json["error"] == {"code": "STUDY_LOCKED", "message": "Study locked"}


# --- properties -----------------------------------------------------------------------------------------------

def test_properties_views(api):
    listed = api.call("GET", "studies/properties", user="coauthor").json["data"]
    assert [s["uuid"] for s in listed] == [SURVEY]
    assert api.call("GET", "studies/properties", user="admin").json["data"][0]["uuid"] == RTD
    full = api.call("GET", f"studies/{SURVEY}/properties?withComponentProperties=true&withBatchProperties=true",
                    user="viewer" if False else "researcher").json["data"]
    assert full["components"][1]["componentInput"] == {"pages": 2}
    assert full["batches"][0]["title"] == "Default" and full["batches"][0]["batchInput"] is None
    assert full["studyInput"] == {"language": "en"}
    assert len(full["descriptionHash"]) == 64
    refs = api.call("GET", f"studies/{SURVEY}/properties", user="researcher").json["data"]
    assert set(refs["components"][0]) == {"id", "uuid"}
    assert {m["username"] for m in refs["members"]} == {"researcher", "coauthor"}
    assert api.violations() == []


def test_patch_properties_reactivates_when_active_omitted(api):
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"active": False})
    assert r.json["data"]["active"] is False
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"title": "Renamed"})
    assert r.status_code == 200 and r.json["data"]["title"] == "Renamed" and r.json["data"]["active"] is True


def test_patch_properties_spec_keeps_active(spec_api):
    spec_api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"active": False})
    r = spec_api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"title": "Renamed"})
    assert r.json["data"]["active"] is False


def test_patch_properties_errors(api):
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="admin", json={"active": False})
    assert r.status_code == 403 and r.json["error"]["code"] == "NO_ACCESS"
    r = api.call("PATCH", f"studies/{LOCKED}/properties", user="researcher", json={"title": "x"})
    assert r.json["error"]["code"] == "STUDY_LOCKED"
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"id": 3})
    assert r.status_code == 400 and r.json["error"] == {"code": "VALIDATION_ERROR", "message": "Error in field 'id'"}
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"dirName": ""})
    assert r.json["error"]["message"] == "Error in field 'dirName' - Missing directory name"
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"dirName": "locked_study"})
    assert r.status_code == 500 and r.json["error"]["code"] == "IO_ERROR"
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json=[1])
    assert r.json["error"] == {"code": "INVALID_JSON", "message": "Request body is not a JSON object"}
    r = api.call("GET", f"studies/{SURVEY}/properties", user="researcher").json["data"]
    assert r["title"] == "Survey Pilot" and r["dirName"] == "survey_pilot"


def test_patch_dir_name_and_description_logged(api):
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher",
                 json={"dirName": "survey_v2", "description": "new text"})
    assert r.json["data"]["dirName"] == "survey_v2"
    flat = api.call("GET", f"studies/{SURVEY}/assets/structure", user="researcher").json["data"]
    assert flat["name"] == "survey_v2"
    log = json.loads(api.call("GET", f"studies/{SURVEY}/log?download=false", user="researcher").data)
    assert log[0]["msg"] == "Study description changed" and log[0]["userName"] == "Rita Researcher"


def test_spec_admin_may_toggle_active(spec_api):
    r = spec_api.call("PATCH", f"studies/{SURVEY}/properties", user="admin", json={"active": False})
    assert r.status_code == 200 and r.json["data"] == {"id": 2, "uuid": SURVEY, "active": False}


# --- "." and "..": directories that always exist under the study-assets root ----------------------------------

RENAME_REFUSED = ("Cannot {} study: a study assets directory with the same name exists already, but "
                  "'renameAssets' is set to false.")


@pytest.mark.parametrize("dir_name", [".", ".."])
def test_create_treats_dot_dir_names_as_taken(api, dir_name):
    r = api.call("POST", "studies", user="researcher", json={"title": "x", "dirName": dir_name})
    assert r.status_code == 201 and r.json["data"]["dirName"] == f"{dir_name}_2"
    before = study_count(api)
    r = api.call("POST", "studies?renameAssets=false", user="researcher", json={"title": "x", "dirName": dir_name})
    assert r.status_code == 403
    assert r.json["error"] == {"code": "FORBIDDEN", "message": RENAME_REFUSED.format("create")}
    r = api.call("POST", "studies/create", user="researcher", json={"title": "x", "dirName": dir_name})
    assert r.status_code == 403 and r.json["error"]["message"] == RENAME_REFUSED.format("create")
    assert study_count(api) == before
    assert api.violations() == []


@pytest.mark.parametrize("dir_name", [".", ".."])
def test_spec_fidelity_create_renames_dot_dir_names_from_suffix_1(spec_api, dir_name):
    r = spec_api.call("POST", "studies", user="researcher", json={"title": "x", "dirName": dir_name})
    assert r.status_code == 201 and r.json["data"]["dirName"] == f"{dir_name}_1"
    assert spec_api.violations() == []


@pytest.mark.parametrize("dir_name", [".", ".."])
def test_import_treats_dot_dir_names_as_taken(api, dir_name):
    data = make_jzip(study_jas(dir_name=dir_name), {"x.txt": b"payload"}, dir_name="assets_in_zip")
    before = study_count(api)
    r = zip_import(api, data, query="?renameAssets=false")
    assert r.status_code == 403
    assert r.json["error"] == {"code": "FORBIDDEN", "message": RENAME_REFUSED.format("import")}
    assert study_count(api) == before
    r = zip_import(api, data)
    assert r.status_code == 201 and r.json["data"]["dirName"] == f"{dir_name}_2"
    assert api.call("GET", f"studies/{r.json['data']['id']}/assets/x.txt", user="researcher").data == b"payload"
    assert api.violations() == []


@pytest.mark.parametrize("dir_name", [".", ".."])
def test_overwrite_into_a_dot_dir_name_fails_like_an_existing_directory(api, dir_name):
    first = zip_import(api, make_jzip(study_jas(), {"x.txt": b"v1"})).json["data"]
    r = zip_import(api, make_jzip(study_jas(dir_name=dir_name), {"x.txt": b"v2"}),
                   query="?keepCurrentAssetsName=false")
    assert r.status_code == 500
    assert r.json["error"] == {"code": "IO_ERROR", "message": f"IO error: Study assets directory \"{dir_name}\" "
                                                              "couldn't be created because it already exists."}
    assert api.call("GET", f"studies/{first['id']}/properties", user="researcher").json["data"]["dirName"] == \
        "mystudy"


@pytest.mark.parametrize("dir_name", [".", ".."])
def test_dot_dir_name_study_survives_export_and_reimport(api, dir_name):
    created = api.call("POST", "studies", user="researcher", json={"title": "Dots", "dirName": dir_name}).json["data"]
    sid = created["id"]
    r = api.call("POST", f"studies/{sid}/assets", user="researcher",
                 data={"studyAssetsFile": (io.BytesIO(b"payload"), "x.txt")}, content_type="multipart/form-data")
    assert r.status_code == 201
    _, z = export(api, sid)
    assets = [n for n in z.namelist() if not n.endswith(".jas")]
    assert assets == [f"{dir_name}_2/x.txt"]
    data = export(api, sid)[0].data
    r = zip_import(api, data)  # overwrite of the same study
    assert r.status_code == 200 and r.json["data"]["dirName"] == f"{dir_name}_2"
    assert api.call("GET", f"studies/{sid}/assets/x.txt", user="researcher").data == b"payload"
    assert api.call("DELETE", f"studies/{sid}", user="researcher").status_code == 200
    r = zip_import(api, data)  # a new study again
    assert r.status_code == 201 and r.json["data"]["dirName"] == f"{dir_name}_2"
    assert api.call("GET", f"studies/{r.json['data']['id']}/assets/x.txt", user="researcher").data == b"payload"
    assert api.violations() == []


@pytest.mark.parametrize("dir_name", [".", ".."])
def test_patch_dir_name_to_a_dot_name_fails(api, spec_api, dir_name):
    message = (f"Study assets directory \"survey_pilot\" couldn't be renamed to \"{dir_name}\" because it "
               "already exists.")
    r = api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"dirName": dir_name})
    assert r.status_code == 500 and r.json["error"] == {"code": "IO_ERROR", "message": f"IO error: {message}"}
    r = spec_api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"dirName": dir_name})
    assert r.status_code == 400
    assert r.json["error"] == {"code": "VALIDATION_ERROR", "message": f"Error in field 'dirName' - {message}"}
    for client in (api, spec_api):
        props = client.call("GET", f"studies/{SURVEY}/properties", user="researcher").json["data"]
        assert props["dirName"] == "survey_pilot"
        assert client.violations() == []


def _log_messages(api, study_id):
    r = api.call("GET", f"studies/{study_id}/log?download=false", user="researcher")
    return [(e["msg"], e.get("studyDescriptionHash")) for e in json.loads(r.data)]  # newest first


def test_overwrite_logs_a_changed_description_as_jatos_does(api):
    import hashlib

    jas = study_jas()
    study_id = zip_import(api, make_jzip(jas, {"index.html": b"v1"})).json["data"]["id"]
    before = _log_messages(api, study_id)
    assert zip_import(api, make_jzip(jas, {"index.html": b"v2"})).status_code == 200  # same description: no entry
    assert _log_messages(api, study_id) == before
    jas["data"]["description"] = "new words"
    assert zip_import(api, make_jzip(jas), query="?keepProperties=true").status_code == 200  # properties kept
    assert _log_messages(api, study_id) == before
    assert zip_import(api, make_jzip(jas)).status_code == 200
    # StudyService.updateStudyWithoutDirName: logStudyDescriptionHash(study, user) after the update
    new_hash = hashlib.sha256(b"new words").hexdigest()
    assert _log_messages(api, study_id) == [("Study description changed", new_hash)] + before
