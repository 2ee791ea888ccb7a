"""JATOS 3.9's @Auth (auth/gui/AuthAction, AuthSessionCookie, AuthApiToken of 3.9.8): the session cookie first, then
the API token; with neither, a sign-in redirect for clients that accept HTML, else 403 `Failed authentication`."""

from flask import request

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import auth, users
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.http import base_path, bodiless, gui
from jatos_mock.jatos.models import ApiToken, State, User

NOT_SIGNED_IN = "You are not allowed to access this page. Please sign in."


def accepts_html() -> bool:
    """Play's request.accepts("text/html"): no Accept header, or one listing */*, text/* or text/html."""
    accept = request.headers.get("Accept")
    if not accept:
        return True
    ranges = {part.split(";", 1)[0].strip().lower() for part in accept.split(",")}
    return bool(ranges & {"*/*", "text/*", "text/html"})


def _is_xhr() -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _to_signin(new_session: bool) -> errors.Answered:
    response = bodiless.redirect(base_path.context() + gui.SIGNIN)
    if new_session:  # AuthSessionCookie: withNewSession
        response.delete_cookie(gui.COOKIE, path=base_path.context(), httponly=True, samesite="Lax")
    return errors.Answered(response)


def _session_user(state: State, roles: tuple[str, ...]) -> User:
    """AuthSessionCookie: a cookie naming no known, active user of the role is denied; it never falls through to the
    token (so a stray PLAY_SESSION cookie pre-empts a valid Bearer token)."""
    username = gui.read_session().get("username")
    user = users.find_by_username(state, username) if username else None
    if user is None or not user.active or not set(user.roles) & set(roles):
        if _is_xhr():
            raise errors.Forbidden(NOT_SIGNED_IN)
        raise _to_signin(True)
    return user


def authenticate(state: State, roles: tuple[str, ...], config: JatosConfig,
                 now_ms: int) -> tuple[User, ApiToken | None]:
    if request.cookies.get(gui.COOKIE) and deviates("J5"):  # the spec knows the Bearer token only
        return _session_user(state, roles), None
    authorization = request.headers.get("Authorization")
    if not auth.is_api_request(authorization):  # AuthAction: no method applies
        if not deviates("J4"):
            raise errors.Unauthorized(auth.FAILED_AUTHENTICATION)  # the spec's 401
        if accepts_html() and not _is_xhr():
            raise _to_signin(False)
        raise errors.Forbidden(auth.FAILED_AUTHENTICATION)
    try:  # a role's 401 is the server's answer and the spec's alike (real=True)
        return auth.authenticate(state, authorization, roles, config, now_ms, real=True)
    except errors.UnexpectedError:  # a token too short for substring(0, 31)
        if deviates("J6"):
            raise
        raise errors.InvalidApiToken() from None
