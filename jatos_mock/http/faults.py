"""Injected faults, for testing a client's retry and error paths: latency, error answers, rate limits, transport faults.

A fault applies to one operation (its operationId, or `METHOD /path` as in the contract, with or without the
/jatos/api/v1 prefix; `*` wildcards allowed) or to every API request (no target). Faults never touch /__mock__/,
the docs page or /openapi.yaml. Random draws (latency, probability) come from the faults' own seeded generator,
so the same seed gives the same faults.

Compact spec (CLI `--fault`, pytest marker):  KIND[:ARGS][@TARGET][~PROBABILITY][#TIMES]
    latency:200                      fixed 200 ms            latency:uniform:50-300     uniform 50..300 ms
    latency:lognormal:100:0.5        log-normal, median 100 ms, sigma 0.5
    error:503                        503 in JATOS's envelope, default code and message for the status
    error:500:UNEXPECTED_ERROR:Boom  status, code and message
    ratelimit:10/60                  10 requests per 60 s window, then 429 (X-RateLimit-* headers on every answer)
    drop                             the connection is closed without an answer
    truncate  |  truncate:100        the body is cut short (at half, or after 100 bytes) and the connection closed
    error:503@getCurrentApiToken#2   only the first 2 matching requests;   drop~0.25   one request in four
A message must not contain '@', '~' or '#'; use the JSON form of the control API for those.

An operationId target must name an operation of the contract (a wildcard must match at least one), and an error's
code must be one of JATOS's error codes (envelope.ERROR_CODES); anything else is refused with a FaultError, so a
typo cannot leave a fault that never fires.
"""

import difflib
import fnmatch
import itertools
import math
import random
import re
import threading
import time
from dataclasses import dataclass, field

from flask import Response, current_app, g

from jatos_mock.contract.spec import iter_operations, load_spec
from jatos_mock.http.v3_10.envelope import ERROR_CODES, error

KINDS = ("latency", "error", "ratelimit", "drop", "truncate")
DISTRIBUTIONS = ("fixed", "uniform", "lognormal")
API_PREFIX = "/jatos/api/v1"
FAULT_FREE = ("/__mock__/", "/docs", "/openapi.yaml")

# The error code and message JATOS answers with for each status (ApiEnvelope.ErrorCode)
DEFAULT_ERRORS = {
    400: ("CLIENT_ERROR", "Bad request"),
    401: ("INVALID_API_TOKEN", "Failed authentication"),
    403: ("FORBIDDEN", "Forbidden"),
    404: ("NOT_FOUND", "Not found"),
    409: ("STUDY_LOCKED", "Study is locked"),
    413: ("TOO_LARGE", "Request entity too large"),
    415: ("WRONG_CONTENT_TYPE", "Wrong content type"),
    429: ("CLIENT_ERROR", "Too many requests"),
}
DEFAULT_SERVER_ERROR = ("UNEXPECTED_ERROR", "Unexpected error")

_SPEC = re.compile(r"^(?P<kind>[a-z]+)(?::(?P<args>[^@~#]*))?(?:@(?P<target>[^~#]+))?"
                   r"(?:~(?P<probability>[0-9.]+))?(?:#(?P<times>\d+))?$")


class FaultError(ValueError):
    """A fault that cannot be set; the message says what is wrong."""


_packaged_operations: frozenset | None = None


def packaged_operations() -> frozenset:
    """The operationIds of the packaged contract (jatos-api.yaml)."""
    global _packaged_operations
    if _packaged_operations is None:
        _packaged_operations = frozenset(op["operationId"] for _, _, op, _ in iter_operations(load_spec())
                                         if op.get("operationId"))
    return _packaged_operations


def _check_operation(target: str, operations) -> None:
    """Refuses an operationId target (or wildcard) that names no operation of the contract."""
    if any(ch in target for ch in "*?["):
        if any(fnmatch.fnmatchcase(op, target) for op in operations):
            return
        raise FaultError(f"target {target!r} matches no operationId of the contract "
                         "(or give 'METHOD /path', e.g. 'GET /studies/{id}')")
    if target in operations:
        return
    close = difflib.get_close_matches(target, sorted(operations), n=3, cutoff=0.6)
    if not close:  # a case slip (getcurrentapitoken) is worth a hint too
        lower = {op.lower(): op for op in operations}
        close = [lower[m] for m in difflib.get_close_matches(target.lower(), sorted(lower), n=3, cutoff=0.6)]
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else \
        " (or give 'METHOD /path', e.g. 'GET /studies/{id}')"
    raise FaultError(f"unknown operation {target!r}: not an operationId of the contract{hint}")


class Disconnect(Exception):
    """Raised inside the response iterator to make the WSGI server close the connection."""


def _disconnect_error():
    try:  # waitress closes the connection quietly on its own ClientDisconnected
        from waitress.channel import ClientDisconnected
        return ClientDisconnected("jatos-mock fault: connection dropped")
    except ImportError:  # pragma: no cover - another server
        return Disconnect("jatos-mock fault: connection dropped")


@dataclass
class Fault:
    kind: str
    target: str | None = None
    probability: float = 1.0
    times: int | None = None  # only the first N matching requests
    # latency
    distribution: str = "fixed"
    ms: float = 0.0
    min: float = 0.0
    max: float = 0.0
    median: float = 0.0
    sigma: float = 0.0
    # error
    status: int = 500
    code: str | None = None
    message: str | None = None
    # ratelimit
    limit: int = 0
    window: float = 60.0  # seconds
    # truncate
    bytes: int | None = None  # None: half the body
    id: int = 0
    hits: int = 0
    _window_start: int | None = field(default=None, repr=False)
    _window_count: int = field(default=0, repr=False)

    def as_dict(self) -> dict:
        data = {"id": self.id, "kind": self.kind, "target": self.target, "probability": self.probability,
                "times": self.times, "hits": self.hits}
        if self.kind == "latency":
            data.update(distribution=self.distribution)
            data.update({"fixed": {"ms": self.ms}, "uniform": {"min": self.min, "max": self.max},
                         "lognormal": {"median": self.median, "sigma": self.sigma}}[self.distribution])
        elif self.kind == "error":
            data.update(status=self.status, code=self.code, message=self.message)
        elif self.kind == "ratelimit":
            data.update(limit=self.limit, window=self.window)
        elif self.kind == "truncate":
            data.update(bytes=self.bytes)
        return data


def _number(text: str, what: str, cast=float):
    try:
        value = cast(text)
    except (TypeError, ValueError):
        raise FaultError(f"{what} must be a number, not {text!r}") from None
    if value < 0 or (isinstance(value, float) and not math.isfinite(value)):
        raise FaultError(f"{what} must be a non-negative number, not {text!r}")
    return value


def parse_spec(spec: str) -> dict:
    """'error:503@getCurrentApiToken#2' -> the JSON form {kind, status, target, times}."""
    match = _SPEC.match(spec.strip())
    if not match:
        raise FaultError(f"cannot read fault {spec!r}: expected KIND[:ARGS][@TARGET][~PROBABILITY][#TIMES]")
    kind, args = match["kind"], match["args"]
    parts = args.split(":") if args else []
    data: dict = {"kind": kind}
    if match["target"]:
        data["target"] = match["target"].strip()
    if match["probability"]:
        data["probability"] = _number(match["probability"], "probability")
    if match["times"]:
        data["times"] = int(match["times"])
    if kind == "latency":
        if not parts:
            raise FaultError("latency needs a value, e.g. latency:200, latency:uniform:50-300, latency:lognormal:100:0.5")
        if parts[0] == "uniform" and len(parts) == 2 and "-" in parts[1]:
            low, high = parts[1].split("-", 1)
            data.update(distribution="uniform", min=low, max=high)
        elif parts[0] == "lognormal" and len(parts) == 3:
            data.update(distribution="lognormal", median=parts[1], sigma=parts[2])
        elif len(parts) == 1 or (parts[0] == "fixed" and len(parts) == 2):
            data.update(distribution="fixed", ms=parts[-1])
        else:
            raise FaultError(f"cannot read latency {args!r}: use MS, uniform:MIN-MAX or lognormal:MEDIAN:SIGMA")
    elif kind == "error":
        if not parts:
            raise FaultError("error needs a status, e.g. error:503 or error:500:UNEXPECTED_ERROR:message")
        data["status"] = parts[0]
        if len(parts) > 1:
            data["code"] = parts[1]
        if len(parts) > 2:
            data["message"] = ":".join(parts[2:])
    elif kind == "ratelimit":
        if len(parts) != 1 or "/" not in parts[0]:
            raise FaultError("ratelimit needs LIMIT/SECONDS, e.g. ratelimit:10/60")
        data["limit"], data["window"] = parts[0].split("/", 1)
    elif kind == "truncate":
        if parts:
            data["bytes"] = parts[0]
    elif kind == "drop":
        if parts:
            raise FaultError("drop takes no arguments")
    else:
        raise FaultError(f"unknown fault kind {kind!r}: one of {', '.join(KINDS)}")
    return data


def build(item, operations=None) -> Fault:
    """A fault from a spec string or its JSON form; raises FaultError with the reason.

    `operations`: the operationIds an operationId target may name (default: those of the packaged contract)."""
    data = parse_spec(item) if isinstance(item, str) else item
    if not isinstance(data, dict):
        raise FaultError("a fault is a spec string or a JSON object with a 'kind'")
    kind = data.get("kind")
    if kind not in KINDS:
        raise FaultError(f"unknown fault kind {kind!r}: one of {', '.join(KINDS)}")
    allowed = {"kind", "target", "probability", "times", "distribution", "ms", "min", "max", "median", "sigma",
               "status", "code", "message", "limit", "window", "bytes"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise FaultError(f"unknown fault field(s): {', '.join(unknown)}")
    fault = Fault(kind=kind)
    target = data.get("target")
    if target is not None and (not isinstance(target, str) or not target.strip()):
        raise FaultError("target must be an operationId or 'METHOD /path'")
    fault.target = target.strip() if target else None
    if fault.target is not None and " " not in fault.target:
        _check_operation(fault.target, packaged_operations() if operations is None else operations)
    fault.probability = _number(data.get("probability", 1.0), "probability")
    if fault.probability > 1:
        raise FaultError("probability must be between 0 and 1")
    if data.get("times") is not None:
        fault.times = _number(data["times"], "times", int)
    if kind == "latency":
        fault.distribution = data.get("distribution", "fixed")
        if fault.distribution not in DISTRIBUTIONS:
            raise FaultError(f"latency distribution must be one of {', '.join(DISTRIBUTIONS)}")
        for name in ("ms", "min", "max", "median", "sigma"):
            if name in data:
                setattr(fault, name, _number(data[name], name))
        if fault.distribution == "uniform" and fault.min > fault.max:
            raise FaultError("uniform latency needs min <= max")
        if fault.distribution == "lognormal" and fault.median <= 0:
            raise FaultError("log-normal latency needs a median above 0")
    elif kind == "error":
        fault.status = _number(data.get("status", 500), "status", int)
        if not 400 <= fault.status <= 599:
            raise FaultError("an injected error needs a 4xx or 5xx status")
        default = DEFAULT_ERRORS.get(fault.status, DEFAULT_SERVER_ERROR if fault.status >= 500 else
                                     ("CLIENT_ERROR", "Client error"))
        code = data.get("code")
        if code and code not in ERROR_CODES:
            raise FaultError(f"unknown error code {code!r}: JATOS answers with one of {', '.join(ERROR_CODES)}")
        fault.code = str(code or default[0])
        fault.message = str(data.get("message") or default[1])
    elif kind == "ratelimit":
        fault.limit = _number(data.get("limit", 0), "limit", int)
        fault.window = _number(data.get("window", 60), "window")
        if fault.limit < 1 or fault.window <= 0:
            raise FaultError("ratelimit needs a limit of at least 1 and a window above 0 seconds")
    elif kind == "truncate" and data.get("bytes") is not None:
        fault.bytes = _number(data["bytes"], "bytes", int)
    return fault


class Faults:
    """The active faults of one app; `pipeline` calls before_request and after_request around every request."""

    def __init__(self, clock, seed: int | None = None, sleep=time.sleep, operations=None):
        self._clock = clock
        # the operationIds a target may name; None: those of the packaged contract
        self.operations = frozenset(operations) if operations is not None else None
        self._seed = seed
        self._sleep = sleep
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self.rng = random.Random(seed)

    # --- management ---
    def use_operations(self, operations) -> None:
        """Checks later targets against these operationIds (the app's contract) instead of the packaged ones."""
        self.operations = frozenset(operations)

    def add(self, item) -> Fault:
        fault = build(item, self.operations)
        with self._lock:
            fault.id = next(self._ids)
            self._faults.append(fault)
        return fault

    def add_all(self, items) -> list[Fault]:
        built = [build(item, self.operations) for item in items]  # all or nothing
        with self._lock:
            for fault in built:
                fault.id = next(self._ids)
                self._faults.append(fault)
        return built

    def remove(self, fault_id: int) -> bool:
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if f.id != fault_id]
            return len(self._faults) != before

    def clear(self) -> None:
        """Removes every fault and reseeds the generator, so a new test sees the same draws."""
        with self._lock:
            self._faults = []
            self.rng = random.Random(self._seed)

    def describe(self) -> list[dict]:
        with self._lock:
            return [f.as_dict() for f in self._faults]

    def __bool__(self) -> bool:
        return bool(self._faults)

    # --- matching ---
    @staticmethod
    def _operation_of(request) -> str | None:
        view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
        return getattr(view, "operation_id", None)

    @staticmethod
    def _matches(fault: Fault, request, operation: str | None, template: str | None) -> bool:
        if fault.target is None:
            return True
        target = fault.target
        if " " not in target:
            return operation is not None and fnmatch.fnmatchcase(operation, target)
        method, path = target.split(None, 1)
        if method.upper() != request.method and method != "*":
            return False
        candidates = {request.path}
        if template:
            candidates.add(template)
            if template.startswith(API_PREFIX):
                candidates.add(template[len(API_PREFIX):])
        if request.path.startswith(API_PREFIX):
            candidates.add(request.path[len(API_PREFIX):])
        return any(fnmatch.fnmatchcase(c, path) for c in candidates)

    def _active(self, request) -> list[Fault]:
        if not self._faults or request.path.startswith(FAULT_FREE):
            return []
        operation = self._operation_of(request)
        template = g.get("path_template")
        chosen = []
        with self._lock:
            for fault in self._faults:
                if not self._matches(fault, request, operation, template):
                    continue
                if fault.times is not None and fault.hits >= fault.times:
                    continue
                if fault.probability < 1 and self.rng.random() >= fault.probability:
                    continue
                fault.hits += 1
                chosen.append(fault)
        return chosen

    def _delay_ms(self, fault: Fault) -> float:
        with self._lock:
            if fault.distribution == "uniform":
                return self.rng.uniform(fault.min, fault.max)
            if fault.distribution == "lognormal":
                return self.rng.lognormvariate(math.log(fault.median), fault.sigma)
            return fault.ms

    # --- hooks ---
    def before_request(self, request):
        chosen = self._active(request)
        g.jatos_mock_faults = chosen
        for fault in chosen:
            if fault.kind == "latency":
                self._sleep(self._delay_ms(fault) / 1000)
        for fault in chosen:
            if fault.kind == "ratelimit":
                answer = self._rate_limit(fault)
                if answer is not None:
                    return answer
        for fault in chosen:
            if fault.kind == "error":
                return error(fault.status, fault.code, fault.message)
        return None

    def _rate_limit(self, fault: Fault) -> Response | None:
        now = self._clock.now_ms()
        window_ms = int(fault.window * 1000)
        with self._lock:
            if fault._window_start is None or now >= fault._window_start + window_ms or now < fault._window_start:
                fault._window_start, fault._window_count = now, 0
            fault._window_count += 1
            count, reset_at = fault._window_count, fault._window_start + window_ms
        remaining = max(fault.limit - count, 0)
        headers = {"X-RateLimit-Limit": str(fault.limit), "X-RateLimit-Remaining": str(remaining),
                   "X-RateLimit-Reset": str(math.ceil(reset_at / 1000))}
        g.jatos_mock_ratelimit = headers
        if count > fault.limit:
            retry = max(math.ceil((reset_at - now) / 1000), 0)
            return error(429, "CLIENT_ERROR", "Too many requests", headers={**headers, "Retry-After": str(retry)})
        return None

    def after_request(self, request, response: Response) -> Response:
        chosen = g.get("jatos_mock_faults") or []
        headers = g.get("jatos_mock_ratelimit")
        if headers:
            for name, value in headers.items():
                response.headers.setdefault(name, value)
        for fault in chosen:
            if fault.kind == "drop":
                return _dropped(response)
            if fault.kind == "truncate":
                return _truncated(response, fault.bytes)
        return response


def _dropped(response: Response) -> Response:
    def body():
        raise _disconnect_error()
        yield b""  # pragma: no cover - makes this a generator

    response.response = body()
    response.direct_passthrough = True
    response.headers.pop("Content-Length", None)
    return response


def _truncated(response: Response, limit: int | None) -> Response:
    """Sends the first bytes of the body under the full Content-Length, then closes the connection."""
    original = response.response if response.is_streamed else [response.get_data()]
    known_length = response.headers.get("Content-Length")

    def body():
        sent = 0
        chunks = iter(original)
        first = next(chunks, b"")
        if isinstance(first, str):
            first = first.encode("utf-8")
        # the cut: the given byte count, half the known length, or half the first chunk of a stream
        cut = limit if limit is not None else int(known_length) // 2 if known_length else len(first) // 2
        for chunk in itertools.chain([first], chunks):
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            if sent + len(chunk) >= cut:
                if cut > sent:
                    yield chunk[:cut - sent]
                break
            sent += len(chunk)
            yield chunk
        close = getattr(original, "close", None)
        if close:
            close()
        raise _disconnect_error()

    if not response.is_streamed:
        response.headers["Content-Length"] = str(len(response.get_data()))
        known_length = response.headers["Content-Length"]
    response.response = body()
    response.direct_passthrough = True
    return response
