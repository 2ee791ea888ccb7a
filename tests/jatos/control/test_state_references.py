"""Issue 16 D10: a state document with dangling ids is refused with 400 and changes nothing (README)."""

import pytest


def _document(api):
    return api.call("GET", "/__mock__/state", user=None).get_json()


@pytest.mark.parametrize("where, field, value", [
    ("studies", "component_ids", [999999]),
    ("studies", "batch_ids", [888888]),
    ("studies", "member_ids", [777]),
    ("components", "study_id", 4242),
    ("tokens", "user_id", 99),
    ("study_results", "batch_id", 31337),
])
def test_a_dangling_reference_is_refused_and_changes_nothing(api, where, field, value):
    document = _document(api)
    key = next(iter(document["state"][where]))
    document["state"][where][key][field] = value
    before = _document(api)
    r = api.call("PUT", "/__mock__/state", user=None, json=document)
    assert r.status_code == 400, r.get_data()
    assert f"state.{where}.{key}.{field}" in r.get_json()["error"]
    assert _document(api) == before
    for path in ("studies/properties", "studies/1", "studies/1/components", "studies/1/batches"):
        assert api.call("GET", path, user="admin").status_code < 500


def test_an_entity_under_another_id_or_ids_behind_last_ids_are_refused(api):
    document = _document(api)
    study = document["state"]["studies"].pop("1")
    document["state"]["studies"]["2000"] = study
    r = api.call("PUT", "/__mock__/state", user=None, json=document)
    assert r.status_code == 400 and "its id is 1" in r.get_json()["error"]
    document = _document(api)
    document["state"]["last_ids"]["study"] = 0
    r = api.call("PUT", "/__mock__/state", user=None, json=document)
    assert r.status_code == 400 and "last_ids.study" in r.get_json()["error"]


def test_the_exported_state_imports_again(api):
    assert api.call("PUT", "/__mock__/state", user=None, json=_document(api)).status_code == 200
