"""The control API under /__mock__/ (not part of JATOS): reset, state, journal, violations, tokens, clock, faults,
and seeding study results (optionally as runs of a study code).

Plain JSON (not JATOS's envelope); errors are {"error": "..."} with a 4xx status. Bound to loopback callers by
default, so a mock reachable from elsewhere cannot be reset by others; and, so that a web page the user has open
cannot drive it, a state-changing call must be one a browser sends cross-origin only after a CORS preflight (which
the mock never grants): a JSON Content-Type or the `X-Jatos-Mock-Control` header. The `Host` header must name the
listen address (DNS rebinding).
"""

import base64
import binascii
import time

from flask import Blueprint, request

from jatos_mock.core.contract import text as json_text
from jatos_mock.core.faults import FaultError
from jatos_mock.core.http.control_access import guard
from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import runtime
from jatos_mock.core.state.clock import FIXED_EPOCH_MS
from jatos_mock.jatos.domain import api_tokens, state_io
from jatos_mock.jatos.domain.result_seeding import SeedError, add_results
from jatos_mock.jatos.domain.users import find_by_username
from jatos_mock.jatos.http import config_control

bp = Blueprint("control", __name__, url_prefix="/__mock__")


def _problem(message: str, status: int = 400):
    return json_response({"error": message}, status)


def _json_body(default=None):
    raw = request.get_data(cache=True)
    if not raw.strip():
        if default is not None:
            return default
        raise _BadBody("expected a JSON body")
    try:
        return json_text.loads(raw)
    except ValueError as exc:
        raise _BadBody(f"the body is not valid JSON: {exc}") from None


class _BadBody(Exception):
    pass


bp.before_request(guard)


@bp.errorhandler(_BadBody)
def _bad_body(exc: _BadBody):
    return _problem(str(exc))


# --- state ----------------------------------------------------------------------------------------------------------

def reset_runtime(rt) -> None:
    """Back to the loaded fixtures, the start configuration and the start clock (frozen at the fixed instant when
    seeded, else real time); faults are removed and their random source reseeded; requests run under the settings'
    profile again. The journal and the ledger keep their history."""
    rt.store.reset()
    rt.reset_profile()
    config_control.restore(rt)  # JATOS's configuration as the server started
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
    document = _json_body()
    try:
        state_io.import_state(runtime().store, document)
    except state_io.StateError as exc:
        return _problem(f"state not imported: {exc}")
    return json_response({"imported": True})


@bp.post("/state/save")
def save_state():
    rt = runtime()
    path = rt.settings.state_file
    if path is None:
        return _problem("no state file: start the mock with --state FILE", 409)
    try:
        state_io.save_file(rt.store, path)
    except OSError as exc:
        return _problem(f"cannot write {path}: {exc.strerror or exc}", 500)
    return json_response({"saved": str(path)})


# --- what happened --------------------------------------------------------------------------------------------------

def _int_arg(name: str, default: int = 0) -> int:
    value = request.args.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise _BadBody(f"query parameter {name!r} must be an integer") from None


@bp.get("/journal")
def journal():
    """Requests answered since `since` (a sequence number); `next` is the `since` of a later call."""
    rt = runtime()
    since = _int_arg("since")
    entries = [e.as_dict() for e in rt.journal.entries(since)]
    return json_response({"entries": entries, "next": rt.journal.next_seq()})


@bp.get("/violations")
def violations():
    """Contract violations since `since`; `unregistered=true` leaves out those a registered deviation explains."""
    rt = runtime()
    only_new = request.args.get("unregistered", "").lower() in ("1", "true", "yes")
    return json_response([v.as_dict() for v in rt.ledger.entries(_int_arg("since"), unregistered_only=only_new)])


# --- tokens ---------------------------------------------------------------------------------------------------------

@bp.get("/tokens")
def fixture_tokens():
    return json_response([{k: t[k] for k in ("username", "roles", "token")} for t in runtime().fixture_tokens])


@bp.post("/tokens")
def mint_token():
    """A new real token for any user, stored as a hash like every JATOS token; its value is shown only here."""
    body = _json_body()
    if not isinstance(body, dict) or not isinstance(body.get("username"), str):
        return _problem("expected {\"username\": ..., \"expires\": seconds or null, \"name\": ...}")
    expires = body.get("expires")
    if expires is not None and (not isinstance(expires, int) or isinstance(expires, bool)):
        return _problem("'expires' must be seconds (an integer) or null")
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        return _problem("'name' must be a string")
    store = runtime().store
    with store.write() as state:
        user = find_by_username(state, body["username"])
        if user is None:
            return _problem(f"no user {body['username']!r}", 404)
        token, value = api_tokens.mint(state, user, name, store.now(), expires, source=store.token_rng)
    return json_response({"id": token.id, "username": user.username, "name": name, "token": value,
                          "creationDate": token.creation_date, "expires": expires}, 201)


# --- seeding results ------------------------------------------------------------------------------------------------

@bp.post("/results")
def seed_results():
    """{"study": id or UUID, "count": 1, "data": "text" | null, "dataBase64": "...", "state": "FINISHED",
    "workerType": "GeneralMultiple", "studyCode": "..."} -> {"ids": [...]} (see add_results)."""
    body = _json_body()
    allowed = {"study", "count", "data", "dataBase64", "state", "workerType", "studyCode"}
    if not isinstance(body, dict) or "study" not in body or not set(body) <= allowed:
        return _problem(f"expected a JSON object with 'study' and any of {', '.join(sorted(allowed - {'study'}))}")
    for key in ("data", "dataBase64", "state", "workerType", "studyCode"):
        if body.get(key) is not None and not isinstance(body[key], str):
            return _problem(f"'{key}' must be a string")
    if "dataBase64" in body:
        try:
            data = base64.b64decode(body["dataBase64"], validate=True)
        except (binascii.Error, TypeError):
            return _problem("'dataBase64' is not valid base64")
    else:
        data = body.get("data", "{}")
        data = data.encode("utf-8", "surrogatepass") if data is not None else None
    try:
        ids = add_results(runtime().store, body["study"], count=body.get("count", 1), data=data,
                          state=body.get("state") or "FINISHED", worker_type=body.get("workerType"),
                          study_code=body.get("studyCode"))
    except SeedError as exc:
        return _problem(f"results not added: {exc}", exc.status)
    return json_response({"ids": ids}, 201)


# --- clock ----------------------------------------------------------------------------------------------------------

@bp.get("/clock")
def get_clock():
    return json_response(runtime().store.clock.state())


@bp.post("/clock")
def set_clock():
    """{"freeze": true|false, "set": epoch ms, "advance": ms}; applied in that order. Token expiry follows."""
    body = _json_body()
    if not isinstance(body, dict) or not set(body) <= {"freeze", "set", "advance"}:
        return _problem("expected {\"freeze\": bool, \"set\": epoch ms, \"advance\": ms}")
    for key in ("set", "advance"):
        if key in body and (not isinstance(body[key], int) or isinstance(body[key], bool)):
            return _problem(f"'{key}' must be an integer number of milliseconds")
    if "freeze" in body and not isinstance(body["freeze"], bool):
        return _problem("'freeze' must be true or false")
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
    body = _json_body()
    items = body if isinstance(body, list) else [body]
    try:
        added = _faults().add_all(items)
    except FaultError as exc:
        return _problem(f"fault not set: {exc}")
    return json_response([f.as_dict() for f in added], 201)


@bp.delete("/faults")
def clear_faults():
    _faults().clear()
    return json_response({"cleared": True})


@bp.delete("/faults/<int:fault_id>")
def remove_fault(fault_id: int):
    if not _faults().remove(fault_id):
        return _problem(f"no fault {fault_id}", 404)
    return json_response({"removed": fault_id})


@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str):
    return _problem(f"no control endpoint {request.method} /__mock__/{rest}", 404)
