"""The control API under /__mock__/ (not part of any real API): reset, state, journal, violations, the fixture
users' credentials, clock and faults. An API adds its own calls (seeding, publishing, ...) on a blueprint of its
own from `control_blueprint`.

Plain JSON (not the API's envelope); errors are {"error": "..."} with a 4xx status. Bound to loopback callers by
default, so a mock reachable from elsewhere cannot be reset by others; and, so that a web page the user has open
cannot drive it, a state-changing call must be one a browser sends cross-origin only after a CORS preflight (which
the mock never grants): a JSON Content-Type or the `X-Jatos-Mock-Control` header. The `Host` header must name the
listen address (DNS rebinding).
"""

import time

from flask import Blueprint, request

from jatos_mock.core.contract import text as json_text
from jatos_mock.core.faults import FaultError
from jatos_mock.core.http.control_access import guard
from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import runtime
from jatos_mock.core.state import state_io
from jatos_mock.core.state.clock import FIXED_EPOCH_MS

PREFIX = "/__mock__"


class BadBody(Exception):
    """A control call's body or query that cannot be used; answered 400 with its message."""


def problem(message: str, status: int = 400):
    return json_response({"error": message}, status)


def json_body(default=None):
    raw = request.get_data(cache=True)
    if not raw.strip():
        if default is not None:
            return default
        raise BadBody("expected a JSON body")
    try:
        return json_text.loads(raw)
    except ValueError as exc:
        raise BadBody(f"the body is not valid JSON: {exc}") from None


def int_arg(name: str, default: int = 0) -> int:
    value = request.args.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise BadBody(f"query parameter {name!r} must be an integer") from None


def _bad_body(exc: BadBody):
    return problem(str(exc))


def control_blueprint(name: str) -> Blueprint:
    """A blueprint under /__mock__/ with the control API's access rule and error answers."""
    blueprint = Blueprint(name, __name__, url_prefix=PREFIX)
    blueprint.before_request(guard)
    blueprint.register_error_handler(BadBody, _bad_body)
    return blueprint


bp = control_blueprint("control")


# --- state ----------------------------------------------------------------------------------------------------------

def reset_runtime(rt) -> None:
    """Back to the loaded fixtures and the start clock (frozen at the fixed instant when seeded, else real time);
    faults are removed and their random source reseeded; requests run under the settings' profile again; what the
    API registered in `rt.on_reset` runs (its configuration as started, rate-limit counters emptied). The journal
    and the ledger keep their history."""
    rt.store.reset()
    rt.reset_profile()
    for restore in rt.on_reset:
        restore()
    clock = rt.store.clock
    if rt.store.seed is not None:
        clock.freeze(FIXED_EPOCH_MS)
    else:
        if clock.frozen:
            clock.unfreeze()
        clock.set(int(time.time() * 1000))
    faults = rt.extras.get("faults")
    if faults is not None:
        faults.clear()


@bp.post("/reset")
def reset():
    reset_runtime(runtime())
    return json_response({"reset": True})


@bp.get("/state")
def export_state():
    return json_response(state_io.export_state(runtime().store))


@bp.route("/state", methods=["PUT", "POST"])
def import_state():
    document = json_body()
    try:
        state_io.import_state(runtime().store, document)
    except state_io.StateError as exc:
        return problem(f"state not imported: {exc}")
    return json_response({"imported": True})


@bp.post("/state/save")
def save_state():
    rt = runtime()
    path = rt.settings.state_file
    if path is None:
        return problem("no state file: start the mock with --state FILE", 409)
    try:
        state_io.save_file(rt.store, path)
    except OSError as exc:
        return problem(f"cannot write {path}: {exc.strerror or exc}", 500)
    return json_response({"saved": str(path)})


# --- what happened --------------------------------------------------------------------------------------------------

@bp.get("/journal")
def journal():
    """Requests answered since `since` (a sequence number); `next` is the `since` of a later call."""
    rt = runtime()
    since = int_arg("since")
    entries = [e.as_dict() for e in rt.journal.entries(since)]
    return json_response({"entries": entries, "next": rt.journal.next_seq()})


@bp.get("/violations")
def violations():
    """Contract violations since `since`; `unregistered=true` leaves out those a registered deviation explains."""
    rt = runtime()
    only_new = request.args.get("unregistered", "").lower() in ("1", "true", "yes")
    return json_response([v.as_dict() for v in rt.ledger.entries(int_arg("since"), unregistered_only=only_new)])


# --- tokens ---------------------------------------------------------------------------------------------------------

CREDENTIALS = ("username", "roles", "token", "email", "password")  # the last two where an API's users have them


@bp.get("/tokens")
def fixture_tokens():
    return json_response([{k: t[k] for k in CREDENTIALS if k in t} for t in runtime().fixture_tokens])


# --- clock ----------------------------------------------------------------------------------------------------------

@bp.get("/clock")
def get_clock():
    return json_response(runtime().store.clock.state())


@bp.post("/clock")
def set_clock():
    """{"freeze": true|false, "set": epoch ms, "advance": ms}; applied in that order. Token expiry follows."""
    body = json_body()
    if not isinstance(body, dict) or not set(body) <= {"freeze", "set", "advance"}:
        return problem("expected {\"freeze\": bool, \"set\": epoch ms, \"advance\": ms}")
    for key in ("set", "advance"):
        if key in body and (not isinstance(body[key], int) or isinstance(body[key], bool)):
            return problem(f"'{key}' must be an integer number of milliseconds")
    if "freeze" in body and not isinstance(body["freeze"], bool):
        return problem("'freeze' must be true or false")
    clock = runtime().store.clock
    if body.get("freeze") is True:
        clock.freeze()
    elif body.get("freeze") is False:
        clock.unfreeze()
    if "set" in body:
        clock.set(body["set"])
    if "advance" in body:
        clock.advance(body["advance"])
    return json_response(clock.state())


# --- faults ---------------------------------------------------------------------------------------------------------

def _faults():
    """The app's faults; create_app gave them the operationIds of the app's own contract to check targets against."""
    return runtime().extras["faults"]


@bp.get("/faults")
def list_faults():
    return json_response(_faults().describe())


@bp.post("/faults")
def add_faults():
    """One fault or a list: spec strings ("error:503@getCurrentApiToken") or JSON objects."""
    body = json_body()
    items = body if isinstance(body, list) else [body]
    try:
        added = _faults().add_all(items)
    except FaultError as exc:
        return problem(f"fault not set: {exc}")
    return json_response([f.as_dict() for f in added], 201)


@bp.delete("/faults")
def clear_faults():
    _faults().clear()
    return json_response({"cleared": True})


@bp.delete("/faults/<int:fault_id>")
def remove_fault(fault_id: int):
    if not _faults().remove(fault_id):
        return problem(f"no fault {fault_id}", 404)
    return json_response({"removed": fault_id})


@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str):
    return problem(f"no control endpoint {request.method} /__mock__/{rest}", 404)
