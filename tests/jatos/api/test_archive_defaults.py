"""Archives that leave out what JATOS's model constructors fill in (issue 16): `new Study()` draws a UUID and uses it
as dirName, `new Component()` draws a UUID; Jackson only overwrites the keys the .jas has. An OSWeb/OpenSesame export
has no component UUIDs; JATOS 3.10.5 imports it with 201."""

import re

import pytest

from tests.jatos.api.test_studies import make_jzip, study_jas, zip_import

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _components(api, study_id):
    r = api.call("GET", f"studies/{study_id}/properties?withComponentProperties=true", user="researcher")
    assert r.status_code == 200, r.json
    return r.json["data"]["components"]


@pytest.mark.parametrize("fidelity", ["jatos", "spec"])
def test_components_without_uuid_get_new_ones(make_api, fidelity):
    api = make_api(seed=1, fidelity=fidelity)
    jas = study_jas(components=[{"title": "Welcome", "htmlFilePath": "index.html"},
                                {"title": "Experiment", "htmlFilePath": "exp.html"}])
    r = zip_import(api, make_jzip(jas, {"index.html": b"<p>hi</p>"}))
    assert r.status_code == 201, r.json
    comps = _components(api, r.json["data"]["id"])
    assert [c["title"] for c in comps] == ["Welcome", "Experiment"]
    assert all(UUID.match(c["uuid"]) for c in comps) and comps[0]["uuid"] != comps[1]["uuid"]
    assert api.violations() == []


def test_study_without_uuid_and_dir_name_gets_one_uuid_for_both(api):
    jas = study_jas(components=[{"title": "Only", "htmlFilePath": "index.html"}])
    del jas["data"]["uuid"], jas["data"]["dirName"]
    r = zip_import(api, make_jzip(jas, {"index.html": b"x"}))
    assert r.status_code == 201, r.json
    data = r.json["data"]
    assert UUID.match(data["uuid"]) and data["dirName"] == data["uuid"]
    assert api.call("GET", f"studies/{data['id']}/assets/index.html", user="researcher").data == b"x"
    # importing the same file again makes another new study: there is no UUID to match
    again = zip_import(api, make_jzip(jas, {"index.html": b"x"}))
    assert again.status_code == 201 and again.json["data"]["uuid"] != data["uuid"]
    assert api.violations() == []


def test_study_without_dir_name_gets_a_fresh_uuid_as_dir_name(api):
    jas = study_jas(uuid="99999999-2222-4333-8444-555555555555")
    del jas["data"]["dirName"]
    r = zip_import(api, make_jzip(jas, {"index.html": b"x"}))
    assert r.status_code == 201, r.json
    data = r.json["data"]
    assert data["uuid"] == "99999999-2222-4333-8444-555555555555"
    assert UUID.match(data["dirName"]) and data["dirName"] != data["uuid"]


def test_seeded_imports_stay_deterministic(make_api):
    jas = study_jas(components=[{"title": "Only", "htmlFilePath": "index.html"}])
    del jas["data"]["uuid"]
    answers = []
    for _ in range(2):
        api = make_api(seed=7)
        r = zip_import(api, make_jzip(jas, {"index.html": b"x"}))
        answers.append((r.json["data"]["uuid"], _components(api, r.json["data"]["id"])[0]["uuid"]))
    assert answers[0] == answers[1]


@pytest.mark.parametrize("where, message", [("study", "Study is invalid"), ("component", "Component is invalid")])
def test_explicit_null_uuid_is_still_refused(api, where, message):
    jas = study_jas()
    target = jas["data"] if where == "study" else jas["data"]["componentList"][0]
    target["uuid"] = None
    r = zip_import(api, make_jzip(jas))
    assert (r.status_code, r.json["error"]["message"]) == (400, message)


def test_component_uuid_with_html_is_refused(api):
    # ComponentProperties.validate: uuid must hold no HTML
    jas = study_jas(components=[{"uuid": "<b>x</b>", "title": "T", "htmlFilePath": "index.html"}])
    r = zip_import(api, make_jzip(jas))
    assert (r.status_code, r.json["error"]["message"]) == (400, "Component is invalid")


def test_legacy_version_2_without_uuid_is_refused(api):
    # StudyV2 has no constructor defaults: its uuid stays null
    jas = study_jas()
    jas["version"] = "2"
    del jas["data"]["uuid"]
    r = zip_import(api, make_jzip(jas))
    assert r.status_code == 400
