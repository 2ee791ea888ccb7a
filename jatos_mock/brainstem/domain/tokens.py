"""BrainSTEM's tokens (reference §3): personal access tokens, the JWT access/refresh pair, and the Bearer check.

- A personal access token is an opaque string valid one year, sliding: every use moves its expiry a year past the
  use (docs: "1 year (auto-refresh)"); no answer changes when it slides (decision for open question 11, BS16). The
  device flow and the legacy `POST /api/token/` issue them.
- `POST /api/auth/token/` (docs Oct 2025 - Mar 2026) answers an access JWT (1 h) and a refresh JWT (30 days);
  a refresh rotates: the new pair replaces the old refresh token, which stops working. JWTs are signed with the
  mock's own secret (HS256, PyJWT) and expire by the mock's clock.
"""

import secrets

import jwt

from jatos_mock.brainstem.errors import AuthenticationFailed, NotAuthenticated
from jatos_mock.brainstem.models import ACCESS, PAT, REFRESH, Token

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
PAT_LIFETIME_MS = 365 * DAY_MS
ACCESS_LIFETIME_MS = HOUR_MS
REFRESH_LIFETIME_MS = 30 * DAY_MS


def _random_key(store, nbytes: int = 20) -> str:
    rng = store.token_rng(len(store.state.tokens) + 1)
    if rng is None:
        return secrets.token_hex(nbytes)
    return f"{rng.getrandbits(nbytes * 8):0{nbytes * 2}x}"


def mint_pat(state, store, user_id: int, name: str = "", key: str | None = None) -> Token:
    now = store.now()
    key = key or _random_key(store)
    state.tokens[key] = Token(key=key, user_id=user_id, kind=PAT, created=now, expires=now + PAT_LIFETIME_MS,
                              name=name)
    return state.tokens[key]


def mint_pair(state, store, user_id: int) -> dict:
    """A new access and refresh JWT for the user, as `POST /api/auth/token/` answers them."""
    now = store.now()
    access = _jwt(state, store, user_id, ACCESS, now, ACCESS_LIFETIME_MS)
    refresh = _jwt(state, store, user_id, REFRESH, now, REFRESH_LIFETIME_MS)
    return {"access": access, "refresh": refresh, "token_type": "bearer", "expires_in": ACCESS_LIFETIME_MS // 1000}


def _jwt(state, store, user_id: int, kind: str, now: int, lifetime: int) -> str:
    jti = _random_key(store, 16)
    claims = {"token_type": kind, "user_id": user_id, "jti": jti, "iat": now // 1000,
              "exp": (now + lifetime) // 1000}
    state.tokens[jti] = Token(key=jti, user_id=user_id, kind=kind, created=now, expires=now + lifetime)
    return jwt.encode(claims, state.jwt_secret, algorithm="HS256")


def _decode(state, raw: str) -> dict | None:
    try:  # expiry is checked against the mock's clock below, not the machine's
        return jwt.decode(raw, state.jwt_secret, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.PyJWTError:
        return None


def rotate(state, store, raw_refresh: str) -> dict:
    """A refresh JWT -> a new pair; the old refresh token is revoked (simplejwt's ROTATE + BLACKLIST)."""
    token = _live_jwt(state, store, raw_refresh, REFRESH)
    if token is None:
        raise AuthenticationFailed("Token is invalid or expired")
    token.revoked = True
    return mint_pair(state, store, token.user_id)


def _live_jwt(state, store, raw: str, kind: str) -> Token | None:
    claims = _decode(state, raw)
    if claims is None or claims.get("token_type") != kind:
        return None
    token = state.tokens.get(claims.get("jti"))
    if token is None or token.revoked or token.kind != kind or token.expires <= store.now():
        return None
    return token


def authenticate(state, store, header: str | None) -> int | None:
    """The user a request's Authorization header names (None: no credentials); a bad token is a 401, on either
    portal, because DRF authenticates before it asks the view's permissions (decision for open question 6, BS12)."""
    if not header:
        return None
    scheme, _, raw = header.strip().partition(" ")
    if scheme.lower() not in ("bearer", "token"):
        return None  # another scheme: not ours to judge (DRF tries the next authentication class)
    raw = raw.strip()
    if not raw:
        raise AuthenticationFailed("Invalid token header. No credentials provided.")
    token = state.tokens.get(raw)
    if token is not None and token.kind == PAT and not token.revoked:
        now = store.now()
        if token.expires <= now:
            raise AuthenticationFailed("Token has expired.")
        token.expires = now + PAT_LIFETIME_MS  # sliding validity
        return token.user_id
    access = _live_jwt(state, store, raw, ACCESS)
    if access is not None:
        return access.user_id
    raise AuthenticationFailed("Invalid token.")


def require(user_id: int | None) -> int:
    if user_id is None:
        raise NotAuthenticated()
    return user_id
