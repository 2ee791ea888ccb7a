"""BrainSTEM's own control calls under /__mock__/ (beside the core's): the device logins waiting for a browser,
approved or denied here as a user would in BrainSTEM's web page, and a new personal access token for any user."""

from jatos_mock.brainstem.domain import device_login, tokens
from jatos_mock.core.http.control import control_blueprint, json_body, problem
from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import runtime

bp = control_blueprint("brainstem_control")


def _user_id(state, username: str):
    return next((a.user_id for a in state.accounts.values() if username in (a.username, _email(state, a))), None)


def _email(state, account):
    return state.table("user")[account.user_id]["email"]


@bp.get("/device-logins")
def pending_device_logins():
    store = runtime().store
    with store.read() as state:
        return json_response(device_login.pending(state, store.now()))


@bp.post("/device-logins/<code>/<decision>")
def decide_device_login(code: str, decision: str):
    """{"username": ...} approves the login (by device code, user code or session id) for that user; deny needs
    no body."""
    if decision not in ("approve", "deny"):
        return problem(f"no control endpoint /__mock__/device-logins/{code}/{decision}", 404)
    body = json_body(default={})
    store = runtime().store
    with store.write() as state:
        login = device_login.find(state, code)
        if login is None:
            return problem(f"no device login {code!r}", 404)
        user_id = None
        if decision == "approve":
            username = body.get("username") if isinstance(body, dict) else None
            user_id = _user_id(state, username) if isinstance(username, str) else None
            if user_id is None:
                return problem("expected {\"username\": a fixture user's username or email}")
        try:
            device_login.decide(login, user_id, decision == "approve", store.now())
        except ValueError as exc:
            return problem(str(exc), 409)
    return json_response({"device_code": login.device_code, "status": login.status})


@bp.post("/tokens")
def mint_token():
    """{"username": ...} -> a new personal access token for that user."""
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("username"), str):
        return problem("expected {\"username\": ...}")
    store = runtime().store
    with store.write() as state:
        user_id = _user_id(state, body["username"])
        if user_id is None:
            return problem(f"no user {body['username']!r}", 404)
        token = tokens.mint_pat(state, store, user_id, name=str(body.get("name") or "control API"))
    return json_response({"username": body["username"], "token": token.key}, 201)
