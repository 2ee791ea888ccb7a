"""What every request gets before any endpoint logic: JATOS's 404s, the envelope, the ledger's view of misses."""


def test_unknown_api_path_answers_jatos_not_found_with_method_and_query(api):
    r = api.call("GET", "/jatos/api/v1/nothing/here?x=1")
    assert r.status_code == 404
    assert r.mimetype == "application/json"
    assert r.json == {"apiVersion": "1.1.0", "error": {
        "code": "NOT_FOUND", "message": "Requested page GET /jatos/api/v1/nothing/here?x=1 couldn't be found."}}


def test_unrouted_method_is_a_404_in_jatos_fidelity(api):
    # Play has no 405: an unrouted method on a known path is an unknown page
    r = api.call("DELETE", "admin/token")
    assert r.status_code == 404
    assert r.json["error"]["message"] == "Requested page DELETE /jatos/api/v1/admin/token couldn't be found."


def test_unrouted_method_is_a_405_with_allow_in_spec_fidelity(spec_api):
    r = spec_api.call("DELETE", "admin/token")
    assert r.status_code == 405
    assert "GET" in r.headers["Allow"]


def test_paths_jatos_never_had_answer_404(api):
    # client-expectations: some clients call /api/v1/studies without the /jatos prefix; JATOS answers 404
    r = api.call("GET", "/api/v1/studies")
    assert r.status_code == 404


def test_a_request_matching_no_operation_is_recorded_in_the_ledger(api):
    api.call("GET", "/jatos/api/v1/studies/1/results")
    unmatched = [v for v in api.violations() if v.kind == "unmatched"]
    assert [(v.method, v.path) for v in unmatched] == [("GET", "/jatos/api/v1/studies/1/results")]


def test_json_answers_are_compact_with_apiversion_first(api):
    r = api.call("GET", "admin/token")
    assert r.data.startswith(b'{"apiVersion":"1.1.0","data":{')
    assert r.headers["Content-Type"] == "application/json"


def test_the_contract_is_served_at_openapi_yaml(api):
    r = api.client.get("/openapi.yaml")
    assert r.status_code == 200
    assert b"openapi: 3.0.3" in r.data
    assert b"operationId: getCurrentApiToken" in r.data


def test_one_request_can_ask_for_spec_fidelity(api):
    short = {"Authorization": "Bearer jap_short"}
    assert api.client.get("/jatos/api/v1/admin/token", headers=short).status_code == 500  # A3 in jatos fidelity
    spec = api.client.get("/jatos/api/v1/admin/token", headers={**short, "X-Jatos-Mock-Fidelity": "spec"})
    assert spec.status_code == 401
    assert spec.json["error"]["code"] == "AUTH_ERROR"  # INVALID_API_TOKEN is not in the spec's enum (A1)


def test_a_deviation_explains_its_response_violation(api):
    api.client.get("/jatos/api/v1/admin/token", headers={"Authorization": "Bearer jap_short"})
    violations = api.violations(unregistered_only=False)
    assert [v.deviations for v in violations] == [("A3",)]
    assert api.violations() == []
