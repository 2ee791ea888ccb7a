"""Components through the HTTP API (reference A §10)."""

RTD = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"
SURVEY = "b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d"
LOCKED_COMPONENT = "7e3a5c1d-2b4f-4d6e-8a9c-0b1d2e3f4a51"


def test_create_answers_200_and_appends(api, spec_api):
    r = api.call("POST", f"studies/{RTD}/components", user="researcher",
                 json={"title": "Extra", "componentInput": {"k": 1}, "htmlFilePath": "extra.html"})
    assert r.status_code == 200
    comp = r.json["data"]
    assert comp["componentInput"] == {"k": 1} and comp["reloadable"] is False and comp["active"] is True
    listed = api.call("GET", f"studies/{RTD}/components", user="viewer" if False else "researcher").json["data"]
    assert listed[-1]["uuid"] == comp["uuid"] and len(listed) == 4
    assert spec_api.call("POST", f"studies/{RTD}/components", user="researcher",
                         json={"title": "Extra"}).status_code == 201
    assert api.violations() == []


def test_create_errors(api):
    r = api.call("POST", f"studies/{RTD}/components", user="researcher", json={"title": "x", "bad": 1})
    assert r.status_code == 400 and r.json["error"]["code"] == "INVALID_JSON"
    r = api.call("POST", f"studies/{RTD}/components", user="researcher", json={"title": "x", "htmlFilePath": "a b"})
    assert r.json["error"]["code"] == "VALIDATION_ERROR" and "htmlFilePath" in r.json["error"]["message"]
    r = api.call("POST", f"studies/{RTD}/components", user="researcher", data=b"",
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    r = api.call("POST", f"studies/{SURVEY}/components", user="admin", json={"title": "x"})
    assert r.json["error"]["code"] == "NO_ACCESS"
    r = api.call("POST", "studies/3/components", user="researcher", json={"title": "x"})
    assert r.json["error"]["code"] == "STUDY_LOCKED"
    assert len(api.call("GET", f"studies/{RTD}/components", user="researcher").json["data"]) == 3


def test_get_by_id_or_uuid_and_viewer_access(api):
    r = api.call("GET", "components/0d7a4c52-3b1e-4f6a-8e2d-9c1b5a7f3e02", user="researcher")
    assert r.status_code == 200 and r.json["data"]["title"] == "Reaction Task"
    assert r.json["data"]["componentInput"] == {"stimulus": "img/stimulus.png"}
    r = api.call("GET", "components/999", user="researcher")
    assert r.status_code == 404 and r.json["error"]["message"] == "Component doesn't exist."


def test_patch(api):
    r = api.call("PATCH", "components/1", user="researcher", json={"title": "Intro", "active": False})
    assert r.status_code == 200 and r.json["data"]["title"] == "Intro" and r.json["data"]["active"] is False
    assert r.json["data"]["htmlFilePath"] == "instructions.html"
    r = api.call("PATCH", "components/1", user="researcher", json={"id": 5, "foo": 1})
    assert r.json["error"] == {"code": "VALIDATION_ERROR", "message": "Error in field 'foo'"}
    r = api.call("PATCH", f"components/{LOCKED_COMPONENT}", user="researcher", json={"title": "x"})
    assert r.json["error"]["code"] == "STUDY_LOCKED"


def test_patch_html_rename_moves_the_asset(api):
    r = api.call("PATCH", "components/1", user="researcher",
                 json={"htmlFilePath": "intro.html", "htmlFileRename": True})
    assert r.status_code == 200 and r.json["data"]["htmlFilePath"] == "intro.html"
    assert api.call("GET", f"studies/{RTD}/assets/intro.html", user="researcher").status_code == 200
    r = api.call("PATCH", "components/2", user="researcher",
                 json={"htmlFilePath": "intro.html", "htmlFileRename": True})
    assert r.status_code == 500 and r.json["error"]["code"] == "IO_ERROR"


def test_patch_null_html_path_crashes_like_jatos(api):
    new = api.call("POST", f"studies/{RTD}/components", user="researcher", json={"title": "No file"}).json["data"]
    r = api.call("PATCH", f"components/{new['id']}", user="researcher", json={"htmlFilePath": "a.html"})
    assert r.status_code == 500 and r.json["error"]["code"] == "UNEXPECTED_ERROR"
    r = api.call("PATCH", f"components/{new['id']}", user="researcher", json={"title": "Still no file"})
    assert r.json["data"]["htmlFilePath"] == ""


def test_delete(api):
    r = api.call("DELETE", "components/2", user="researcher")
    assert r.status_code == 200 and r.json["message"] == "Component deleted successfully"
    listed = api.call("GET", f"studies/{RTD}/components", user="researcher").json["data"]
    assert [c["id"] for c in listed] == [1, 3]
    assert api.call("GET", "components/2", user="researcher").status_code == 404


# --- spec fidelity: get/patch/delete answers, and no contract violations ------------------------------------------

NO_ACCESS = {"code": "NO_ACCESS", "message": "No access to study."}
NO_COMPONENT = {"code": "NOT_FOUND", "message": "Component doesn't exist."}
LOCKED = {"code": "STUDY_LOCKED", "message": "Study locked"}


def test_spec_get(spec_api):
    r = spec_api.call("GET", "components/0d7a4c52-3b1e-4f6a-8e2d-9c1b5a7f3e02", user="researcher")
    assert r.status_code == 200 and r.json["data"]["title"] == "Reaction Task"
    r = spec_api.call("GET", "components/999", user="researcher")
    assert r.status_code == 404 and r.json["error"] == NO_COMPONENT
    r = spec_api.call("GET", "components/1", user="coauthor")
    assert r.status_code == 403 and r.json["error"] == NO_ACCESS
    assert spec_api.violations() == []


def test_spec_patch(spec_api):
    r = spec_api.call("PATCH", "components/1", user="researcher", json={"title": "Intro", "active": False})
    assert r.status_code == 200 and r.json["data"]["title"] == "Intro" and r.json["data"]["active"] is False
    r = spec_api.call("PATCH", "components/1", user="researcher", json={"id": 5, "foo": 1})
    assert r.status_code == 400 and r.json["error"] == {  # ComponentUpdate is closed: the contract refuses it
        "code": "VALIDATION_ERROR",
        "message": "Request violates the API contract: request body: Additional properties are not allowed ('foo' "
                   "was unexpected)"}
    r = spec_api.call("PATCH", "components/1", user="researcher", json={"htmlFilePath": "a b"})
    assert r.status_code == 400 and r.json["error"] == {  # the contract states JATOS's rule: refused before the action
        "code": "VALIDATION_ERROR",
        "message": "Request violates the API contract: request body/htmlFilePath: \"a b\" does not match the "
                   "contract's pattern"}
    r = spec_api.call("PATCH", "components/1", user="researcher", json=[1])  # refused by the contract itself
    assert r.status_code == 400 and r.json["error"]["code"] == "VALIDATION_ERROR"
    assert r.json["error"]["message"].startswith("Request violates the API contract: request body")
    r = spec_api.call("PATCH", f"components/{LOCKED_COMPONENT}", user="researcher", json={"title": "x"})
    assert r.status_code == 403 and r.json["error"] == LOCKED
    r = spec_api.call("PATCH", "components/999", user="researcher", json={"title": "x"})
    assert r.status_code == 404 and r.json["error"] == NO_COMPONENT
    r = spec_api.call("PATCH", "components/1", user="coauthor", json={"title": "x"})
    assert r.status_code == 403 and r.json["error"] == NO_ACCESS
    assert spec_api.call("GET", "components/1", user="researcher").json["data"]["title"] == "Intro"
    assert spec_api.violations() == []


def test_spec_patch_answers_where_jatos_crashes(spec_api):
    # A35: JATOS answers 500 on a rename clash and on a null htmlFilePath; the contract has 400 and 200
    r = spec_api.call("PATCH", "components/1", user="researcher",
                      json={"htmlFilePath": "intro.html", "htmlFileRename": True})
    assert r.status_code == 200 and r.json["data"]["htmlFilePath"] == "intro.html"
    r = spec_api.call("PATCH", "components/2", user="researcher",
                      json={"htmlFilePath": "intro.html", "htmlFileRename": True})
    assert r.status_code == 400 and r.json["error"] == {
        "code": "VALIDATION_ERROR", "message": "Error in field 'htmlFilePath' - HTML file \"reaction_time.html\" "
                                               "couldn't be renamed to \"intro.html\" because it already exists."}
    assert spec_api.call("GET", "components/2", user="researcher").json["data"]["htmlFilePath"] == \
        "reaction_time.html"
    new = spec_api.call("POST", f"studies/{RTD}/components", user="researcher",
                        json={"title": "No file"}).json["data"]
    r = spec_api.call("PATCH", f"components/{new['id']}", user="researcher", json={"htmlFilePath": "a.html"})
    assert r.status_code == 200 and r.json["data"]["htmlFilePath"] == "a.html"
    assert spec_api.violations() == []


def test_spec_delete(spec_api):
    r = spec_api.call("DELETE", "components/2", user="researcher")
    assert r.status_code == 200 and r.json["message"] == "Component deleted successfully"
    r = spec_api.call("DELETE", "components/2", user="researcher")
    assert r.status_code == 404 and r.json["error"] == NO_COMPONENT
    r = spec_api.call("DELETE", f"components/{LOCKED_COMPONENT}", user="researcher")
    assert r.status_code == 403 and r.json["error"] == LOCKED
    r = spec_api.call("DELETE", "components/3", user="coauthor")
    assert r.status_code == 403 and r.json["error"] == NO_ACCESS
    listed = spec_api.call("GET", f"studies/{RTD}/components", user="researcher").json["data"]
    assert [c["id"] for c in listed] == [1, 3]
    assert spec_api.violations() == []
