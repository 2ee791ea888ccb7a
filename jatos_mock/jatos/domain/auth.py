"""Token authentication and role authorization in JATOS 3.10's exact order (auth/gui/AuthApiToken.authenticate)."""

import hmac

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import tokens
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.models import ApiToken, State, User

FAILED_AUTHENTICATION = "Failed authentication"


def is_api_request(authorization: str | None) -> bool:
    # Helpers.isApiRequest: the header must contain the substring 'Bearer' (case-sensitive, anywhere).
    return authorization is not None and "Bearer" in authorization


def find_token(state: State, token: str) -> ApiToken | None:
    wanted = tokens.token_hash(token)
    found = None
    for candidate in state.tokens.values():  # compare every hash in constant time; no early exit
        if hmac.compare_digest(candidate.token_hash, wanted):
            found = candidate
    return found


def is_expired(token: ApiToken, now_ms: int) -> bool:
    return bool(token.expires) and token.expires > 0 and now_ms > token.creation_date + token.expires * 1000


def expiration_date(token: ApiToken) -> int:
    # ApiToken.getExpirationDate: 0 (epoch) when the token never expires
    if not token.expires or token.expires <= 0:
        return 0
    return token.creation_date + token.expires * 1000


def authenticate(state: State, authorization: str | None, roles: tuple[str, ...], config: JatosConfig,
                 now_ms: int, real: bool | None = None) -> tuple[User, ApiToken]:
    """Returns the token's user and token, or raises the JATOS error for the first failed check.

    `real`: True gives the real server's answer where it differs from the 3.10 contract whatever the registry says
    (JATOS 3.9, whose contract does not tell these answers apart); None: as the registry says."""
    if not is_api_request(authorization):
        raise errors.Unauthorized(FAILED_AUTHENTICATION)
    if not config.api_allowed:
        raise errors.Forbidden("JATOS' current settings do not allow API usage", code="AUTH_ERROR")
    token = authorization.replace("Bearer", "").strip()
    random_part = token.replace(tokens.PREFIX, "")[: tokens.RANDOM_LENGTH]
    if len(random_part) < tokens.RANDOM_LENGTH:
        if deviates("A3") if real is None else real:  # substring(0, 31) on a short value throws: 500
            raise errors.UnexpectedError()
        raise errors.InvalidApiToken()
    # bytes: compare_digest refuses non-ASCII text, and a token may hold any characters
    if not hmac.compare_digest(tokens.checksum(random_part).encode(), token[-tokens.CHECKSUM_LENGTH:].encode()):
        raise errors.InvalidApiToken()
    api_token = find_token(state, token)
    if api_token is None or not api_token.active:
        raise errors.InvalidApiToken()
    user = state.users.get(api_token.user_id)
    if user is None or not user.active:
        raise errors.InvalidApiToken()
    if not set(user.roles) & set(roles):
        # a missing role is one more token failure: 401, not the documented 403
        if deviates("A2") if real is None else real:
            raise errors.InvalidApiToken()
        raise errors.Forbidden("Forbidden: the user of this token lacks the role for this operation")
    if is_expired(api_token, now_ms):
        raise errors.InvalidApiToken()
    return user, api_token
