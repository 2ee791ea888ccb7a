"""Study assets through the HTTP API (reference A §7)."""

import io
import json
import re
import zlib
from urllib.parse import unquote

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jatos_mock.jatos.domain import assets
from jatos_mock.jatos.resources import contract_path

RTD = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"
SURVEY = "b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d"
LOCKED = "c3d9f1a2-6b4e-4c8d-9e0f-1a2b3c4d5e6f"


def upload(api, path, data=b"hello", name="f.txt", user="researcher", study=RTD, part="studyAssetsFile"):
    url = f"studies/{study}/assets" + (f"/{path}" if path is not None else "")
    return api.call("POST", url, user=user, data={part: (io.BytesIO(data), name)}, content_type="multipart/form-data")


def assets_of(api, study=RTD):
    return next(s for s in api.runtime.store.state.studies.values() if s.uuid == study).assets


def test_structure_tree_and_flatten(api):
    tree = api.call("GET", f"studies/{RTD}/assets/structure", user="researcher").json["data"]
    assert tree["name"] == "reaction_time_demo" and tree["path"] == "" and tree["type"] == "directory"
    assert "checksum" not in tree
    js = next(n for n in tree["content"] if n["name"] == "js")
    reaction = js["content"][0]
    assert reaction["path"] == "js/reaction.js" and "content" not in reaction
    data = api.call("GET", f"studies/{RTD}/assets/js/reaction.js", user="researcher").data
    assert reaction["checksum"] == zlib.adler32(data) and reaction["size"] == len(data)
    flat = api.call("GET", f"studies/{RTD}/assets/structure?flatten=true", user="researcher").json["data"]
    assert {e["path"] for e in flat} == {"css/style.css", "debriefing.html", "img/stimulus.png",
                                         "instructions.html", "js/reaction.js", "reaction_time.html"}
    assert api.violations() == []


def test_flatten_lists_empty_directories(api, spec_api):
    for client, expected in ((api, True), (spec_api, False)):
        upload(client, "empty/f.txt")
        client.call("DELETE", f"studies/{RTD}/assets/empty/f.txt", user="researcher")
        flat = client.call("GET", f"studies/{RTD}/assets/structure?flatten=true", user="researcher").json["data"]
        assert any(e["path"] == "empty" and e["type"] == "directory" for e in flat) is expected


def test_download_guesses_mime_type(api, spec_api):
    r = api.call("GET", f"studies/{RTD}/assets/img/stimulus.png", user="researcher")
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    assert r.headers["Content-Disposition"] == 'attachment; filename="stimulus.png"'
    assert r.data.startswith(b"\x89PNG")
    r = spec_api.call("GET", f"studies/{RTD}/assets/img%2Fstimulus.png", user="researcher")
    assert r.headers["Content-Type"] == "application/octet-stream"


def test_download_errors(api):
    r = api.call("GET", f"studies/{RTD}/assets/nope.txt", user="researcher")
    assert r.status_code == 404 and r.json["error"]["message"] == "File 'nope.txt' couldn't be found."
    r = api.call("GET", f"studies/{RTD}/assets/js", user="researcher")
    assert r.status_code == 404
    r = api.call("GET", f"studies/{RTD}/assets/img/stimulus.png", user="viewer")
    assert r.status_code == 401
    r = api.call("GET", f"studies/{SURVEY}/assets/consent.html", user="admin")
    assert r.json["error"]["code"] == "NO_ACCESS"


@pytest.mark.parametrize("path", ["..%2F..%2Fetc%2Fpasswd", "%2F..%2Fsecret", "a%5Cb.txt", "..", "x%3Ay"])
def test_traversal_is_refused_everywhere(api, path):
    before = dict(assets_of(api))
    r = api.call("GET", f"studies/{RTD}/assets/{path}", user="researcher")
    assert r.status_code == 500 and r.json["error"]["code"] == "IO_ERROR"
    r = upload(api, path)
    assert r.status_code == 400 and r.json["error"]["code"] == "VALIDATION_ERROR"
    assert r.json["error"]["message"].startswith("Invalid path: ")
    r = api.call("DELETE", f"studies/{RTD}/assets/{path}", user="researcher")
    assert r.status_code == 500 and r.json["error"] == {"code": "UNSPECIFIED", "message": "Error writing file"}
    assert assets_of(api) == before


def test_upload_targets(api):
    r = upload(api, None, b"root", name="top.txt")
    assert r.status_code == 201 and r.json["message"] == "File uploaded successfully"
    assert upload(api, "%2F", b"slash", name="slash.txt").status_code == 201
    assert upload(api, "images/", b"img", name="pic.png").status_code == 201
    assert upload(api, "deep%2Fer/renamed.txt", b"renamed", name="orig.txt").status_code == 201
    r = upload(api, None, b"root2", name="top.txt")
    assert r.status_code == 200 and r.json["message"] == "File overwritten successfully"
    files = assets_of(api)
    assert {"top.txt", "slash.txt", "images/pic.png", "deep/er/renamed.txt"} <= set(files)
    assert api.call("GET", f"studies/{RTD}/assets/top.txt", user="researcher").data == b"root2"
    assert api.violations() == []


def test_upload_conflicts_and_missing_file(api):
    r = upload(api, "js")
    assert r.status_code == 400 and r.json["error"] == {
        "code": "FILE_ALREADY_EXISTS", "message": "File already exists but is of a different type"}
    r = upload(api, "debriefing.html/x.txt")
    assert r.json["error"]["code"] == "FILE_ALREADY_EXISTS"
    r = upload(api, "x.txt", part="wrong")
    assert r.status_code == 400 and r.json["error"] == {"code": "MISSING_FILE", "message": "File missing"}
    r = api.call("POST", f"studies/{RTD}/assets/x.txt", user="researcher", data=b"raw",
                 headers={"Content-Type": "application/octet-stream"})
    assert r.json["error"]["code"] == "MISSING_FILE"
    r = upload(api, "x.txt", study=LOCKED)
    assert r.json["error"]["code"] == "STUDY_LOCKED"
    assert "x.txt" not in assets_of(api)


def test_upload_too_large(make_api):
    from jatos_mock.jatos.domain.config import JatosConfig
    small = make_api(seed=1, jatos=JatosConfig(max_upload_bytes=1000))
    r = upload(small, "big.bin", b"\0" * 5000)
    assert r.status_code == 413 and r.json["error"]["code"] == "TOO_LARGE"
    assert "big.bin" not in assets_of(small)


def test_delete(api):
    r = api.call("DELETE", f"studies/{RTD}/assets/css/style.css", user="researcher")
    assert r.status_code == 200 and r.json["message"] == "File deleted successfully"
    assert "css/style.css" not in assets_of(api)
    r = api.call("DELETE", f"studies/{RTD}/assets/css/style.css", user="researcher")
    assert r.status_code == 404
    r = api.call("DELETE", f"studies/{RTD}/assets/js", user="researcher")
    assert r.status_code == 500 and r.json["error"]["code"] == "UNSPECIFIED"
    r = api.call("DELETE", f"studies/{LOCKED}/assets/index.html", user="researcher")
    assert r.json["error"]["code"] == "STUDY_LOCKED"


# --- spec fidelity: the contract's answers where JATOS deviates, and no violations --------------------------------

CONTRACT = "Request violates the API contract: "


def test_spec_download_errors(spec_api):
    r = spec_api.call("GET", f"studies/{RTD}/assets/nope.txt", user="researcher")
    assert r.status_code == 404 and r.json["error"] == {"code": "NOT_FOUND",
                                                        "message": "File 'nope.txt' couldn't be found."}
    r = spec_api.call("GET", f"studies/{RTD}/assets/js", user="researcher")
    assert r.status_code == 404 and r.json["error"] == {"code": "NOT_FOUND", "message": "File 'js' couldn't be found."}
    for user, study in (("viewer", RTD), ("admin", SURVEY)):  # non-members; a VIEWER token is valid here (A39)
        r = spec_api.call("GET", f"studies/{study}/assets/index.html", user=user)
        assert r.status_code == 403 and r.json["error"] == {"code": "NO_ACCESS", "message": "No access to study."}
    assert spec_api.violations() == []


def test_viewer_member_uses_assets_in_spec_fidelity_only(api, spec_api):
    for client in (api, spec_api):
        viewer = next(u.id for u in client.runtime.store.state.users.values() if u.username == "viewer")
        assert client.call("PUT", f"studies/{RTD}/members/{viewer}", user="researcher").status_code == 200
    for r in (api.call("GET", f"studies/{RTD}/assets/img/stimulus.png", user="viewer"),
              upload(api, "v.txt", user="viewer"),
              api.call("DELETE", f"studies/{RTD}/assets/css/style.css", user="viewer")):
        assert r.status_code == 401 and r.json["error"] == {"code": "INVALID_API_TOKEN",
                                                            "message": "Invalid api token"}
    r = spec_api.call("GET", f"studies/{RTD}/assets/img/stimulus.png", user="viewer")
    assert r.status_code == 200 and r.data.startswith(b"\x89PNG")
    r = upload(spec_api, "v.txt", user="viewer")
    assert r.status_code == 201 and r.json["message"] == "File uploaded successfully"
    r = spec_api.call("DELETE", f"studies/{RTD}/assets/v.txt", user="viewer")
    assert r.status_code == 200 and r.json["message"] == "File deleted successfully"
    assert api.violations() == [] and spec_api.violations() == []


@pytest.mark.parametrize("path", ["..%2F..%2Fetc%2Fpasswd", "%2F..%2Fsecret", "a%5Cb.txt", "..", "x%3Ay"])
def test_spec_traversal_is_a_validation_error_everywhere(spec_api, path):
    before = dict(assets_of(spec_api))
    # the contract's filepath patterns state JATOS's path rule: refused before the action
    expected = {"code": "VALIDATION_ERROR", "message": f"Request violates the API contract: path parameter "
                                                       f"'filepath': {json.dumps(unquote(path))} does not match the "
                                                       f"contract's pattern"}
    for r in (spec_api.call("GET", f"studies/{RTD}/assets/{path}", user="researcher"),
              upload(spec_api, path),
              spec_api.call("DELETE", f"studies/{RTD}/assets/{path}", user="researcher")):
        assert r.status_code == 400 and r.json["error"] == expected
    assert assets_of(spec_api) == before
    assert spec_api.violations() == []


def test_spec_upload_conflicts_and_missing_file(spec_api):
    conflict = {"code": "VALIDATION_ERROR", "message": "File already exists but is of a different type"}  # A1
    for path in ("js", "debriefing.html/x.txt"):
        r = upload(spec_api, path)
        assert r.status_code == 400 and r.json["error"] == conflict
    r = upload(spec_api, "x.txt", part="wrong")  # the contract requires the part: refused before the action
    assert r.status_code == 400 and r.json["error"] == {
        "code": "VALIDATION_ERROR", "message": CONTRACT + "request body: required part 'studyAssetsFile' is missing"}
    r = spec_api.call("POST", f"studies/{RTD}/assets/x.txt", user="researcher", data=b"raw",
                      headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 400 and r.json["error"]["code"] == "VALIDATION_ERROR"
    assert r.json["error"]["message"].startswith(CONTRACT + "request media type 'application/octet-stream'")
    r = upload(spec_api, "x.txt", study=LOCKED)
    assert r.status_code == 403 and r.json["error"] == {"code": "STUDY_LOCKED", "message": "Study locked"}
    r = upload(spec_api, "x.txt", user="admin", study=SURVEY)
    assert r.status_code == 403 and r.json["error"] == {"code": "NO_ACCESS", "message": "No access to study."}
    assert "x.txt" not in assets_of(spec_api) and "x.txt" not in assets_of(spec_api, SURVEY)
    assert spec_api.violations() == []


def _too_large_upload(make_api, fidelity):
    from jatos_mock.jatos.domain.config import JatosConfig
    small = make_api(seed=1, fidelity=fidelity, jatos=JatosConfig(max_upload_bytes=1000))
    r = upload(small, "big.bin", b"\0" * 5000)
    assert r.status_code == 413 and r.json["error"] == {"code": "TOO_LARGE", "message": "Request entity too large"}
    assert "big.bin" not in assets_of(small)
    return small


def test_spec_upload_too_large(make_api):
    _too_large_upload(make_api, "spec")


@pytest.mark.parametrize("fidelity", ["jatos", "spec"])
def test_too_large_upload_keeps_to_the_contract(make_api, fidelity):
    assert _too_large_upload(make_api, fidelity).violations() == []


def test_spec_delete(spec_api):
    r = spec_api.call("DELETE", f"studies/{RTD}/assets/css/style.css", user="researcher")
    assert r.status_code == 200 and r.json["message"] == "File deleted successfully"
    r = spec_api.call("DELETE", f"studies/{RTD}/assets/css/style.css", user="researcher")
    assert r.status_code == 404 and r.json["error"] == {"code": "NOT_FOUND",
                                                        "message": "File 'css/style.css' couldn't be found."}
    r = spec_api.call("DELETE", f"studies/{RTD}/assets/js", user="researcher")  # a directory: 400, not A31's 500
    assert r.status_code == 400 and r.json["error"] == {"code": "VALIDATION_ERROR", "message": "Invalid path: js"}
    assert "js/reaction.js" in assets_of(spec_api)
    r = spec_api.call("DELETE", f"studies/{LOCKED}/assets/index.html", user="researcher")
    assert r.status_code == 403 and r.json["error"] == {"code": "STUDY_LOCKED", "message": "Study locked"}
    assert spec_api.violations() == []


@pytest.mark.parametrize("path, shown", [(".", "."), ("img%2F..", "img/.."), ("%2F.", ".")])
def test_a_path_naming_the_assets_directory_is_no_file(any_api, path, shown):
    # getFileSecurely takes it (it stays inside the assets), Files.isRegularFile says no: 404 in JATOS too
    r = any_api.call("GET", f"studies/{RTD}/assets/{path}", user="researcher")
    assert r.status_code == 404 and r.json["error"]["message"] == f"File '{shown}' couldn't be found."
    assert any_api.violations() == []


@pytest.mark.parametrize("path, message", [
    ("%20%20", "IO error: File missing"),  # getFileInStudyAssetsDir: blank after trim
    ("%2F%2Fx", 'IO error: Path "/x" should be relative.'),  # one '/' is dropped, the rest is absolute
    ("a%2F..%2F..%2Fb", 'IO error: Couldn\'t generate path to file or directory "a/../../b".'),
])
def test_download_refusals_carry_ioutils_messages(api, path, message):
    r = api.call("GET", f"studies/{RTD}/assets/{path}", user="researcher")
    assert r.status_code == 500 and r.json["error"] == {"code": "IO_ERROR", "message": message}


def test_names_java_does_not_trim_are_files(api):
    # String.trim drops only chars <= U+0020: an ideographic space is a name, and a blank-led target loses its blank
    assert upload(api, "%E3%80%80").status_code == 201
    assert api.call("GET", f"studies/{RTD}/assets/%E3%80%80", user="researcher").get_data() == b"hello"
    assert upload(api, "%20%2Fnote.txt").status_code == 201
    assert "note.txt" in assets_of(api)


def test_deleting_the_assets_directory_is_a_write_error(api, spec_api):
    r = api.call("DELETE", f"studies/{RTD}/assets/.", user="researcher")
    assert r.status_code == 500 and r.json["error"] == {"code": "UNSPECIFIED", "message": "Error writing file"}
    r = spec_api.call("DELETE", f"studies/{RTD}/assets/.", user="researcher")
    assert r.status_code == 400 and r.json["error"] == {"code": "VALIDATION_ERROR", "message": "Invalid path: ."}


def _contract_pattern(method):
    paths = yaml.safe_load(contract_path().read_text())["paths"]
    operation = paths["/jatos/api/v1/studies/{id}/assets/{filepath}"][method]
    return next(p for p in operation["parameters"] if p.get("name") == "filepath")["schema"]["pattern"]


@pytest.mark.parametrize("method", ["get", "delete"])
def test_the_contract_path_pattern_admits_only_paths_jatos_takes(method):
    pattern = _contract_pattern(method).replace("$", r"\Z")  # ECMA's '$' (Python's also passes before a '\n')

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.from_regex(pattern) | st.text(alphabet="./ ab", max_size=8).filter(lambda t: re.search(pattern, t)))
    def admitted(value):
        path = value[1:] if value.startswith("/") else value
        refused = assets.refusal(path)
        # the one rule a pattern cannot state: a '..' that climbs out after other segments
        assert refused is None or re.search(r"[^/.]/+\.\.(/|$)|^(\.?/)*[^/]+/(.*/)?\.\./\.\.", path), (value, refused)

    admitted()
    for value in ("", "/", "  ", "//x", "..", "../x", "./../x", "a:b", "a\\b", "x\x01"):
        assert not re.search(pattern, value), value
