"""spec fidelity answers as an OpenAPI server does (issue 16, D11): security before parameters (401 before a binding
400), and a 405 whose Allow lists only the contract's methods of the path."""

import pytest


@pytest.mark.parametrize("path", ["/jatos/api/v1/users/notanumber", "/jatos/api/v1/batches/x/session?version=y"])
def test_missing_or_bad_credentials_answer_401_before_a_binding_400(spec_api, path):
    assert spec_api.client.get(path).status_code == 401
    assert spec_api.client.get(path, headers={"Authorization": "Bearer jap_nope"}).status_code == 401
    assert spec_api.client.get(path, headers=spec_api.headers()).status_code in (400, 404)


def test_jatos_fidelity_still_binds_before_auth(api):
    assert api.client.get("/jatos/api/v1/users/notanumber").status_code == 400  # Play binds first


def test_a_405_allows_only_the_contract_methods_of_the_path(spec_api):
    contract = spec_api.runtime.validator
    for path, template in [("/jatos/api/v1/studies/create", "/jatos/api/v1/studies/create"),
                           ("/jatos/api/v1/results/data", "/jatos/api/v1/results/data")]:
        r = spec_api.client.open(path, method="PATCH", headers=spec_api.headers())
        if r.status_code == 404:
            continue
        assert r.status_code == 405
        allowed = [m.strip() for m in r.headers["Allow"].split(",")]
        assert allowed and all(contract.operation(m, template) is not None for m in allowed), allowed
