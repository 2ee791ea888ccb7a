"""JATOS 3.9's study assets (reference 3.9 §2.14-§2.18, §3.3): directory paths with a trailing slash, inline
downloads, `Error writing file`, an empty 400 for deleting a directory."""

import io

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text


def upload(api, path, name="f.txt", data=b"data"):
    return api.call("POST", f"studies/1/assets/{path}", data={"studyAssetsFile": (io.BytesIO(data), name)})


def test_directories_carry_a_trailing_slash_in_the_structure(api39):
    root = api39.call("GET", "studies/1/assets/structure").get_json()["data"]
    assert root["path"] == ""
    dirs = [n for n in root["content"] if n["type"] == "directory"]
    assert dirs and all(n["path"] == n["name"] + "/" for n in dirs)
    assert all(f["path"] == d["path"] + f["name"] for d in dirs for f in d["content"] if f["type"] == "file")


def test_flatten_lists_empty_directories_and_an_empty_root(api39):
    assert upload(api39, "sub/").status_code == 200
    api39.call("DELETE", "studies/1/assets/sub/f.txt")
    leaves = api39.call("GET", "studies/1/assets/structure?flatten=true").get_json()["data"]
    assert {"name": "sub", "path": "sub/", "type": "directory"}.items() <= next(
        n for n in leaves if n["name"] == "sub").items()


def test_downloads_are_inline_with_the_type_of_the_extension(api39):
    upload(api39, "page.html", data=b"<p>")
    r = api39.call("GET", "studies/1/assets/page.html")
    assert r.status_code == 200 and r.get_data() == b"<p>"
    assert r.headers["Content-Disposition"].startswith("inline")
    assert r.mimetype == "text/html"


def test_upload_targets(api39):
    assert upload(api39, "", name="top.txt").status_code == 200  # the root: the file's own name
    assert upload(api39, "deep/er/", name="in.txt").status_code == 200  # a folder: created
    assert upload(api39, "renamed.txt", name="ignored.txt").status_code == 200  # a name: the target
    state = api39.runtime.store.state
    assert {"top.txt", "deep/er/in.txt", "renamed.txt"} <= set(state.studies[1].assets)
    assert upload(api39, "renamed.txt", data=b"new").status_code == 200  # replaced, still 200
    assert api39.call("GET", "studies/1/assets/renamed.txt").get_data() == b"new"


@pytest.mark.parametrize("path", ["..%2F..%2Fescape.txt", "css", "css/style.css/under.txt"])
def test_what_jatos_cannot_write_is_error_writing_file(api39, path):
    assert text(upload(api39, path)) == (400, PLAIN, "Error writing file")


def test_upload_without_the_part_is_file_missing(api39):
    assert text(api39.call("POST", "studies/1/assets/x.txt", data={"other": (io.BytesIO(b"x"), "x")})) == (
        400, PLAIN, "File missing")


def test_delete_answers(api39):
    assert (api39.call("DELETE", "studies/1/assets/css").status_code,
            api39.call("DELETE", "studies/1/assets/css").get_data()) == (400, b"")
    assert text(api39.call("DELETE", "studies/1/assets/nothing.txt")) == (
        404, PLAIN, "File 'nothing.txt' couldn't be found.")
    assert text(api39.call("GET", "studies/1/assets/nothing.txt")) == (
        404, PLAIN, "File 'nothing.txt' couldn't be found.")


def test_changes_to_a_locked_studys_assets_are_refused(api39):
    r = api39.call("DELETE", "studies/3/assets/index.html", user="researcher")
    assert text(r) == (403, PLAIN, "Study with ID 3 is locked. Unlock it if you want to make changes.")
