"""Publix endpoints: the OpenAI proxy of a running study (reference B §6). No JATOS authentication (B30: the
contract's /publix operations already say `security: []`); the study-result UUID is the only gate.

The mock never calls OpenAI (M2): a call that passes every check is counted and then answered like an
unreachable upstream in `jatos` fidelity (500 OPENAI_ERROR "Proxy error: ..."), or with a canned JSON echo in
`spec` fidelity.
"""

from flask import Blueprint, abort, request

from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import runtime
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import study_codes
from jatos_mock.jatos.http import config_control
from jatos_mock.jatos.http.endpoint import PUBLIC, Call, endpoint

bp = Blueprint("publix", __name__)

NO_UPSTREAM = "Proxy error: the mock does not forward to OpenAI"


def gate_first(path_values: dict) -> None:
    """OpenAiProxy.proxy checks allowed / running / call limit before it looks at the body, so the gate answers
    before the endpoint's contract validation of the request (which JATOS does not have)."""
    if "/" in path_values.get("path", "") and not deviates("B32"):  # the spec's {path} is one segment; Play's
        abort(404)  # *path takes slashes: here a routing miss, as for any path the contract lacks
    rt = runtime()
    with rt.store.read() as state:
        study_codes.check_openai_call(state, config_control.current(rt), path_values["studyResultUuid"])


def _proxy(call: Call, study_result_uuid: str, path: str):
    with call.store.write() as state:  # the count rises atomically, before the (absent) upstream call
        study_codes.count_openai_call(state, call.config, study_result_uuid)
    if deviates("M2"):  # OpenAiProxy.proxy: a transport failure answers 500 OPENAI_ERROR "Proxy error: <msg>"
        raise errors.JatosError(NO_UPSTREAM, code="OPENAI_ERROR")
    return json_response({"mock": True, "method": request.method, "path": path.lstrip("/")})


def _register(method: str, operation_id: str, rule: str) -> None:
    """One proxy view per method and route: JATOS routes GET, POST and DELETE alike (publix.routes)."""

    def proxy_openai(call: Call, studyResultUuid: str, path: str = ""):
        return _proxy(call, studyResultUuid, path)

    view = endpoint(operation_id, PUBLIC, first=gate_first)(proxy_openai)
    bp.add_url_rule(rule, endpoint=operation_id, view_func=view, methods=[method])


for _method in ("GET", "POST", "DELETE"):
    _name = _method.capitalize()
    _register(_method, f"proxyOpenAi{_name}", "/studyResults/<studyResultUuid>/openai")
    _register(_method, f"proxyOpenAiPath{_name}", "/studyResults/<studyResultUuid>/openai/<path:path>")
