"""The `endpoint` decorator: BrainSTEM's (DRF's) request pipeline around one handler.

Order, as DRF's APIView.initial runs it: authentication (a bad token is 401 before anything else), then the
view's permission checks (the handler's), then parsing the body on first access. Contract validation sits before
the handler: `spec` fidelity refuses an invalid request with 400; the real-server fidelity lets the handler's
DRF rules decide and records the problems in the ledger.
"""

import functools
import json
from dataclasses import dataclass

from flask import request

from jatos_mock.brainstem import errors
from jatos_mock.brainstem.domain import tokens
from jatos_mock.brainstem.http import envelope
from jatos_mock.core.http.record import this_request
from jatos_mock.core.http.reply import Reply
from jatos_mock.core.http.runtime import Runtime, runtime


@dataclass
class Call:
    runtime: Runtime
    user_id: int | None  # None: anonymous

    @property
    def store(self):
        return self.runtime.store

    @property
    def settings(self):
        return self.runtime.settings

    def body(self) -> dict | list:
        """The parsed body as DRF's parsers give it: JSON, or a form; nothing is an empty dict."""
        raw = request.get_data(cache=True)
        if not raw:
            return {}
        mimetype = request.mimetype
        if mimetype == "application/json" or mimetype.endswith("+json"):
            try:
                return json.loads(raw)
            except ValueError as exc:  # rest_framework/parsers.py JSONParser
                raise errors.ParseError(f"JSON parse error - {exc}") from None
        if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return request.form.to_dict()
        raise errors.ApiError({"detail": f'Unsupported media type "{request.content_type}" in request.'}, 415)


def endpoint(operation_id: str | None = None):
    """`operation_id` None: the contract's operation of the request's route (each model has its own), or none
    when the request came through a generic rule (another slug, an unknown model, a method the model does not
    take): then it matched no operation of the contract, as a routing miss."""

    def decorate(view):
        @functools.wraps(view)
        def run(**path_values):
            rt = runtime()
            record = this_request()
            op = rt.validator.operation(request.method, record.path_template or "")
            record.operation_id = operation_id or (op.operation_id if op is not None else None)
            if op is None:
                record.unmatched = True
            try:
                with rt.store.write() as state:  # a PAT's sliding expiry moves on use
                    user_id = tokens.authenticate(state, rt.store, request.headers.get("Authorization"))
                _validate_request(rt, record, op)
                answer = view(Call(rt, user_id), **path_values)
                return rt.version.render(answer) if isinstance(answer, Reply) else answer
            except errors.ApiError as exc:
                return envelope.error(exc)
            except errors.ServerError as exc:
                return envelope.server_error(exc)

        run.operation_id = operation_id
        return run

    return decorate


def _validate_request(rt: Runtime, record, op) -> None:
    if not rt.settings.validate_requests or op is None:
        return
    problems = rt.validator.validate_request(op, request.view_args or {}, request.args.to_dict(flat=False),
                                             request.content_type, request.get_data(cache=True))
    record.request_problems = problems
    if problems and record.profile.is_spec:
        raise errors.ValidationError([f"Request violates the API contract: {problems[0]}"])
