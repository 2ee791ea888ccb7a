"""The one module that drives schemathesis: every import of it, every use of its internals (engine events and
recorder, schema configuration, hooks, check registration) and both transport patches live here. The rest of the
conformance package sees plain data: `Operation`, `Scenario`, `CheckFailure`, `Problem`, `Fatal`.

The internals used are those of schemathesis 4.32 (`SUPPORTED`, the range pyproject.toml pins); `require()` names
the extra to install when schemathesis, hypothesis or requests is missing or out of range.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import importlib.util
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from jatos_mock.core.conformance.answer import Answer
from jatos_mock.core.contract.validation import JSON_TEXT

EXTRA = "check"
SUPPORTED = (4, 32)  # schemathesis major.minor whose internals this module drives
NEEDED = ("schemathesis", "hypothesis", "requests")
CASE_HEADER = "X-Schemathesis-TestCaseId"  # schemathesis tags every request of a test case with its id
FILTERED_AUTH = "'Authorization: [Filtered]'"  # how its curl samples mask the token
OBSERVE = "jatos_observe"  # the check that only counts answers (never fails)

BUILTIN_CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
                  "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
                  "positive_data_acceptance", "ignored_auth", "use_after_free", "ensure_resource_availability")
PHASES = ("examples", "coverage", "fuzzing", "stateful")


class MissingExtra(RuntimeError):
    """The `check` extra is not installed (or schemathesis is outside the supported range); one line for the user."""


def require() -> None:
    """Raises MissingExtra unless the engine's dependencies are importable and schemathesis is in range."""
    install = f"pip install 'jatos-mock[{EXTRA}]'"
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtra(f"jatos-mock check needs {', '.join(missing)} (the '{EXTRA}' extra): {install}")
    version = importlib.metadata.version("schemathesis")
    if tuple(int(part) for part in version.split(".")[:2] if part.isdigit()) != SUPPORTED:
        raise MissingExtra(f"jatos-mock check drives schemathesis {'.'.join(map(str, SUPPORTED))}.x, found "
                           f"{version}: {install}")


def __getattr__(name: str):
    # for tests that drive schemathesis directly: its built-in checks by name and NOT_SET (a case without a body),
    # imported on first use (the extra may be absent)
    if name in BUILTIN_CHECKS:
        import importlib

        module = "schemathesis.checks" if name == "not_a_server_error" else "schemathesis.specs.openapi.checks"
        return getattr(importlib.import_module(module), name)
    if name == "NOT_SET":
        from schemathesis.core import NOT_SET

        return NOT_SET
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- plain data for the rest of the package -----------------------------------------------------------------------

@dataclass
class Operation:
    label: str  # "METHOD /path" as the contract writes it
    method: str
    path: str
    operation_id: str | None
    definition: dict  # the operation's OpenAPI object

    @property
    def summary(self) -> str:
        return self.definition.get("summary") or ""


@dataclass
class CheckFailure:
    """One failed check of one test case, with the answer it failed on (status None: no answer)."""

    case_id: str
    operation: Operation
    check: str
    title: str
    message: str
    code_sample: str  # a curl command, the token masked as FILTERED_AUTH
    status: int | None
    body: bytes


@dataclass
class Scenario:
    phase: str
    label: str | None
    status: str  # "ok", "FAILED", "ERROR", "skipped"
    failures: list[CheckFailure] = field(default_factory=list)


@dataclass
class Problem:
    """A non-fatal error of one operation (or of the run, when `label` names none)."""

    label: str | None
    message: str


@dataclass
class Fatal:
    message: str


def _operation(api_operation) -> Operation:
    raw = api_operation.definition.raw
    return Operation(api_operation.label, api_operation.method, api_operation.path, raw.get("operationId"), raw)


# --- hooks: registered once per process, dispatching to the running session --------------------------------------

@dataclass
class Hooks:
    """What one run hands the engine: `observe(label, status, body)` for every answer, `before_call(case)` before
    every request, its `rules` (checks by name), `archive(uuid, uuid)` as the bytes sent for application/zip
    and application/octet-stream bodies (None: random bytes), and `answered(test case id, headers)` for every
    answer received, over HTTP or in process (re-sent requests of checks included)."""

    observe: Callable[[str, int, bytes], None] | None = None
    before_call: Callable[[object], None] | None = None
    rules: dict[str, Callable[[Answer], None]] = field(default_factory=dict)
    archive: Callable[[str, str], bytes] | None = None
    answered: Callable[[str | None, object], None] | None = None  # (test case id, headers) of every answer
    follow_redirects: bool = True  # over HTTP; False: a redirect is the answer under test, not the page it names


_current: Hooks | None = None  # the running session's hooks (None between runs)
_registered: set[str] = set()  # check names registered with schemathesis so far
_session_lock = threading.Lock()  # schemathesis keeps hooks and checks globally: one run at a time


@contextlib.contextmanager
def session(hooks: Hooks) -> Iterator[None]:
    """One engine run with `hooks`: schemathesis keeps hooks and checks per process, so they are registered once
    and each dispatches to the running session's; runs of different APIs in one process take turns."""
    global _current
    with _session_lock:
        _register(hooks.rules)
        _current = hooks
        try:
            yield
        finally:
            _current = None


def _register(rules: dict[str, Callable[[Answer], None]]) -> None:
    import schemathesis

    if not _registered:
        _patch_transports()
        # JATOS imports studies as application/zip bodies; let schemathesis send bytes for them
        schemathesis.serializer.alias("application/zip", "application/octet-stream")
        # ...and real study archives as those bytes: its stock sample files (a PNG, a PDF) are rightly refused
        for media_type in ("application/zip", "application/octet-stream"):
            schemathesis.openapi.media_type(media_type, _archives())
        # strings of our `json-text` format hold a JSON document, as the contract's validation requires
        schemathesis.openapi.format(JSON_TEXT, _json_texts())

        def jatos_observe(ctx, response, case):
            hooks = _current
            if hooks is not None and hooks.observe is not None:
                hooks.observe(case.operation.label, response.status_code, response.content or b"")
            return None

        def before_call(ctx, case, kwargs):
            hooks = _current
            if hooks is not None and hooks.before_call is not None:
                hooks.before_call(case)

        schemathesis.check(jatos_observe)
        schemathesis.hook("before_call")(before_call)
        _registered.add(OBSERVE)
    for name in rules:
        if name not in _registered:  # a run includes only its own checks by name (configure)
            schemathesis.check(_adapter(name, rules[name]))
            _registered.add(name)


def _archives():
    """The running session's archive per example (fresh UUIDs, so each JATOS import creates a study), else bytes."""
    from hypothesis import strategies as st

    def body(first, second, raw: bytes) -> bytes:
        hooks = _current
        if hooks is None or hooks.archive is None:
            return raw
        return hooks.archive(str(first), str(second))

    return st.builds(body, st.uuids(), st.uuids(), st.binary(max_size=64))


def _json_texts():
    """Blank texts and JSON documents of a few nested values."""
    from hypothesis import strategies as st

    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
    values = st.recursive(st.none() | st.booleans() | st.integers() | text,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                          max_leaves=6)
    return st.just("") | values.map(json.dumps)


def _adapter(name: str, rule: Callable[[Answer], None]):
    def adapter(ctx, response, case):
        hooks = _current
        current = hooks.rules.get(name) if hooks is not None else None
        if current is not None:  # the running session's rule of that name
            current(_answer(response, case))
        return None

    adapter.__name__ = name
    adapter.__qualname__ = name
    adapter.__doc__ = rule.__doc__
    return adapter


def _answer(response, case) -> Answer:
    operation = case.operation
    definition = operation.definition.raw if hasattr(operation.definition, "raw") else {}
    sent = {k.lower() for k in (response.request.headers or {})}
    secured = definition.get("security", None) != []
    method = (response.request.method or operation.method).upper()
    # a probe with another method (coverage's unexpected-method cases) is not an answer of this operation
    operation_id = definition.get("operationId") if method == operation.method.upper() else None
    return Answer(
        operation_id=operation_id,
        method=method,
        status=response.status_code,
        headers={k.lower(): (v[0] if isinstance(v, list) else v) for k, v in response.headers.items()},
        body=response.content or b"",
        sent_credentials="authorization" in sent,
        secured=secured,
    )


def _patch_transports() -> None:
    """Both transports hand every answer to the running session's `answered`. In-process WSGI also drops what
    checks that re-send a request (ignored_auth, content-type probes) pass for sockets (max_redirects, verify,
    cert, proxies), which Werkzeug's EnvironBuilder rejects with a TypeError, as the transport already does when
    it is given a requests session. Over HTTP a session may follow no redirect (Hooks.follow_redirects)."""
    from schemathesis.transport.requests import RequestsTransport
    from schemathesis.transport.wsgi import WSGITransport

    def wrap(transport, drop: tuple[str, ...], over_http: bool = False):
        original = transport.send

        @functools.wraps(original)
        def send(self, case, *, session=None, **kwargs):
            for name in drop:
                kwargs.pop(name, None)
            hooks = _current
            if over_http and hooks is not None and not hooks.follow_redirects and kwargs.get("max_redirects") is None:
                kwargs["max_redirects"] = 0
            response = original(self, case, session=session, **kwargs)
            if hooks is not None and hooks.answered is not None:
                sent = getattr(response.request, "headers", None) or {}
                hooks.answered(sent.get(CASE_HEADER), response.headers)
            return response

        transport.send = send

    wrap(WSGITransport, ("max_redirects", "verify", "cert", "proxies"))
    wrap(RequestsTransport, (), over_http=True)


# --- one schema, configured and run ------------------------------------------------------------------------------

def load(location: str, app=None, base_url: str | None = None):
    """The contract at a path or URL, bound to an in-process WSGI app or a base URL; (schema, its operations)."""
    import schemathesis

    if location.startswith(("http://", "https://")):
        schema = schemathesis.openapi.from_url(location)
    else:
        schema = schemathesis.openapi.from_path(location)
    # before operations are built: each operation keeps the app and base URL it was built with
    if app is not None:
        schema.app = app
    else:
        schema.config.update(base_url=base_url.rstrip("/"))
    return schema, [_operation(op.ok()) for op in schema.get_all_operations()]


def configure(schema, *, include: list[str] | None, workers: int, seed: int | None, max_examples: int,
              phases: list[str], parameters: dict | None, stateful_steps: int, read_only: bool, checks: list[str],
              token_for: Callable[[Operation], str], auth_key: Callable[[Operation], str]):
    """The schema limited to the `include` labels (None: all) and set up for one run; each request carries the
    bearer token `token_for(operation)`, cached per `auth_key(operation)`."""
    if include is not None:
        schema = schema.include(name=include)
    schema.config.update(workers=workers)
    if seed is not None:
        schema.config.seed = seed
    schema.config.generation.update(max_examples=max_examples, database="none")
    if parameters:
        schema.config.update(parameters=dict(parameters))
    schema.config.phases.update(phases=list(phases))
    schema.config.phases.stateful.max_steps = stateful_steps
    if read_only:
        schema.config.phases.coverage.unexpected_methods = set()  # no probes with other methods
    schema.config.checks.update(included_check_names=list(checks) + [OBSERVE])

    class BearerToken:
        def get(self, case, ctx):
            return token_for(_operation(case.operation))

        def set(self, case, data, ctx):
            case.headers = dict(case.headers or {})
            case.headers["Authorization"] = f"Bearer {data}"

    schema.auth(cache_by_key=lambda case, ctx: auth_key(_operation(case.operation)))(BearerToken)
    return schema


def execute(schema) -> Iterator[Scenario | Problem | Fatal]:
    """Runs the configured schema; yields each finished scenario with its failed checks, and the errors."""
    from schemathesis.engine import Status, events, from_schema

    statuses = {Status.SUCCESS: "ok", Status.FAILURE: "FAILED", Status.ERROR: "ERROR", Status.SKIP: "skipped"}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            yield Scenario(event.phase.value, event.recorder.label,
                           statuses.get(event.status, str(event.status)), list(_failures(event.recorder)))
        elif isinstance(event, events.NonFatalError):
            yield Problem(event.label, f"{event.info.title}: {event.info.message}".strip())
        elif isinstance(event, events.FatalError):
            yield Fatal(str(event.exception))


def _failures(recorder) -> Iterator[CheckFailure]:
    for case_id, nodes in recorder.checks.items():
        case_node = recorder.cases.get(case_id)
        if case_node is None:
            continue
        operation = _operation(case_node.value.operation)
        for node in nodes:
            info = node.failure_info
            if info is None:
                continue
            interaction = recorder.interactions.get(case_id)
            response = interaction.response if interaction else None
            yield CheckFailure(case_id, operation, node.name, info.failure.title or node.name,
                               info.failure.message or "", info.code_sample or "",
                               response.status_code if response is not None else None,
                               (response.content or b"") if response is not None else b"")
