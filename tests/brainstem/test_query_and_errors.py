"""dynamic-rest's query language and DRF's error bodies, over HTTP (reference §5, §10)."""

import pytest
import requests

BASE = "/api/private/stem"


def get(brainstem, path, user="alice", **params):
    return requests.get(brainstem.url + path, params=params, headers=brainstem.headers(user), timeout=10)


def names(response, key):
    assert response.status_code == 200, response.text
    return [r["name"] for r in response.json()[key]]


def test_operators_negation_and_in(brainstem):
    assert names(get(brainstem, f"{BASE}/session/", **{"filter{name}": "Rat01_day1"}), "sessions") == ["Rat01_day1"]
    assert names(get(brainstem, f"{BASE}/session/", **{"filter{name.iexact}": "rat01_DAY2"}), "sessions") == [
        "Rat01_day2"]
    assert names(get(brainstem, f"{BASE}/session/", **{"filter{-name.endswith}": "day1",
                                                        "sort[]": "name"}), "sessions") == [
        "Mouse07_session1", "Rat01_day2"]
    r = requests.get(brainstem.url + f"{BASE}/subject/?filter{{name.in}}=Rat01&filter{{name.in}}=Mouse07"
                     "&sort[]=name", headers=brainstem.headers(), timeout=10)
    assert names(r, "subjects") == ["Mouse07", "Rat01"]
    assert names(get(brainstem, f"{BASE}/subject/", **{"filter{birth_date.gte}": "2024-01-20"}), "subjects") == [
        "Rat02"]
    assert names(get(brainstem, f"{BASE}/subject/", **{"filter{birth_date.isnull}": "true"}), "subjects") == [
        "Mouse07"]


def test_relation_paths_bare_relation_and_booleans(brainstem):
    projects = get(brainstem, f"{BASE}/project/", **{"filter{is_public}": "True"}).json()["projects"]
    assert [p["name"] for p in projects] == ["Open ripple dataset"]
    public_id = projects[0]["id"]
    assert names(get(brainstem, f"{BASE}/subject/", **{"filter{projects}": public_id}), "subjects") == ["Mouse07"]
    assert names(get(brainstem, f"{BASE}/subject/", **{"filter{projects.name.icontains}": "ripple"}),
                 "subjects") == ["Mouse07"]
    assert names(get(brainstem, f"{BASE}/project/", **{"filter{is_public}": "0"}), "projects") == [
        "Hippocampal replay"]
    assert names(get(brainstem, f"{BASE}/subject/", **{"filter{strain.species.name}": "Mus musculus"}),
                 "subjects") == ["Mouse07"]


def test_percent_encoded_keys(brainstem):
    r = requests.get(brainstem.url + f"{BASE}/session/?filter%7Bname.icontains%7D=DAY2&sort%5B%5D=-name",
                     headers=brainstem.headers(), timeout=10)
    assert names(r, "sessions") == ["Rat01_day2"]


def test_sort_repeatable_and_descending(brainstem):
    r = requests.get(brainstem.url + f"{BASE}/subject/?sort[]=sex&sort[]=-name", headers=brainstem.headers(),
                     timeout=10)
    assert names(r, "subjects") == ["Rat02", "Mouse07", "Rat01"]


def test_include_nested_and_exclude(brainstem):
    r = requests.get(brainstem.url + f"{BASE}/subject/?filter{{name}}=Rat01&include[]=strain.species.*"
                     "&exclude[]=description", headers=brainstem.headers(), timeout=10)
    subject = r.json()["subjects"][0]
    assert subject["strain"]["name"] == "Long Evans"
    assert subject["strain"]["species"]["name"] == "Rattus norvegicus"
    assert "description" not in subject


def test_paging_limits_and_count(brainstem):
    r = get(brainstem, "/api/private/users/user/", limit=2, offset=1)
    body = r.json()
    assert [u["id"] for u in body["users"]] == [2, 3]
    assert body["count"] == 5 and body["meta"] == {"total_results": 5, "limit": 2, "offset": 1}
    assert get(brainstem, "/api/private/users/user/", limit=1000).json()["meta"]["limit"] == 100
    assert get(brainstem, "/api/private/users/user/", limit="x").json()["meta"]["limit"] == 20


@pytest.mark.brainstem(strict=False)  # an unknown model is no operation of the contract
def test_error_bodies(brainstem):
    r = get(brainstem, f"{BASE}/session/", **{"filter{nope}": "1"})
    assert (r.status_code, r.json()) == (400, ["Invalid filter field: nope"])
    r = get(brainstem, f"{BASE}/session/", **{"sort[]": "nope"})
    assert (r.status_code, r.json()) == (400, ["Invalid filter field: ['nope']"])
    r = get(brainstem, f"{BASE}/session/", **{"filter{name": "x"})
    assert (r.status_code, r.json()) == (400, {"detail": '"filter{name" is not a well-formed filter key.'})
    r = get(brainstem, f"{BASE}/session/", **{"include[]": "nope.*"})
    assert (r.status_code, r.json()) == (400, {"detail": '"nope" is not a valid field name for "session".'})
    r = get(brainstem, f"{BASE}/session/", **{"filter{projects}": "not-a-uuid"})
    assert r.status_code == 400 and "is not a valid UUID" in r.json()[0]
    assert get(brainstem, f"{BASE}/session/00000000-0000-4000-8000-000000000000/").json() == {"detail": "Not found."}
    assert get(brainstem, "/api/private/stem/nomodel/").status_code == 404


def test_validation_errors_on_create(brainstem):
    url = brainstem.url + f"{BASE}/subject/"
    r = requests.post(url, json={"name": "", "projects": [], "sex": "X"}, headers=brainstem.headers(), timeout=10)
    assert r.status_code == 400
    assert r.json() == {"name": ["This field may not be blank."], "projects": ["This list may not be empty."],
                        "strain": ["This field is required."], "sex": ['"X" is not a valid choice.']}
    r = requests.post(url, json={"name": "x", "projects": "abc"}, headers=brainstem.headers(), timeout=10)
    assert (r.status_code, r.json()) == (400, {"detail": "'projects' value must be a list"})
    r = requests.post(url, data="{bad", headers={**brainstem.headers(), "Content-Type": "application/json"},
                      timeout=10)
    assert r.status_code == 400 and r.json()["detail"].startswith("JSON parse error")
    r = requests.post(brainstem.url + f"{BASE}/project/", json={"name": "Hippocampal replay"},
                      headers=brainstem.headers(), timeout=10)
    assert r.json() == {"name": ["project with this name already exists."]}
    assert brainstem.journal()[-1]["status"] == 400


def test_failed_write_leaves_nothing_behind(brainstem):
    before = get(brainstem, f"{BASE}/session/").json()["count"]
    r = requests.post(brainstem.url + f"{BASE}/session/", json={"name": "s", "projects": ["nope"]},
                      headers=brainstem.headers(), timeout=10)
    assert r.json() == {"projects": ["Invalid value for 'projects': Project object with ID=nope not found"]}
    assert get(brainstem, f"{BASE}/session/").json()["count"] == before


def test_a_write_failing_half_way_is_rolled_back_whole(brainstem):
    assert type(brainstem.runtime.store).__name__ == "CheckedStore"  # the suite's rollback proof is on
    project = get(brainstem, f"{BASE}/project/", **{"filter{name}": "Hippocampal replay"}).json()["projects"][0]
    r = requests.patch(f"{brainstem.url}{BASE}/project/{project['id']}/", headers=brainstem.headers(), timeout=10,
                       json={"description": "changed first", "users": {"nobody@example.org": {}}})
    assert r.status_code == 400
    assert r.json() == {"users": {"nobody@example.org": ["No user matches nobody@example.org."]}}
    again = get(brainstem, f"{BASE}/project/{project['id']}/").json()["project"]
    assert again["description"] == project["description"]  # the description was written before the roles failed


def test_include_forms_and_exclude_all(brainstem):
    url = brainstem.url + f"{BASE}/subject/?filter{{name}}=Rat01"
    dotted = requests.get(url + "&include[]=strain.", headers=brainstem.headers(), timeout=10).json()
    assert dotted["subjects"][0]["strain"]["name"] == "Long Evans"  # "rel." embeds with the default fields
    bare = requests.get(url + "&include[]=strain", headers=brainstem.headers(), timeout=10).json()
    assert isinstance(bare["subjects"][0]["strain"], str)  # BS8: a bare name adds the field, the id stays
    docs = requests.get(url + "&include[]=strain", timeout=10,
                        headers=brainstem.headers(**{"X-Jatos-Mock-Fidelity": "spec"})).json()
    assert docs["subjects"][0]["strain"]["name"] == "Long Evans"  # as the docs describe it
    only = requests.get(url + "&exclude[]=*&include[]=name", headers=brainstem.headers(), timeout=10).json()
    assert only["subjects"][0] == {"id": only["subjects"][0]["id"], "name": "Rat01"}
    r = requests.get(url + "&include[]=strain..name", headers=brainstem.headers(), timeout=10)
    assert (r.status_code, r.json()) == (400, {"detail": '"strain..name" is not a valid field.'})


def test_trailing_brackets_on_filter_keys_and_sorting_through_a_relation(brainstem):
    r = requests.get(brainstem.url + f"{BASE}/subject/?filter{{sex}}[]=F&sort[]=-strain.name&sort[]=name",
                     headers=brainstem.headers(), timeout=10)
    assert names(r, "subjects") == ["Rat02", "Mouse07"]  # Long Evans after C57BL/6J, descending


def test_next_links_reach_every_record_as_the_matlab_client_follows_them(brainstem):
    url, seen = brainstem.url + "/api/private/users/user/?limit=2&sort[]=-id", []
    while url:
        body = requests.get(url, headers=brainstem.headers(), timeout=10).json()
        seen += [u["id"] for u in body["users"]]
        url = body["next"]
    assert seen == [5, 4, 3, 2, 1]
    last = requests.get(brainstem.url + "/api/private/users/user/?limit=2&offset=4", headers=brainstem.headers(),
                        timeout=10).json()
    assert last["previous"].endswith("limit=2&offset=2") and last["next"] is None


def _species(brainstem, **params):
    r = get(brainstem, "/api/private/taxonomies/species/", **params)
    return r, [s["name"] for s in r.json()["species"]] if r.status_code == 200 else None


def test_json_filter_form_with_or_and_negation(brainstem):
    """§5.1: dynamic-rest's filter{}=<JSON object> (BS9): clauses ANDed, .or/$or, a leading - excludes, and it
    replaces the filter{...} keys of the request."""
    _, names = _species(brainstem, **{"filter{}": '{"name.icontains": "RATTUS"}'})
    assert names == ["Rattus norvegicus"]
    _, names = _species(brainstem, **{"filter{}": '{".or": [{"name": "Mus musculus"}, {"rrid": "NCBITaxon_10116"}]}',
                                      "sort[]": "name"})
    assert names == ["Mus musculus", "Rattus norvegicus"]
    both = '{"$and": [{"-name.startswith": "Mus"}, {"description": "Brown rat"}]}'
    _, names = _species(brainstem, **{"filter{}": both})
    assert names == ["Rattus norvegicus"]
    _, names = _species(brainstem, **{"filter{}": '{"name.in": ["Mus musculus"]}', "filter{name}": "nothing"})
    assert names == ["Mus musculus"]  # the JSON form replaces the keys
    _, names = _species(brainstem, **{"filter{}": "{}", "filter{name}": "Mus musculus"})
    assert names == ["Mus musculus"]  # an empty object leaves them in charge
    r, _ = _species(brainstem, **{"filter{}": '{"no_such_field": 1}'})
    assert (r.status_code, r.json()) == (400, ["Invalid filter field: no_such_field"])


def test_json_filter_that_does_not_parse_is_djangos_500_page(brainstem):
    r = get(brainstem, "/api/private/taxonomies/species/", **{"filter{}": "{name"})
    assert (r.status_code, r.headers["Content-Type"], r.text) == (500, "text/html; charset=utf-8",
                                                                 "<h1>Server Error (500)</h1>")
    assert r.headers["X-Jatos-Mock-Deviations"] == "BS9"  # the engine's failure, registered


@pytest.mark.brainstem(fidelity="spec")
def test_spec_fidelity_knows_no_json_filter_form(brainstem):
    _, names = _species(brainstem, **{"filter{}": '{"name": "Mus musculus"}'})
    assert sorted(names) == ["Mus musculus", "Rattus norvegicus"]
