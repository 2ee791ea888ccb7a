"""The device authorization flow (reference §3.2; docs api.md, current): the client asks for a device code, the
user approves in a browser, the client polls until the answer says success and carries a personal access token.

Every poll is answered 200 with `status` or `error` (docs), so the official client never aborts on a 4xx: pending
-> {"status": "authorization_pending"}; approved -> {"status": "success", "token": ...} once, then
{"error": "already_used"}; denied -> {"error": "access_denied"}; after 15 minutes -> {"error": "expired_token"}.
The window is 15 minutes (`expires_in` 900) and `interval` is the app's setting (1 s; 0 in the pytest fixture,
because the official client sleeps that long before each poll): decision for open question 11 (BS16).
In the mock nobody opens the browser: the control API (or the `brainstem` fixture) approves or denies a pending
login, or the app's settings approve every login for one user.
"""

from jatos_mock.brainstem.domain import tokens
from jatos_mock.brainstem.models import DeviceLogin

WINDOW_MS = 15 * 60_000  # docs: 15-minute window
_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"  # no vowels, so a code spells no word (RFC 8628 §6.1)


def start(state, store, client_name: str, base_url: str, interval: int) -> dict:
    rng = store.token_rng(len(state.device_logins) + 10_000) or store.rng
    device_code = f"{rng.getrandbits(160):040x}"
    user_code = "".join(rng.choice(_ALPHABET) for _ in range(4)) + f"-{rng.randrange(10_000):04d}"
    session_id = store.new_uuid()
    now = store.now()
    state.device_logins[device_code] = DeviceLogin(device_code, user_code, session_id, client_name, now,
                                                   now + WINDOW_MS)
    verification_uri = f"{base_url}/account/authorize/"
    return {"device_code": device_code, "user_code": user_code, "session_id": session_id,
            "verification_uri": verification_uri,
            "verification_uri_complete": f"{verification_uri}?session={session_id}",
            "expires_in": WINDOW_MS // 1000, "interval": interval}


def find(state, code: str) -> DeviceLogin | None:
    """A login by device code, user code or session id (what a browser would show the user)."""
    login = state.device_logins.get(code)
    if login is not None:
        return login
    return next((d for d in state.device_logins.values() if code in (d.user_code, d.session_id)), None)


def decide(login: DeviceLogin, user_id: int | None, approve: bool, now: int) -> None:
    if login.status != "pending" or login.expires <= now:
        raise ValueError("this login is no longer pending")
    login.status = "approved" if approve else "denied"
    login.user_id = user_id


def poll(state, store, device_code: str, auto_approve_user: int | None) -> dict:
    login = state.device_logins.get(device_code)
    if login is None:
        return {"error": "invalid_grant"}  # unknown code: RFC 8628 §3.5 (the docs name no answer)
    now = store.now()
    if login.status == "pending" and login.expires <= now:
        return {"error": "expired_token"}
    if login.status == "pending" and auto_approve_user is not None:
        decide(login, auto_approve_user, True, now)
    if login.status == "pending":
        return {"status": "authorization_pending"}
    if login.status == "denied":
        return {"error": "access_denied"}
    if login.status == "used":
        return {"error": "already_used"}
    login.status = "used"
    token = tokens.mint_pat(state, store, login.user_id, name=login.client_name or "device login")
    return {"status": "success", "token": token.key}


def pending(state, now: int) -> list[dict]:
    return [{"device_code": d.device_code, "user_code": d.user_code, "session_id": d.session_id,
             "client_name": d.client_name} for d in state.device_logins.values()
            if d.status == "pending" and d.expires > now]
