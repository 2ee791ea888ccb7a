"""Every write is validated against its model's request schema in brainstem-api.yaml (create: required fields;
PATCH: partial; PUT: whole; read-only and unknown keys ignored, as DRF ignores them). The real-server fidelity lets
DRF's fields decide (and the ledger names what broke the contract); `spec` fidelity refuses it (reference §6, §12.8).
"""

import pytest
import requests

BASE = "/api/private/stem"


def _project_id(brainstem, name="Hippocampal replay"):
    r = requests.get(brainstem.url + f"{BASE}/project/", params={"filter{name}": name},
                     headers=brainstem.headers(), timeout=10)
    return r.json()["projects"][0]["id"]


def _send(brainstem, method, path, body):
    return requests.request(method, brainstem.url + path, json=body, headers=brainstem.headers(), timeout=10)


def test_put_needs_the_whole_record_and_patch_a_part(brainstem):
    """§12.8: DRF's field errors; PUT is a full replace (open question 10), PATCH partial."""
    created = _send(brainstem, "POST", f"{BASE}/collection/",
                    {"name": "c1", "project": _project_id(brainstem)}).json()["collection"]
    item = f"{BASE}/collection/{created['id']}/"
    r = _send(brainstem, "PUT", item, {"description": "only this"})
    assert (r.status_code, r.json()) == (400, {"name": ["This field is required."],
                                               "project": ["This field is required."]})
    r = _send(brainstem, "PATCH", item, {"description": "only this"})
    assert r.status_code == 200 and r.json()["collection"]["name"] == "c1"
    r = _send(brainstem, "POST", f"{BASE}/breeding/", {"name": "b", "project": created["project"],
                                                       "mother": "x", "father": "x", "litter_size": -1})
    assert r.status_code == 400 and r.json()["litter_size"] == ["Ensure this value is greater than or equal to 0."]


def test_read_only_and_unknown_keys_are_ignored(brainstem):
    r = _send(brainstem, "POST", f"{BASE}/project/", {"name": "With read-only keys", "sessions": ["x"],
                                                      "links": {"a": "b"}, "no_such_field": 1})
    assert r.status_code == 201
    project = r.json()["project"]
    assert project["sessions"] == [] and "no_such_field" not in project and not project.get("links")
    assert brainstem.violations() == []  # the contract lets them through too


@pytest.mark.brainstem(fidelity="spec")
def test_spec_fidelity_refuses_a_body_that_breaks_its_models_schema(brainstem):
    project = _project_id(brainstem)
    r = _send(brainstem, "POST", f"{BASE}/collection/", {"name": 5, "project": project})
    assert r.status_code == 400
    [message] = r.json()
    assert message.startswith("Request violates the API contract: request body/name")
    r = _send(brainstem, "POST", f"{BASE}/session/", {"name": "s", "projects": [project],
                                                      "download_links": [{"repository": "Dropbox", "url": "x"}]})
    assert r.status_code == 400 and "download_links" in r.json()[0]
    r = _send(brainstem, "PATCH", f"{BASE}/project/{project}/", {"is_public": "yes"})
    assert r.status_code == 400 and "is_public" in r.json()[0]
    assert _send(brainstem, "PATCH", f"{BASE}/project/{project}/", {"is_public": False}).status_code == 200


@pytest.mark.brainstem(strict=False)
def test_real_fidelity_takes_what_drf_coerces_and_the_ledger_names_it(brainstem):
    r = _send(brainstem, "POST", f"{BASE}/collection/", {"name": 5, "project": _project_id(brainstem)})
    assert r.status_code == 201 and r.json()["collection"]["name"] == "5"  # DRF's CharField takes a number
    [violation] = brainstem.violations()
    assert (violation.kind, violation.operation) == ("request", "createCollection")
    assert "request body/name" in violation.problems[0]
