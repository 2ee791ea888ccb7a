"""One profile per request: the X-Jatos-Mock-Fidelity header makes a request answer exactly as an app of that
fidelity answers it, wherever the fidelities differ."""

import pytest

from jatos_mock.core.http.pipeline import FIDELITY_HEADER

NEW_USER = '{"username": "bob", "name": "Bob", "password": "abcdefgh1A!x", "authMethod": "DB"}'

# (method, path, user, extra headers, body): requests where `jatos` and `spec` fidelity answer differently
DIFFERING = [
    ("POST", "users", "admin", {"Content-Type": "text/plain"}, NEW_USER),  # invalid: refused in spec (M13 taken)
    ("PATCH", "users/2/roles", "admin", {"Content-Type": "application/json"}, '{"role": 2}'),  # M14 taken
    ("POST", "studies/1/batches", "admin", {"Content-Type": "application/json"}, '{"title": "B"}'),  # B1: 200
    ("DELETE", "admin/token", "admin", {}, None),  # unrouted method: 404 in jatos, 405 with Allow in spec
    ("GET", "admin/token", None, {"Authorization": "Bearer jap_" + "x" * 40}, None),  # A1: INVALID_API_TOKEN
    ("GET", "admin/token", None, {"Authorization": "Bearer jap_short"}, None),  # A3: 500
]
HEADERS = ("Content-Type", "Allow", "Location", "X-Jatos-Mock-Deviations")


def _answers(api, fidelity_header: str | None) -> list[tuple]:
    answers = []
    for method, path, user, headers, body in DIFFERING:
        headers = {**headers, FIDELITY_HEADER: fidelity_header} if fidelity_header else headers
        r = api.call(method, path, user=user, headers=headers, data=body)
        answers.append((method, path, r.status_code, r.get_data(), {h: r.headers.get(h) for h in HEADERS}))
    return answers


@pytest.mark.parametrize("app_fidelity, asked", [("jatos", "spec"), ("spec", "jatos")])
def test_a_request_asking_for_the_other_fidelity_answers_as_an_app_of_that_fidelity(make_api, app_fidelity, asked):
    asking = _answers(make_api(seed=1, fidelity=app_fidelity), asked)
    expected = _answers(make_api(seed=1, fidelity=asked), None)
    assert asking == expected
    unasked = _answers(make_api(seed=1, fidelity=app_fidelity), None)
    assert all(a != b for a, b in zip(unasked, expected))  # every request above differs between the fidelities


def test_a_requests_fidelity_is_ledgered_as_that_fidelity(api):
    api.call("POST", "users", data=NEW_USER, headers={"Content-Type": "text/plain", FIDELITY_HEADER: "spec"})
    assert not any(v.kind == "request" for v in api.violations(unregistered_only=False))  # refused, not taken
