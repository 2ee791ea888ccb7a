"""Non-numeric id selectors in the query (issue 16, D11): JATOS drops them (registered as M16); spec fidelity
refuses them as the contract's int64 parameters."""

import pytest

CALLS = [("POST", "/jatos/api/v1/results/data"), ("POST", "/jatos/api/v1/results"),
         ("PUT", "/jatos/api/v1/results/delete")]


@pytest.mark.parametrize("method, path", CALLS)
@pytest.mark.parametrize("query", ["batchId=null", "batchId=", "groupId=%E1%9A%9B1", "studyResultId=1-3"])
def test_jatos_fidelity_drops_a_non_numeric_query_id_as_a_registered_deviation(api, method, path, query):
    r = api.client.open(f"{path}?{query}", method=method, headers=api.headers())
    assert r.status_code == 200, r.data
    assert "M16" in r.headers["X-Jatos-Mock-Deviations"].split(",")
    assert api.runtime.ledger.entries(0, unregistered_only=True) == []


def test_a_numeric_query_id_applies_no_deviation(api):
    r = api.client.post("/jatos/api/v1/results/data?batchId=1", headers=api.headers())
    assert r.status_code == 200 and "M16" not in r.headers["X-Jatos-Mock-Deviations"].split(",")


@pytest.mark.parametrize("method, path", CALLS)
def test_spec_fidelity_refuses_a_non_numeric_query_id(spec_api, method, path):
    r = spec_api.client.open(f"{path}?batchId=null", method=method, headers=spec_api.headers())
    assert r.status_code == 400
