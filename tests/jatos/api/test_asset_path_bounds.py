"""Issue 16 D3: asset paths are bounded as the file system under JATOS bounds them, and deep trees answer."""

import io
import json
import zipfile

RTD = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"


def upload(api, path, data=b"x"):
    return api.call("POST", f"studies/{RTD}/assets/{path}", user="researcher",
                    data={"studyAssetsFile": (io.BytesIO(data), "f.txt")}, content_type="multipart/form-data")


def _study(api):
    return next(s for s in api.runtime.store.state.studies.values() if s.uuid == RTD)


def test_a_deep_tree_answers_structure_and_flatten(api):
    deep = "a/" * 600 + "f.txt"
    assert upload(api, deep).status_code == 201
    r = api.call("GET", f"studies/{RTD}/assets/structure", user="researcher")
    assert r.status_code == 200, r.get_data()[:300]
    node, depth = r.get_json()["data"], 0
    while node["type"] == "directory":
        node = next(n for n in node["content"] if n["name"] in ("a", "f.txt")) if depth else \
            next(n for n in node["content"] if n["name"] == "a")
        depth += 1
    assert node["path"] == deep and depth == 601
    flat = api.call("GET", f"studies/{RTD}/assets/structure", user="researcher", query_string={"flatten": "true"})
    assert flat.status_code == 200 and deep in [n["path"] for n in flat.get_json()["data"]]
    assert api.violations() == []


def test_a_path_the_file_system_refuses_is_not_stored(any_api):
    jatos = any_api.runtime.profile.fidelity == "jatos"
    before = dict(_study(any_api).assets), set(_study(any_api).asset_dirs)
    for path in ("a/" * 2048 + "f.txt", "n" * 256 + "/f.txt", "é" * 128 + ".txt"):
        r = upload(any_api, path)
        expected = (500, "UNSPECIFIED", "Error writing file") if jatos else (400, "VALIDATION_ERROR", None)
        error = r.get_json()["error"]
        assert (r.status_code, error["code"]) == expected[:2], path[:20]
        if jatos:
            assert error["message"] == "Error writing file"
    assert (dict(_study(any_api).assets), set(_study(any_api).asset_dirs)) == before
    # the limits themselves pass: a 255-byte name, a path of 4095 bytes with the study's directory
    assert upload(any_api, "n" * 255).status_code == 201
    room = 4095 - len(_study(any_api).dir_name.encode()) - 1
    assert upload(any_api, "b/" * ((room - 5) // 2) + "f.txt"[: 5 + (room - 5) % 2]).status_code == 201
    assert any_api.violations() == []


def test_an_archive_entry_the_file_system_refuses_fails_to_unpack(api):
    buffer = io.BytesIO()
    jas = {"version": "3", "data": {"uuid": "deep-1", "title": "Deep", "dirName": "deep", "componentList": [],
                                    "batchList": []}}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("deep/" + "a/" * 16000 + "f.txt", b"x")  # the audit's 64 KB archive that cost +500 MB
        z.writestr("s.jas", json.dumps(jas))
    r = api.call("POST", "studies", user="researcher", data=buffer.getvalue(),
                 headers={"Content-Type": "application/zip"})
    assert r.status_code == 400
    assert r.get_json()["error"] == {"code": "IMPORT_EXPORT_ERROR", "message": "Unpacking ZIP archive failed"}
