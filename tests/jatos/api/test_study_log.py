"""The study log through the HTTP API (reference A §9)."""

import json

SURVEY = "b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d"


def test_download_is_the_raw_file_oldest_first(api):
    r = api.call("GET", f"studies/{SURVEY}/log", user="researcher")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/octet-stream"
    assert r.headers["Content-Disposition"] == f'attachment; filename="jatos_studylog_{SURVEY}.log"'
    lines = r.data.decode("latin-1").split("\n")
    assert lines[0] == "" and json.loads(lines[1])["msg"] == "Initial entry"
    assert json.loads(lines[1])["hashFunction"] == "SHA-256"


def test_array_newest_first_with_limit_and_cut_marker(api):
    api.call("PATCH", f"studies/{SURVEY}/properties", user="researcher", json={"description": "changed"})
    r = api.call("GET", f"studies/{SURVEY}/log?download=false", user="viewer" if False else "researcher")
    assert r.headers["Content-Type"] == "application/x-ndjson"
    entries = json.loads(r.data)
    assert entries[0]["msg"] == "Study description changed" and entries[-1]["msg"] == "Initial entry"
    r = api.call("GET", f"studies/{SURVEY}/log?download=false&entryLimit=1", user="researcher")
    assert json.loads(r.data) == [entries[0], "--- Log is cut here. Download it to get the whole file. ---"]
    r = api.call("GET", f"studies/{SURVEY}/log?download=false&entryLimit=0", user="researcher")
    assert r.data.startswith(b"[,")  # JATOS's invalid JSON


def test_spec_fidelity_gives_json_lines(spec_api):
    r = spec_api.call("GET", f"studies/{SURVEY}/log?download=false", user="researcher")
    lines = [json.loads(line) for line in r.data.decode().splitlines()]
    assert lines[-1]["msg"] == "Initial entry"


def test_errors(api):
    r = api.call("GET", "studies/999/log", user="researcher")
    assert r.status_code == 404 and r.json["error"]["message"] == "Study doesn't exist."
    r = api.call("GET", f"studies/{SURVEY}/log?entryLimit=2147483648", user="researcher")  # not a Java int
    assert r.status_code == 400 and r.json["error"]["code"] == "CLIENT_ERROR"
    r = api.call("GET", f"studies/{SURVEY}/log?entryLimit=x", user="researcher")
    assert r.status_code == 400 and r.json["error"]["code"] == "CLIENT_ERROR"
    r = api.call("GET", f"studies/{SURVEY}/log", user="admin")
    assert r.status_code == 403


def test_unknown_study_is_404_in_spec_fidelity_too(spec_api):
    # Api.studyLog answers 404 (A32); our contract documents it, so spec fidelity no longer turns it into a 400
    r = spec_api.call("GET", "studies/0/log?entryLimit=-1", user="researcher")
    assert r.status_code == 404 and r.json["error"] == {"code": "NOT_FOUND", "message": "Study doesn't exist."}
