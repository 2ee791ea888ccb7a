"""PATCH /components/{id}: what the mock refuses and accepts agrees with the contract's ComponentUpdate (issue 16,
D11): an unknown key is invalid (JATOS: 400 "Error in field '<key>'"), a fetched component sent back is valid."""

import pytest

BODIES = [
    ({"title": "ok", "x": 1}, 400),
    ({"title": "ok", "htmlFileRename": False}, 200),
    ({"id": 99, "uuid": "other", "studyId": 7, "date": 1, "htmlFileExists": True, "title": "back"}, 200),
]


@pytest.mark.parametrize("body, status", BODIES)
def test_the_mock_and_the_contract_agree_on_a_component_update(any_api, contract, oas, body, status):
    r = any_api.client.patch("/jatos/api/v1/components/1", json=body, headers=any_api.headers())
    assert r.status_code == status, r.data
    assert bool(oas.schema_errors(contract, "ComponentUpdate", body)) == (status == 400)
    assert any_api.runtime.ledger.entries(0, unregistered_only=True) == []


def test_a_fetched_component_can_be_patched_back_unchanged(any_api, contract, oas):
    fetched = any_api.client.get("/jatos/api/v1/components/1", headers=any_api.headers()).json["data"]
    assert oas.schema_errors(contract, "ComponentUpdate", fetched) == []
    r = any_api.client.patch("/jatos/api/v1/components/1", json=fetched, headers=any_api.headers())
    assert r.status_code == 200 and r.json["data"]["id"] == 1 and r.json["data"]["uuid"] == fetched["uuid"]
