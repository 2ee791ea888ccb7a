"""The compiled validator on the hot path agrees with openapi-core, the reference validator.

Requests come from schemathesis's generators (valid and invalid); responses are real answers of the mock and
mutations of them (a field dropped, a type changed, an unknown field added).
"""

import copy
import functools
import json
from urllib.parse import unquote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from schemathesis import GenerationMode
from werkzeug.datastructures import MultiDict

from jatos_mock.core.conformance.engine import NOT_SET
from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.jatos.contract import load_spec

SPEC = load_spec()
OURS = ContractValidator(SPEC)
REFERENCE = OpenAPI.from_dict(copy.deepcopy(SPEC))
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(SPEC))
HOST = "http://localhost"
AUTH = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}

# Operations with JSON bodies and typed query/path parameters: where the two validators have work to do.
REQUEST_OPERATIONS = [
    ("POST", "/jatos/api/v1/users"),
    ("PATCH", "/jatos/api/v1/users/{id}"),
    ("PATCH", "/jatos/api/v1/users/{id}/roles"),
    ("POST", "/jatos/api/v1/users/{id}/tokens"),
    ("PATCH", "/jatos/api/v1/tokens/{id}"),
    ("PATCH", "/jatos/api/v1/studies/{id}/properties"),
    ("GET", "/jatos/api/v1/studies/{id}/properties"),
    ("GET", "/jatos/api/v1/studies/{id}/log"),
    ("POST", "/jatos/api/v1/studies/{id}/components"),
    ("POST", "/jatos/api/v1/studies/{id}/batches"),
    ("PATCH", "/jatos/api/v1/batches/{id}"),
    ("POST", "/jatos/api/v1/studies/{id}/studyCodes"),
    ("POST", "/jatos/api/v1/results/metadata"),
]


def reference_request_errors(method, path, query, body, media_type):
    # both validators see the query as the server would: every value a string
    args = MultiDict([(k, str(v)) for k, vs in query.items() for v in (vs if isinstance(vs, list) else [vs])])
    request = MockRequest(HOST, method.lower(), path, args=args, headers=AUTH,
                          data=body if body is not None else None, content_type=media_type)
    return list(REFERENCE.iter_request_errors(request)) if hasattr(REFERENCE, "iter_request_errors") else \
        _errors(lambda: REFERENCE.validate_request(request))


def _errors(call):
    try:
        call()
    except Exception as exc:  # openapi-core raises its own validation errors
        return [exc]
    return []


def our_request_problems(method, template, path_params, query, body, media_type):
    op = OURS.operation(method, template)
    listed = {k: [str(v) for v in (vs if isinstance(vs, list) else [vs])] for k, vs in query.items()}
    # Werkzeug decodes path segments before routing; schemathesis sends them percent-encoded
    decoded = {k: unquote(str(v)) for k, v in path_params.items()}
    return OURS.validate_request(op, decoded, listed, media_type, body or b"")


@pytest.mark.parametrize("method,template", REQUEST_OPERATIONS, ids=lambda v: v)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_request_verdicts_agree(method, template, mode):
    operation = SCHEMA[template][method]
    disagreements = []
    verdicts = set()

    @given(operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    def compare(case):
        path = template.format(**{k: str(v) for k, v in (case.path_parameters or {}).items()})
        query = {k: v for k, v in (case.query or {}).items() if v is not None}
        has_body = case.body is not NOT_SET and case.media_type and "json" in case.media_type
        if isinstance(case.body, bytes):
            body = case.body  # a negative case: bytes that are not JSON at all
        else:
            body = json.dumps(case.body).encode() if has_body else None
        if "/" in "".join(unquote(str(v)) for v in (case.path_parameters or {}).values()) or "?" in path or "#" in path:
            return  # path values that change the route are routing questions, not schema ones
        ours_ok = not our_request_problems(method, template, case.path_parameters or {}, query, body, case.media_type)
        reference_ok = not reference_request_errors(method, path, query, body, case.media_type or "application/json")
        verdicts.add(ours_ok)
        if ours_ok != reference_ok:
            disagreements.append((case.path_parameters, query, case.body, ours_ok, reference_ok))

    compare()
    assert not disagreements, f"{len(disagreements)} disagreements, first: {disagreements[0]}"
    if mode is GenerationMode.NEGATIVE:
        assert False in verdicts, "no generated invalid request was recognised as invalid"


# --- responses: real answers of the mock, and mutations of them ---

RESPONSE_CALLS = [
    ("GET", "/jatos/api/v1/admin/token", "/jatos/api/v1/admin/token"),
    ("GET", "/jatos/api/v1/admin/status", "/jatos/api/v1/admin/status"),
    ("GET", "/jatos/api/v1/users", "/jatos/api/v1/users"),
    ("GET", "/jatos/api/v1/users/{id}", "/jatos/api/v1/users/1"),
    ("GET", "/jatos/api/v1/users/{id}/tokens", "/jatos/api/v1/users/1/tokens"),
    ("GET", "/jatos/api/v1/studies/properties", "/jatos/api/v1/studies/properties?withComponentProperties=true"),
]


def mutations(body):
    """Valid-looking documents with one defect each: a dropped key, a wrong type, an unknown key."""
    yield "unchanged", body
    data = body.get("data")
    if isinstance(data, list):
        yield "wrong item type", {**body, "data": [*data, 1]}
    target = data[0] if isinstance(data, list) and data else data
    if not isinstance(target, dict):
        return
    for key in list(target)[:4]:
        dropped = copy.deepcopy(body)
        victim = dropped["data"][0] if isinstance(dropped["data"], list) else dropped["data"]
        del victim[key]
        yield f"drop {key}", dropped
        retyped = copy.deepcopy(body)
        victim = retyped["data"][0] if isinstance(retyped["data"], list) else retyped["data"]
        victim[key] = [] if not isinstance(victim[key], list) else "x"
        yield f"retype {key}", retyped
    extra = copy.deepcopy(body)
    (extra["data"][0] if isinstance(extra["data"], list) else extra["data"])["notAJatosField"] = 1
    yield "unknown key", extra
    yield "no apiVersion", {k: v for k, v in body.items() if k != "apiVersion"}


@pytest.mark.parametrize("method,template,url", RESPONSE_CALLS, ids=[c[2] for c in RESPONSE_CALLS])
def test_response_verdicts_agree(make_api, method, template, url):
    api = make_api(seed=1, fidelity="spec")
    answer = api.call(method, url)
    if answer.status_code == 404 and b"couldn't be found" in answer.data:
        pytest.skip(f"{method} {template} is not implemented yet")
    op = OURS.operation(method, template)
    disagreements, seen_invalid = [], False
    for label, document in mutations(answer.json):
        raw = json.dumps(document).encode()
        ours_ok = not OURS.validate_response(op, method, answer.status_code, "application/json", raw)
        request = MockRequest(HOST, method.lower(), url.split("?")[0], headers=AUTH)
        response = MockResponse(raw, status_code=answer.status_code, content_type="application/json")
        reference_ok = not _errors(functools.partial(REFERENCE.validate_response, request, response))
        seen_invalid |= not reference_ok
        if ours_ok != reference_ok:
            disagreements.append((label, ours_ok, reference_ok))
    assert not disagreements, disagreements
    assert seen_invalid, "no mutation was invalid: the comparison proves nothing"
