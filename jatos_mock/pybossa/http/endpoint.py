"""The wrapper around every PyBossa API view: the rate limit (pybossa/ratelimit ratelimit decorator), request
validation against our contract, JSONP for the resource views (util.jsonpify) and the rate-limit headers
(core.py inject_x_rate_headers).

An error a view lets escape is answered as the rate-limit wrapper answers it: the error object with the request
path as `target` and the view function's name as `action` (observed: AUTH_JWT_PROJECT, USER_PROGRESS).
"""

import functools

from flask import Response, request

from jatos_mock.core.http.record import this_request
from jatos_mock.core.http.runtime import runtime
from jatos_mock.pybossa import errors
from jatos_mock.pybossa.http import answers
from jatos_mock.pybossa.http.caller import client_ip

RATE_LIMIT = "ratelimit"  # the app's PybossaRateLimit in runtime().extras
COUNTED = "jatos_mock.pybossa.rate_count"  # a refused reuse's count of the request, for the computed answer


def api_view(endpoint: str, operation_id: str, action: str | None = None, *, jsonp: bool = False,
             reuse: bool = False):
    """`endpoint`: the Flask endpoint PyBossa names the bucket after (api.api_task, api.new_task, ...);
    `operation_id`: our contract's (faults name it); `action`: the view function's name (default: the HTTP
    method, as MethodView dispatches it). `reuse`: a read whose answer depends only on the state, the request, the
    profile and the clock; its GET answers are reused for the same request at the same state
    (core/http/answer_cache.py), with the rate limit counted for each."""

    def decorate(view):
        @functools.wraps(view)
        def run(*args, **kwargs):
            rt = runtime()
            record = this_request()
            record.operation_id = operation_id
            name = action or ("get" if request.method == "HEAD" else request.method.lower())
            limiter, ip = rt.extras[RATE_LIMIT], client_ip()
            counted = request.environ.pop(COUNTED, None)
            verdict = limiter.judge(counted) if counted is not None else limiter.hit(endpoint, ip)
            if not verdict.allowed:
                response = answers.error_object(errors.TooManyRequests(), request.path, name)
            else:
                try:
                    _validate_request(rt, record)
                    slot = None
                    if reuse and request.method == "GET":
                        slot = rt.answers.open(rt.store, request.environ, request.get_data(cache=True), rt.profile,
                                               record.profile, _recheck(limiter, endpoint, ip))
                    response = view(*args, **kwargs)
                    if slot is not None:
                        rt.answers.close(slot, rt.store)
                        record.answer_slot = slot
                except errors.JwtError as exc:
                    response = answers.jwt_error(exc)
                except errors.PybossaError as exc:
                    response = answers.error_object(exc, request.path, name)
            if jsonp:
                response = answers.jsonp(response)
            response.headers.update(verdict.headers)
            return response

        run.operation_id = operation_id  # what the pipeline's faults match a target against
        return run

    return decorate


def _recheck(limiter, endpoint: str, ip: str):
    """A reused answer counts against the rate limit like any request; the limit reached, the request is computed
    (the 429) with this count rather than counted twice."""

    def recheck(environ):
        decision = limiter.count(endpoint, ip)
        verdict = limiter.judge(decision)
        if not verdict.allowed:
            environ[COUNTED] = decision
            return None
        return verdict.headers

    return recheck


def _validate_request(rt, record) -> None:
    """Checks the request against the contract; problems are recorded (the ledger keeps those of answers that
    succeed); `spec` fidelity refuses an invalid request with 400, PyBossa's own rules decide otherwise."""
    if not rt.settings.validate_requests or record.path_template is None:
        return
    op = rt.validator.operation(request.method if request.method != "HEAD" else "GET", record.path_template)
    if op is None:
        return
    environ = request.environ
    if environ.get("CONTENT_LENGTH") or environ.get("HTTP_TRANSFER_ENCODING"):
        form_names = set(request.files) | set(request.form) if request.mimetype.startswith("multipart/") else None
        body = request.get_data(cache=True, parse_form_data=True)
    else:  # no body (most reads): nothing to parse
        form_names, body = None, b""
    path_values = {k: str(v) for k, v in (request.view_args or {}).items()}  # as the URL wrote them
    problems = rt.validator.validate_request(op, path_values, request.args.to_dict(flat=False),
                                             request.content_type, body, form_names)
    record.request_problems = problems
    if problems and record.profile.is_spec:
        raise errors.BadRequest(f"Request violates the API contract: {problems[0]}")


def empty(status: int = 204) -> Response:
    return Response("", status=status, mimetype="application/json")
