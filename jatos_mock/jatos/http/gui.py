"""The few non-API routes of JATOS that scripts use: `GET /ping`, the home page `/jatos` (HEAD too: Flask, as Play,
answers HEAD through the GET route), the sign-in page and form, sign-out, and the GUI's API-token routes, so a
script can wait for the server, sign in with a fixture user's password and mint a token as on a real JATOS.

They are not operations of the API contract: they carry no operationId, so the pipeline neither validates their
answers nor puts them in the ledger; the journal lists them with `operation: null`. Untargeted faults fire on them
as on any JATOS route, and a fault can target one by path (`GET /ping`).

Facts from JATOS 3.10: conf/routes (Ping), gui.routes, auth/gui/Signin, AuthService, AuthSessionCookie, AuthAction,
ApiTokens, controllers/gui/Home, general/ErrorHandler (non-API answers are plain text), Play's JWT session cookie
(`PLAY_SESSION`) and CSRF filter (checked on requests with a Cookie header unless an Authorization header is sent;
the token comes in the `Csrf-Token` header or a `csrfToken` parameter).
"""

import base64
import hashlib
import hmac
import html
import json
import secrets
from collections.abc import Callable

from flask import Blueprint, Response, request

from jatos_mock.core.http.runtime import runtime
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import api_tokens, users
from jatos_mock.jatos.domain.no_html import has_html
from jatos_mock.jatos.http import base_path, bodiless
from jatos_mock.jatos.http.errors import is_html_request
from jatos_mock.jatos.http.params import Bool, Int, Long, Str, bind_path, bind_query
from jatos_mock.jatos.models import User

bp = Blueprint("jatos_gui", __name__)

COOKIE = "PLAY_SESSION"
SESSION_TIMEOUT_MIN = 1440  # jatos.userSession.timeout
INACTIVITY_MIN = 60  # jatos.userSession.inactivity
ALLOW_KEEP_SIGNEDIN = True  # jatos.userSession.allowKeepSignedin
HOME = "jatos"  # routes.Home.home().url(), under the base path (base_path.context())
SIGNIN = "jatos/signin"
FAILED_AUTHENTICATION = "Failed authentication"
INVALID_USER_OR_PASSWORD = "Invalid user or password"  # MessagesStrings
FAILED_THREE_TIMES = "You have only three sign-in attempts per minute."
NOT_SIGNED_IN = "You are not allowed to access this page. Please sign in."
FORBIDDEN_RESOURCE = "You're not allowed to access this resource."  # ErrorHandler.onClientError 403 (CSRF)
VIEWER_OR_USER = ("VIEWER", "USER")  # Home.home
ANY_ROLE = ("VIEWER", "USER", "ADMIN")  # ApiTokens, Signin.signout


# ----------------------------------------------------------------------------------------------- the session cookie

def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _secret() -> bytes:
    rt = runtime()
    key = rt.extras.get("gui_session_secret")
    if key is None:  # seeded mocks sign the same way each run; others draw a key per app
        seed = rt.store.seed
        key = hashlib.sha256(f"jatos-mock-session:{seed}".encode()).digest() if seed is not None \
            else secrets.token_bytes(32)
        rt.extras["gui_session_secret"] = key
    return key


def _encode(data: dict) -> str:
    """Play's JWT session cookie: HS256 over {"data": {...}, "nbf", "iat"}."""
    now_s = runtime().store.now() // 1000
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps({"data": data, "nbf": now_s, "iat": now_s}, separators=(",", ":")).encode())
    signature = hmac.new(_secret(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def _session() -> dict:
    """The request's session; a cookie that is not ours (bad signature, garbage) is an empty session, as in Play."""
    value = request.cookies.get(COOKIE) or ""
    try:
        header, payload, signature = value.split(".")
        wanted = hmac.new(_secret(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(wanted, _unb64(signature)):
            return {}
        data = json.loads(_unb64(payload)).get("data")
    except (ValueError, AttributeError, TypeError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


read_session = _session  # JATOS 3.9's API auth reads the same session cookie (jatos/v3_9/auth.py)


def _with_session(response: Response, data: dict | None) -> Response:
    """Sets the session (None: Play's withNewSession, the cookie discarded)."""
    if data is None:
        response.delete_cookie(COOKIE, path=base_path.context(), httponly=True, samesite="Lax")
    else:
        # Play's reference.conf: play.http.session.path = ${play.http.context}
        response.set_cookie(COOKIE, _encode(data), path=base_path.context(), httponly=True, samesite="Lax")
    return response


# ----------------------------------------------------------------------------------------------- answers

def _text(message: str, status: int) -> Response:
    return Response(message, status=status, mimetype="text/plain")


def _to_signin(new_session: bool = False) -> Response:
    response = bodiless.redirect(base_path.context() + SIGNIN)
    return _with_session(response, None) if new_session else response


def _page(title: str, body: str, csrf: str, status: int = 200) -> Response:
    page = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<meta name=\"csrf-token\" content=\"{csrf}\"></head>\n<body>\n{body}\n"
            f"<script>const ajaxHeaders = {{ 'Csrf-Token': '{csrf}' }};</script>\n</body></html>\n")
    return Response(page, status=status, mimetype="text/html")


def _csrf_token(session: dict) -> str:
    """The session's CSRF token; Play's filter adds one to the session of a page it renders."""
    token = session.get("csrfToken")
    if not token:
        token = session["csrfToken"] = secrets.token_hex(20)
    return token


def _csrf_refused(session: dict) -> Response | None:
    """Play's CSRF filter for a POST/DELETE: checked when a Cookie header is sent and no Authorization header."""
    if "Cookie" not in request.headers or "Authorization" in request.headers:
        return None
    sent = request.headers.get("Csrf-Token") or request.values.get("csrfToken")
    wanted = session.get("csrfToken")
    if sent and wanted and hmac.compare_digest(sent.encode(), wanted.encode()):
        return None
    return _text(FORBIDDEN_RESOURCE, 403)


def _bad_request(exc: errors.ClientError) -> Response:
    return _text(f"Bad request: {exc.message}", 400)  # ErrorHandler.onClientError, not an API path


# ----------------------------------------------------------------------------------------------- session auth

def _signed_in(session: dict, roles: tuple[str, ...]) -> tuple[User | None, Response | None]:
    """@Auth(types=SESSION) through AuthSessionCookie: the user, or the answer refusing the request."""
    if not request.cookies.get(COOKIE):  # no session cookie: no method applies (AuthAction.denied)
        return None, (_to_signin() if is_html_request() else _text(FAILED_AUTHENTICATION, 401))
    store = runtime().store
    with store.write() as state:
        username = session.get("username")
        user = users.find_by_username(state, username) if username else None
        html_request = is_html_request()
        if user is None:
            return None, (_to_signin(True) if html_request else _text(NOT_SIGNED_IN, 401))
        now = store.now()
        if not (ALLOW_KEEP_SIGNEDIN and session.get("keepSignedin") == "true"):
            if _older_than(session.get("signinTime"), SESSION_TIMEOUT_MIN, now):
                return None, (_to_signin(True) if html_request else _text(
                    "Your session has expired. You have been signed out. Please sign in again.", 403))
            if _older_than(session.get("lastActivityTime"), INACTIVITY_MIN, now):
                return None, (_to_signin(True) if html_request
                              else _text("You have been signed out due to inactivity.", 403))
        if not user.active:
            return None, (_to_signin(True) if html_request else _text("Your user was deactivated by an admin.", 403))
        if not set(user.roles) & set(roles):
            message = f"User {user.username} isn't allowed to access page {request.script_root + request.path}."
            return None, (_page("JATOS", f"<p>{html.escape(message)}</p>", _csrf_token(session), 401)
                          if html_request else _text(message, 401))
        user.last_seen = now  # UserService.setLastSeen
        session["lastActivityTime"] = str(now)  # the post hook refreshes the activity time
        return user, None


def _older_than(stamp: str | None, minutes: int, now_ms: int) -> bool:
    try:
        return int(stamp) + minutes * 60_000 < now_ms
    except (TypeError, ValueError):
        return True  # AuthService: any problem reading the time is a timeout


def _gui_action(roles: tuple[str, ...], *, csrf: bool = False) -> Callable:
    """Wraps a GUI action: CSRF filter (before the action), then session auth; the session goes back as a cookie."""

    def decorate(view):
        def run(**kwargs):
            session = _session()
            if csrf:
                refused = _csrf_refused(session)
                if refused is not None:
                    return refused
            user, refused = _signed_in(session, roles)
            if refused is not None:
                return refused
            return _with_session(view(user, session, **kwargs), session)

        run.__name__ = view.__name__
        return run

    return decorate


# ----------------------------------------------------------------------------------------------- routes

@bp.get("/ping")
def ping():
    return _text("pong", 200)  # controllers.Ping: Ok("pong")


@bp.get("/")
@bp.get("/jatos")
@bp.get("/jatos/")
@_gui_action(VIEWER_OR_USER)
def home(user: User, session: dict):
    return _page("JATOS", f"<p>Signed in as {html.escape(user.username)}.</p>", _csrf_token(session))


@bp.get("/jatos/signin")
@bp.get("/jatos/login")
def signin_page():
    session = _session()
    token = _csrf_token(session)
    form = ("<form id=\"signinForm\"><input type=\"text\" name=\"username\"><input type=\"password\" "
            "name=\"password\"><input type=\"checkbox\" name=\"keepSignedin\" value=\"1\"></form>")
    return _with_session(_page("JATOS", form, token), session)


@bp.post("/jatos/signin/local")
def signin():
    """Signin.authenticate: a form (or JSON) with username, password, keepSignedin."""
    session = _session()
    refused = _csrf_refused(session)
    if refused is not None:
        return refused
    values = request.get_json(silent=True) if request.is_json else request.form
    values = values if isinstance(values, dict) or hasattr(values, "get") else {}
    raw_username = values.get("username")
    username = users.normalize_username(str(raw_username)) if raw_username is not None else None
    password = values.get("password")
    keep = str(values.get("keepSignedin", "false")).lower() in ("true", "1", "on")
    remote = request.remote_addr or ""
    store = runtime().store
    with store.write() as state:
        attempts = _attempts(state)
        now = store.now()
        if _recent_failures(attempts, username, remote, now) >= 3:  # AuthService.isRepeatedSigninAttempt
            return _text(FAILED_THREE_TIMES, 401)
        user = users.find_by_username(state, username) if username is not None else None
        if not _authenticate(user, password):
            attempts.append((username, remote, now))
            if _recent_failures(attempts, username, remote, now) >= 3:
                return _text(FAILED_THREE_TIMES, 401)
            return _text(INVALID_USER_OR_PASSWORD, 401)
        user.last_signin = now  # UserService.setLastSignin
        attempts[:] = [a for a in attempts if a[0] != username]  # LoginAttemptDao.removeByUsername
    session.update({"username": user.username, "signinTime": str(now), "lastActivityTime": str(now),
                    "keepSignedin": "true" if ALLOW_KEEP_SIGNEDIN and keep else "false"})
    redirect_url = base_path.context() + HOME
    answer = Response(json.dumps({"redirectUrl": redirect_url, "userSigninTime": now}, separators=(",", ":")),
                      mimetype="application/json")
    return _with_session(answer, session)


def _authenticate(user: User | None, password) -> bool:
    """AuthService.authenticate: DB users by their MD5 password hash; the mock has no LDAP server (refused)."""
    if user is None or not isinstance(password, str) or user.auth_method != "DB" or not user.password_hash:
        return False
    return hmac.compare_digest(users.password_hash(password), user.password_hash)


def _attempts(state) -> list[tuple]:
    """Failed sign-ins (LoginAttempt rows): they belong to the store's current state, so a reset forgets them."""
    rt = runtime()
    owner, attempts = rt.extras.get("gui_signin_attempts", (None, None))
    if owner is not state:
        attempts = []
        rt.extras["gui_signin_attempts"] = (state, attempts)
    return attempts


def _recent_failures(attempts: list[tuple], username, remote: str, now: int) -> int:
    # LoginAttemptDao.countLoginAttemptsOfLastMin
    return sum(1 for name, address, at in attempts if name == username and address == remote and at > now - 60_000)


@bp.get("/jatos/signout")
@_gui_action(ANY_ROLE)
def signout(user: User, session: dict):
    session.clear()  # redirect(...).withNewSession()
    return _to_signin()


@bp.get("/jatos/user/allApiTokenData")
@_gui_action(ANY_ROLE)
def all_token_data(user: User, session: dict):
    rt = runtime()
    with rt.store.read() as state:
        views = rt.request_version.views
        data = [views.token_metadata(state, t, rt.store.now()) for t in api_tokens.of_user(state, user)]
    return Response(json.dumps({"data": data}, separators=(",", ":")), mimetype="application/json")


@bp.post("/jatos/user/apiToken")
@_gui_action(ANY_ROLE, csrf=True)
def generate_token(user: User, session: dict):
    """ApiTokens.generate(name, expires: Integer): the token's value as plain text."""
    try:
        params = bind_query({"name": Str(), "expires": Int()}, request.args)
    except errors.ClientError as exc:
        return _bad_request(exc)
    name, expires = params["name"], params["expires"]
    if not name:
        return _text("Name must not be empty", 400)
    if has_html(name):
        return _text("No HTML allowed", 400)
    if expires < 0:
        return _text("Expiration must be >= 0", 400)
    store = runtime().store
    with store.write() as state:
        owner = state.users[user.id]
        _, value = api_tokens.mint(state, owner, name, store.now(), expires or None, source=store.token_rng)
    return _text(value, 200)


@bp.delete("/jatos/user/apiToken/<id>")
@_gui_action(ANY_ROLE, csrf=True)
def remove_token(user: User, session: dict, id: str):
    try:
        token_id = bind_path({"id": Long()}, {"id": id})["id"]
    except errors.ClientError as exc:
        return _bad_request(exc)
    with runtime().store.write() as state:
        token = _own_token(state, user, token_id)
        if token is None:
            return _text("Token doesn't exist", 404)
        api_tokens.delete(state, token)
    return _text("", 200)


@bp.post("/jatos/user/apiToken/<id>/active")
@_gui_action(ANY_ROLE, csrf=True)
def toggle_token(user: User, session: dict, id: str):
    try:
        token_id = bind_path({"id": Long()}, {"id": id})["id"]
        active = bind_query({"active": Bool()}, request.args)["active"]
    except errors.ClientError as exc:
        return _bad_request(exc)
    with runtime().store.write() as state:
        token = _own_token(state, user, token_id)
        if token is None:
            return _text("Token doesn't exist", 404)
        token.active = active
    return _text(" ", 200)


def _own_token(state, user: User, token_id: int):
    """The user's token with this id; another user's token "doesn't exist" for them (ApiTokenController)."""
    token = state.tokens.get(token_id)
    return token if token is not None and token.user_id == user.id else None
