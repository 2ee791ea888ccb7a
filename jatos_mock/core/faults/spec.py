"""Reading faults: the compact spec and the JSON form, into the typed model (model.py).

Compact spec (CLI `--fault`, pytest marker):  KIND[:ARGS][@TARGET][~PROBABILITY][#TIMES]
    latency:200                      fixed 200 ms            latency:uniform:50-300     uniform 50..300 ms
    latency:lognormal:100:0.5        log-normal, median 100 ms, sigma 0.5
    error:503                        503 in the API's error answer, default code and message for the status
    error:500:SOME_CODE:Boom         status, code (one of the API's) and message
    ratelimit:10/60                  10 requests per 60 s window, then 429 (X-RateLimit-* headers on every answer)
    drop                             the connection is closed without an answer
    truncate  |  truncate:100        the body is cut short (at half, or after 100 bytes) and the connection closed
    error:503@getItem#2              only the first 2 matching requests;   drop~0.25   one request in four
A message must not contain '@', '~' or '#'; use the JSON form of the control API for those.

An operationId target must name an operation of the API (a wildcard must match at least one), and an error's code
must be one of the API's error codes (ApiFaultProfile); anything else is refused with a FaultError, so a typo
cannot leave a fault that never fires.
"""

import difflib
import fnmatch
import math
import re

from jatos_mock.core.faults.api_profile import ApiFaultProfile
from jatos_mock.core.faults.model import DISTRIBUTIONS, KINDS, Drop, ErrorAnswer, Fault, Latency, RateLimit, Truncate

_SPEC = re.compile(r"^(?P<kind>[a-z]+)(?::(?P<args>[^@~#]*))?(?:@(?P<target>[^~#]+))?"
                   r"(?:~(?P<probability>[0-9.]+))?(?:#(?P<times>\d+))?$")

# every field of the JSON form; a kind ignores the others' fields
FIELDS = {"kind", "target", "probability", "times", "distribution", "ms", "min", "max", "median", "sigma",
          "status", "code", "message", "limit", "window", "bytes"}
LATENCY_FIELDS = ("ms", "min", "max", "median", "sigma")


class FaultError(ValueError):
    """A fault that cannot be set; the message says what is wrong."""


def _kinds() -> str:
    return ", ".join(KINDS)


def _number(text, what: str, cast=float):
    try:
        value = cast(text)
    except (TypeError, ValueError):
        raise FaultError(f"{what} must be a number, not {text!r}") from None
    if value < 0 or (isinstance(value, float) and not math.isfinite(value)):
        raise FaultError(f"{what} must be a non-negative number, not {text!r}")
    return value


# --- the compact spec -> the JSON form ---

def parse_spec(spec: str, api: ApiFaultProfile | None = None) -> dict:
    """'error:503@getItem#2' -> the JSON form {kind, status, target, times}; `api` only words the examples."""
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
            raise FaultError("latency needs a value, e.g. latency:200, latency:uniform:50-300, "
                             "latency:lognormal:100:0.5")
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
            code = api.default_server_error[0] if api else "CODE"
            raise FaultError(f"error needs a status, e.g. error:503 or error:500:{code}:message")
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
        raise FaultError(f"unknown fault kind {kind!r}: one of {_kinds()}")
    return data


# --- the JSON form -> the typed model ---

def build(item, api: ApiFaultProfile) -> Fault:
    """A fault from a spec string or its JSON form, checked against the API; raises FaultError with the reason."""
    data = parse_spec(item, api) if isinstance(item, str) else item
    if not isinstance(data, dict):
        raise FaultError("a fault is a spec string or a JSON object with a 'kind'")
    kind = data.get("kind")
    if kind not in KINDS:
        raise FaultError(f"unknown fault kind {kind!r}: one of {_kinds()}")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise FaultError(f"unknown fault field(s): {', '.join(unknown)}")
    shared = _shared(data, api)
    if kind == "latency":
        return Latency(**shared, distribution=_distribution(data))
    if kind == "error":
        return _error(data, api, shared)
    if kind == "ratelimit":
        limit = _number(data.get("limit", 0), "limit", int)
        window = _number(data.get("window", 60), "window")
        if limit < 1 or window <= 0:
            raise FaultError("ratelimit needs a limit of at least 1 and a window above 0 seconds")
        return RateLimit(**shared, limit=limit, window=window)
    if kind == "truncate":
        cut = data.get("bytes")
        return Truncate(**shared, bytes=None if cut is None else _number(cut, "bytes", int))
    return Drop(**shared)


def _shared(data: dict, api: ApiFaultProfile) -> dict:
    """target, probability and times, the fields every kind has."""
    target = data.get("target")
    if target is not None and (not isinstance(target, str) or not target.strip()):
        raise FaultError("target must be an operationId or 'METHOD /path'")
    target = target.strip() if target else None
    if target is not None and " " not in target:
        check_operation(target, api)
    probability = _number(data.get("probability", 1.0), "probability")
    if probability > 1:
        raise FaultError("probability must be between 0 and 1")
    times = _number(data["times"], "times", int) if data.get("times") is not None else None
    return {"target": target, "probability": probability, "times": times}


def _distribution(data: dict):
    name = data.get("distribution", "fixed")
    if name not in DISTRIBUTIONS:
        raise FaultError(f"latency distribution must be one of {', '.join(DISTRIBUTIONS)}")
    # every latency number given is checked, even one the distribution does not use
    numbers = {key: _number(data[key], key) for key in LATENCY_FIELDS if key in data}
    distribution = DISTRIBUTIONS[name]
    chosen = distribution(**{key: value for key, value in numbers.items() if key in distribution.__dataclass_fields__})
    if name == "uniform" and chosen.min > chosen.max:
        raise FaultError("uniform latency needs min <= max")
    if name == "lognormal" and chosen.median <= 0:
        raise FaultError("log-normal latency needs a median above 0")
    return chosen


def _error(data: dict, api: ApiFaultProfile, shared: dict) -> ErrorAnswer:
    status = _number(data.get("status", 500), "status", int)
    if not 400 <= status <= 599:
        raise FaultError("an injected error needs a 4xx or 5xx status")
    default_code, default_message = api.default_error(status)
    code = data.get("code")
    if code and code not in api.error_codes:
        raise FaultError(f"unknown error code {code!r}: {api.name} answers with one of {', '.join(api.error_codes)}")
    return ErrorAnswer(**shared, status=status, code=str(code or default_code),
                       message=str(data.get("message") or default_message))


def check_operation(target: str, api: ApiFaultProfile) -> None:
    """Refuses an operationId target (or wildcard) that names no operation of the API."""
    operations = api.operations
    path_form = f"(or give 'METHOD /path', e.g. {api.path_example!r})"
    if any(ch in target for ch in "*?["):
        if any(fnmatch.fnmatchcase(op, target) for op in operations):
            return
        raise FaultError(f"target {target!r} matches no operationId of the contract {path_form}")
    if target in operations:
        return
    close = difflib.get_close_matches(target, sorted(operations), n=3, cutoff=0.6)
    if not close:  # a case slip (getitem for getItem) is worth a hint too
        lower = {op.lower(): op for op in operations}
        close = [lower[m] for m in difflib.get_close_matches(target.lower(), sorted(lower), n=3, cutoff=0.6)]
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else f" {path_form}"
    raise FaultError(f"unknown operation {target!r}: not an operationId of the contract{hint}")
