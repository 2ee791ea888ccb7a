"""The `endpoint` decorator: JATOS's request pipeline around one handler.

Order, as JATOS runs it: Play binds typed path/query parameters and parses the body (both before auth), then the
auth action checks the token and role, then the handler runs. Contract validation of the request sits between
auth and handler: in `spec` fidelity (of the request's profile) an invalid request is refused there; in `jatos`
fidelity the handler's own JATOS rules decide, and an invalid request that still succeeds goes into the violation
ledger.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from flask import request

from jatos_mock.core.http.record import RequestRecord, this_request
from jatos_mock.core.http.reply import Reply
from jatos_mock.core.http.runtime import Runtime, runtime
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import auth
from jatos_mock.jatos.http import base_path, bodies, bodiless, config_control, uploads
from jatos_mock.jatos.http.errors import error_response
from jatos_mock.jatos.http.params import Param, bind_path, bind_query
from jatos_mock.jatos.models import ApiToken, User

# Role sets of JATOS's @Auth annotations (reference A §2.4)
ADMIN = ("ADMIN",)
USER = ("USER",)
VIEWER_OR_USER = ("VIEWER", "USER")
ANY_ROLE = ("VIEWER", "USER", "ADMIN")
PUBLIC = None  # no JATOS authentication (publix)


@dataclass
class Call:
    """One authenticated API call as a handler sees it."""

    runtime: Runtime
    user: User | None
    token: ApiToken | None
    body: bytes
    parsed_json: object = bodies.NOT_PARSED  # what Play's body parser produced before auth

    @property
    def store(self):
        return self.runtime.store

    @property
    def config(self):
        return config_control.current(self.runtime)

    @property
    def version(self):
        """The version this request runs under."""
        return self.runtime.request_version

    @property
    def views(self):
        """The running version's JSON views of the entities."""
        return self.runtime.request_version.views

    @property
    def content_type(self) -> str | None:
        return request.content_type

    @property
    def has_json_body(self) -> bool:
        return self.parsed_json is not bodies.NOT_PARSED

    def json_body(self):
        """The body as JSON, the way BodyParser.Raw endpoints read it (ApiService.getJsonFromBody)."""
        return bodies.json_from_body(self.body)

    def json_object(self) -> dict:
        return bodies.json_object_from_body(self.body)


def endpoint(operation_id: str, roles: tuple[str, ...] | None, *, path: dict[str, Param] | None = None,
             query: dict[str, Param] | Callable[[], dict[str, Param]] | None = None, body: str = bodies.ANY,
             first: Callable[[dict], None] | None = None, authenticate: Callable | None = None,
             reuse: bool = False):
    """Wraps a Flask view: binding, body parsing, auth, request validation, then the handler.

    `query` may be a function giving this request's parameters (ones JATOS binds only in some cases). `first`
    gets the raw path values before anything else, for checks JATOS makes before Play binds the request (a parser
    annotation, a gate without auth); a JatosError it raises is the answer. `authenticate(state, roles, config,
    now_ms)` replaces JATOS 3.10's token auth (a version whose auth differs, e.g. 3.9's session cookie first).
    `reuse`: a read whose answer depends only on the state, the request, the configuration, the profile and the
    clock; its answer is reused for the same request at the same state (core/http/answer_cache.py).
    """

    def decorate(view):
        @functools.wraps(view)
        def run(**path_values):
            rt = runtime()
            record = this_request()
            req = request._get_current_object()  # one context look-up for the whole pipeline
            record.operation_id = operation_id
            try:
                if roles is not PUBLIC and record.profile.is_spec and authenticate is None:
                    _credentials_first(rt, roles)
                if first is not None:
                    first(path_values)
                bound = _bind_path(rt, operation_id, path or {}, path_values)
                bound.update({k: v for k, v in path_values.items() if k not in bound})
                bound.update(bind_query((query() if callable(query) else query) or {}, req.args))
                _check_size(rt, operation_id, body, req)
                raw = uploads.read_body(body)  # b"" for multipart parts and archives: they stream to disk
                parsed = bodies.parse_before_auth(body, req.content_type, raw)
                user = token = None
                if roles is not PUBLIC:
                    config, now = config_control.current(rt), rt.store.now()
                    with rt.store.read() as state:
                        if authenticate is not None:
                            user, token = authenticate(state, roles, config, now)
                        else:
                            user, token = auth.authenticate(state, req.headers.get("Authorization"), roles, config,
                                                            now)
                _validate_request(rt, record, raw or uploads.body_sample(body), req)
                slot = None
                if reuse and authenticate is None and not uploads.is_multipart(req) and body != bodies.ARCHIVE:
                    slot = rt.answers.open(rt.store, req.environ, raw, rt.profile, record.profile,
                                           _recheck(rt, roles, req.headers.get("Authorization")))
                answer = view(Call(rt, user, token, raw, parsed), **bound)
                answer = rt.request_version.render(answer) if isinstance(answer, Reply) else answer
                if slot is not None:
                    rt.answers.close(slot, rt.store)
                    record.answer_slot = slot
                return answer
            except errors.Answered as exc:
                return exc.response
            except errors.Unauthorized as exc:
                return _unauthorized(exc)
            except errors.JatosError as exc:
                return error_response(exc)

        run.operation_id = operation_id
        return run

    return decorate


def _recheck(rt: Runtime, roles, authorization: str | None):
    """What a reused answer must pass again for each request (core/http/answer_cache.py): the same configuration
    object, and JATOS's auth of the same header now (a token expires, a user is deactivated)."""
    config = config_control.current(rt)

    def recheck(_environ):
        if config_control.current(rt) is not config:
            return None
        if roles is not PUBLIC:
            with rt.store.read() as state:
                try:
                    auth.authenticate(state, authorization, roles, config, rt.store.now())
                except errors.JatosError:
                    return None
        return {}

    return recheck


def _credentials_first(rt: Runtime, roles) -> None:
    """`spec` fidelity: an OpenAPI server checks security before the parameters, so missing or bad credentials
    answer 401 ahead of a binding 400 (JATOS, like Play, binds first). Other auth failures wait for their turn."""
    with rt.store.read() as state:
        try:
            auth.authenticate(state, request.headers.get("Authorization"), roles, config_control.current(rt),
                              rt.store.now())
        except errors.Unauthorized:
            raise
        except errors.JatosError:
            pass


def _bind_path(rt: Runtime, operation_id: str, specs: dict[str, Param], values: dict[str, str]) -> dict:
    """Play's path binding; where the contract lists no 400, `spec` fidelity treats an unbindable value as a path
    that matches no operation (404), as an OpenAPI router would."""
    try:
        return bind_path(specs, values)
    except errors.ClientError:
        validator = rt.request_validator
        op = validator.by_id.get(operation_id) if validator is not None else None
        if op is None or "400" in op.responses or deviates("A5"):
            raise
        uri = request.script_root + (request.full_path if request.query_string else request.path)
        raise errors.NotFound(f"Requested page {request.method} {uri} couldn't be found.") from None


def _check_size(rt: Runtime, operation_id: str, body: str, req) -> None:
    """Play's parser limit (maxMemoryBuffer or maxDiskBuffer, by parser) holds for every body; the contract lists
    the 413 where bodies are archives and files, elsewhere it is A45 (every fidelity: the mock takes no more)."""
    length = req.content_length
    if length is not None and length > bodies.parser_limit(body, req.content_type, config_control.current(rt)):
        validator = rt.request_validator  # the contract of the request's version
        op = validator.by_id.get(operation_id) if validator is not None else None
        if op is not None and "413" not in op.responses:
            deviates("A45")
        raise errors.TooLarge("Request entity too large")


def _unauthorized(exc: errors.Unauthorized):
    accepts_html = "text/html" in request.headers.get("Accept", "")
    if exc.code == "AUTH_ERROR" and accepts_html and deviates("A4"):
        # AuthAction.denied: redirect(routes.Signin.signin()), a reverse route under the base path
        return bodiless.redirect(base_path.context() + "jatos/signin")
    return error_response(exc)


def _validate_request(rt: Runtime, record: RequestRecord, raw: bytes, req) -> None:
    """Checks the request against the contract; `spec` fidelity refuses an invalid one with 400."""
    validator = rt.request_validator
    if not rt.settings.validate_requests or validator is None:
        return
    op = validator.operation(req.method, record.path_template or "")
    if op is None:
        return
    form_names = set(req.files) | set(req.form) if req.mimetype.startswith("multipart/") else None
    problems = validator.validate_request(op, req.view_args or {}, req.args.to_dict(flat=False),
                                             req.content_type, raw, form_names)
    record.request_problems = problems
    if problems and problems[0].startswith("request media type"):
        deviates("M13")  # JATOS's parsers take it anyway: recorded, so the ledger names the reason
    if problems and record.profile.is_spec:
        if problems[0].startswith("request body is not valid JSON"):  # not JSON at all: JATOS's syntax answer
            raise errors.InvalidJson(bodies.JSON_SYNTAX)
        raise errors.ValidationFailed(f"Request violates the API contract: {problems[0]}")
