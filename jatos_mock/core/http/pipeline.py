"""The hooks around every request: its record and profile, routing misses, response validation, ledger, journal."""

import logging
import re
import time

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from jatos_mock.core.contract.ledger import REQUEST, RESPONSE, UNMATCHED, Violation
from jatos_mock.core.contract.validation import NOT_GIVEN, is_json_media
from jatos_mock.core.deviations import switch as fidelity
from jatos_mock.core.http import answer_cache, replay
from jatos_mock.core.http.accounting import Exchange, account
from jatos_mock.core.http.record import RequestRecord, start, this_request
from jatos_mock.core.http.runtime import Runtime, runtime
from jatos_mock.core.http.version_routing import VERSION_HEADER
from jatos_mock.core.profile import Profile

log = logging.getLogger("jatos_mock")

FIDELITY_HEADER = "X-Jatos-Mock-Fidelity"  # lets one request ask for the other fidelity
# names the registered deviations this answer applied (empty: none), so `check --url` can attribute failures exactly
DEVIATIONS_HEADER = "X-Jatos-Mock-Deviations"
_RULE_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_templates: dict[str, str] = {}


def path_template(rule: str) -> str:
    """Flask rule '/studies/<id>/assets/<path:filepath>' -> OpenAPI template '/studies/{id}/assets/{filepath}'."""
    template = _templates.get(rule)
    if template is None:
        template = _templates[rule] = _RULE_PARAM.sub(r"{\1}", rule)
    return template


def install(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_finish)
    app.teardown_request(_teardown)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _crash)
    app.wsgi_app = replay.Replay(app.wsgi_app, app)  # reused answers skip Flask (answer_cache.py)


def _begin():
    rt = runtime()
    req = request._get_current_object()  # one context look-up for the whole hook
    started = time.perf_counter()
    template = path_template(req.url_rule.rule) if req.url_rule is not None else None
    wanted = req.headers.get(VERSION_HEADER)
    scope, token = fidelity.begin(request_profile(rt, req))
    record = start(RequestRecord(seq=rt.journal.next_seq(), started=started, scope=scope, path_template=template,
                                 token=token))
    if wanted is not None and wanted not in rt.version_names():
        record.unmatched = True  # no operation of any version answered
        return Response(f"{VERSION_HEADER}: unknown version {wanted!r}; this mock serves "
                        f"{', '.join(rt.version_names())}", status=400, mimetype="text/plain")
    faults = rt.extras.get("faults")
    if not faults:  # none registered: nothing can fire
        return None
    view = current_app.view_functions.get(req.endpoint) if req.endpoint else None
    operation_id = getattr(view, "operation_id", None)
    if operation_id is None and template is not None and rt.request_validator is not None:
        op = rt.request_validator.operation(req.method, template)  # one view serving several operations
        operation_id = op.operation_id if op is not None else None
    answer, record.faults = faults.before_request(req, operation_id, template)
    return answer


def request_profile(rt: Runtime, req=None) -> Profile:
    """The app's current profile, or the other fidelity or version when the request asks for it by header."""
    req = req if req is not None else request
    profile = rt.profile
    wanted = req.headers.get(FIDELITY_HEADER)
    if wanted in profile.fidelities:
        profile = profile.with_fidelity(wanted)
    version = req.headers.get(VERSION_HEADER)
    if version is not None and version in rt.version_names():
        profile = profile.with_version(version)
    return profile


def _teardown(_exc):
    record = this_request()
    if record is not None and record.token is not None:
        fidelity.end(record.token)
        record.token = None


def _http_error(exc: HTTPException):
    """Routing misses answer as JATOS does: 404 NOT_FOUND for unknown paths and for unrouted methods."""
    rt = runtime()
    if isinstance(exc, (NotFound, MethodNotAllowed)):
        uri = request.script_root + (request.full_path if request.query_string else request.path)  # as sent
        message = rt.request_version.route_miss_message(request.method, uri)
        record = this_request()
        record.unmatched, record.operation_id = True, None  # a routing miss is no operation's answer
        if rt.request_version.route_miss is not None:
            return rt.request_version.route_miss(exc)
        if isinstance(exc, MethodNotAllowed) and record.profile.is_spec and rt.request_validator is not None:
            allow = _contract_methods(rt, exc.valid_methods or [])
            if allow:  # an OpenAPI server allows the contract's methods of the path only
                return rt.request_version.error(405, "NOT_FOUND",
                                        f"Method {request.method} is not allowed for {request.path}",
                                        headers={"Allow": ", ".join(allow)})
            return rt.request_version.error(404, "NOT_FOUND", message)
        if rt.request_version.is_api_path(request.path):
            return rt.request_version.error(404, "NOT_FOUND", message)
        return Response(message, status=404, mimetype="text/plain")
    if exc.code == 413:
        return rt.request_version.error(413, "TOO_LARGE", "Request entity too large")
    return rt.request_version.error(exc.code or 400, "CLIENT_ERROR", exc.description or exc.name)


def _contract_methods(rt, methods) -> list[str]:
    """The contract's methods of the path an OpenAPI router picks for this request: of the contract paths the routed
    methods match, the most literal one ('/studies/create' before '/studies/{id}')."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    by_template: dict[str, list[str]] = {}
    for method in sorted(methods):
        try:
            rule, _ = adapter.match(method=method, return_rule=True)
        except HTTPException:
            continue
        template = path_template(rule.rule)
        if rt.request_validator.operation(method, template) is not None:  # HEAD with GET, as Play routes it
            by_template.setdefault(template, []).append(method)
    if not by_template:
        return []
    return by_template[min(by_template, key=lambda t: (t.count("{"), t))]


def _crash(exc: Exception):
    # A mock bug must never reach the client as a traceback: JATOS's answer to an unexpected exception.
    log.exception("unhandled error in %s %s", request.method, request.path)
    this_request().crashed = f"{type(exc).__name__}: {exc}"
    return runtime().request_version.error(500, "UNEXPECTED_ERROR", "Unexpected error")


def _finish(response: Response) -> Response:
    rt = runtime()
    record = this_request()
    req = request._get_current_object()  # one context look-up for the whole hook
    unsendable = _unsendable_header(response)
    if unsendable is not None:  # the server could not write it: say so here, where journal and ledger see it
        log.error("unsendable response header in %s %s: %s", req.method, req.path, unsendable)
        record.crashed = unsendable
        response = rt.request_version.error(500, "UNEXPECTED_ERROR", "Unexpected error")
    applied = record.applied
    operation = record.operation_id
    path = req.script_root + req.path  # as the client sent it (with an application context, if any)
    violations = []
    validated = True  # the answer went through response validation as configured (else it is not kept)
    if record.unmatched:
        if rt.request_version.is_api_path(req.path):
            violations.append(Violation(UNMATCHED, req.method, path, None, response.status_code,
                                        ("the request matched no operation of the API",), applied))
    elif operation is not None and record.path_template:
        try:
            problems = _check_response(rt, record, response, req)
            if problems:
                violations.append(Violation(RESPONSE, req.method, path, operation, response.status_code,
                                            tuple(problems), record.scope.explaining(RESPONSE)))
        except Exception as exc:  # a validator failure is the mock's problem, not the client's: keep the answer
            log.exception("response validation failed in %s %s", req.method, path)
            validated = False
            violations.append(Violation(RESPONSE, req.method, path, operation, response.status_code,
                                        (f"response not validated: {type(exc).__name__}: {exc}",)))
        if record.request_problems and response.status_code < 400:
            violations.append(Violation(REQUEST, req.method, path, operation, response.status_code,
                                        tuple(record.request_problems), record.scope.explaining(REQUEST)))
    if record.crashed:
        violations.append(Violation(RESPONSE, req.method, path, operation, 500, (record.crashed,)))
    exchange = Exchange(req.method, path, redacted_query(req.query_string.decode("latin-1")), operation,
                        response.status_code, tuple(violations))
    account(rt, exchange, record.seq, record.started)
    faults = rt.extras.get("faults")
    if faults is not None:
        response = faults.after_request(response, record.faults)
    response.headers[DEVIATIONS_HEADER] = ",".join(record.scope.applied)
    slot = record.answer_slot
    if (slot is not None and rt.answers.wants(slot) and validated and not record.crashed and record.faults is None
            and req.method in answer_cache.METHODS and not response.is_streamed and not response.direct_passthrough):
        headers = tuple(response.get_wsgi_headers(req.environ).items())
        rt.answers.keep(slot, answer_cache.Answer(response.status, headers, response.get_data(), exchange))
    return response


_SECRET_PARAM = re.compile(r"(^|&)((?:[^&=]*?)(?:token|password|secret|key)[^&=]*=)[^&]*", re.I)
_API_TOKEN = re.compile(r"jap_[A-Za-z0-9]+")


def redacted_query(query: str) -> str:
    """The query string as journal and app log keep it: values of token/password/secret/key parameters and
    anything shaped like an API token replaced by `***`."""
    if not query:
        return query
    return _API_TOKEN.sub("jap_***", _SECRET_PARAM.sub(r"\1\2***", query))


def _unsendable_header(response: Response) -> str | None:
    """What WSGI servers refuse to send (PEP 3333: Latin-1 header values, no line breaks), or None."""
    for name, value in response.headers.items():
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            return f"header {name} is not Latin-1: {value!r}"
        if "\r" in value or "\n" in value:
            return f"header {name} holds a line break: {value!r}"
    return None


def _check_response(rt, record: RequestRecord, response: Response, req) -> list[str] | None:
    """Validates the answer against the contract; returns what breaks it (None: not validated)."""
    validator = rt.request_validator
    if not rt.settings.validate_responses or validator is None:  # a version without a contract checks nothing
        return None
    op = validator.operation(req.method, record.path_template)
    if op is None:
        return [f"{req.method} {record.path_template} is not an operation of the contract"]
    body, document = None, getattr(response, "json_document", NOT_GIVEN)
    if document is NOT_GIVEN and is_json_media(response.mimetype or "") and not response.is_streamed:
        body = response.get_data()
    return validator.validate_response(op, req.method, response.status_code, response.content_type, body, document)
