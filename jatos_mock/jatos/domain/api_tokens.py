"""API tokens of users (services/gui/ApiTokenService, Api.generateApiToken and the token endpoints)."""

import random
from collections.abc import Callable

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import tokens, users
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.models import ApiToken, State, User

TOKEN_NOT_FOUND = "Token not found"


TokenSource = Callable[[int], "random.Random | None"]  # token id -> its generator (None: secrets); Store.token_rng


def mint(state: State, owner: User, name: str | None, now_ms: int, expires: int | None, *,
         source: TokenSource | None = None, value: str | None = None,
         active: bool = True) -> tuple[ApiToken, str]:
    """ApiTokenService.create: a 'jap_' value (given, or drawn from `source(id)`; `secrets` without one), stored
    only as its hash; returns the token and its clear value. Used by the API, the control API and the fixtures."""
    token_id = state.next_id("token")
    value = value if value is not None else tokens.generate(source(token_id) if source is not None else None)
    token = ApiToken(id=token_id, name=name, token_hash=tokens.token_hash(value), user_id=owner.id,
                     creation_date=now_ms, expires=expires, active=active)
    state.tokens[token.id] = token
    return token, value


def create(state: State, source: TokenSource, owner: User, name: str | None, now_ms: int,
           config: JatosConfig) -> tuple[ApiToken, str]:
    """Api.generateApiToken: a new token for `owner` that expires as configured."""
    return mint(state, owner, name, now_ms, config.token_expires_after, source=source)


def check_generation_allowed(config: JatosConfig) -> None:
    # Api.generateApiToken: jatos.api.tokens.apiGeneration.allowed
    if not config.token_generation_allowed:
        raise errors.Forbidden("API token generation is not allowed", code="CONFIG_ERROR")


def of_user(state: State, user: User) -> list[ApiToken]:
    return [t for t in state.tokens.values() if t.user_id == user.id]


def get_for_reading(state: State, token_id: int, caller: User) -> ApiToken:
    """Api.apiTokenMetadata: an unknown id crashes on the missing token's user (A6); then admin-or-self."""
    token = state.tokens.get(token_id)
    if token is None:
        if deviates("A6"):
            raise errors.UnexpectedError()  # NPE: apiToken.getUser() on null
        raise errors.NotFound(TOKEN_NOT_FOUND)
    users.check_admin_or_self(users.get_user(state, token.user_id), caller)
    return token


def get_for_changing(state: State, token_id: int, caller: User) -> ApiToken:
    """Api.toggleApiTokenActive / deleteApiToken: 404, then checkSignedinUserAllowedToAccessUser."""
    token = state.tokens.get(token_id)
    if token is None:
        raise errors.NotFound(TOKEN_NOT_FOUND)
    users.check_allowed_to_access_user(users.get_user(state, token.user_id), caller)
    return token


def delete(state: State, token: ApiToken) -> None:
    del state.tokens[token.id]
