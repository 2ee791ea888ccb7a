"""JATOS API endpoints: API tokens (Api.generateApiToken, allApiTokenMetadataByUser, apiTokenMetadata,
toggleApiTokenActive, deleteApiToken)."""

import functools

from flask import Blueprint

from jatos_mock.core.http.reply import ok
from jatos_mock.core.http.runtime import runtime
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import api_tokens, users
from jatos_mock.jatos.http import bodies
from jatos_mock.jatos.http.endpoint import ANY_ROLE, Call, endpoint
from jatos_mock.jatos.http.params import Long

bp = Blueprint("tokens", __name__)

ID = {"id": Long()}
NOT_ALLOWED = "Not allowed to access this user"


def statuses_beyond_spec(switch, spec_answers: dict[int, tuple[int, str, str]]):
    """JATOS answers statuses the spec lacks for this operation (`switch`: its registered deviation, asked only
    when such a status comes); in `spec` fidelity they become the documented answer given for that status:
    (status, error code, message)."""

    def decorate(view):
        @functools.wraps(view)
        def run(**path_values):
            response = view(**path_values)
            if response.status_code in spec_answers and not switch():
                return runtime().request_version.error(*spec_answers[response.status_code])
            return response

        return run

    return decorate


def _lenient_field(data, name: str, java_type: str, strict_type: type):
    """ApiService.getFieldFromJson converts other JSON types leniently (M6); `spec` fidelity takes only the type."""
    value = bodies.field_from_json(data, name, java_type)
    if not isinstance(data[name], strict_type) and not deviates("M6"):
        raise errors.InvalidRequest(f"'{name}' field must be of type {java_type}")
    return value


@bp.post("/users/<id>/tokens")
@statuses_beyond_spec(lambda: deviates("A7"), {404: (403, "FORBIDDEN", NOT_ALLOWED),
                                               415: (400, "CLIENT_ERROR", "Expected application/json")})
@endpoint("createApiToken", ANY_ROLE, path=ID, body=bodies.JSON)
def create_token(call: Call, id: int):
    with call.store.write() as state:
        api_tokens.check_generation_allowed(call.config)
        owner = users.get_user(state, id)
        users.check_allowed_to_access_user(owner, call.user)
        name = _lenient_field(call.parsed_json, "name", "String", str)
        token, value = api_tokens.create(state, call.store.token_rng, owner, name, call.store.now(), call.config)
        # Api.generateApiToken: created(), the metadata with the clear token appended last
        return ok({**call.views.token_metadata(state, token, call.store.now()), "token": value}, status=201)


@bp.get("/users/<id>/tokens")
@statuses_beyond_spec(lambda: deviates("A9"), {404: (403, "NO_ACCESS", "You are not allowed to access this user")})
@endpoint("listApiTokensOfUser", ANY_ROLE, path=ID, reuse=True)
def list_tokens(call: Call, id: int):
    with call.store.read() as state:
        owner = users.get_user(state, id)
        users.check_admin_or_self(owner, call.user)
        now = call.store.now()
        return ok([call.views.token_metadata(state, t, now) for t in api_tokens.of_user(state, owner)])


@bp.get("/tokens/<id>")
@endpoint("getApiToken", ANY_ROLE, path=ID, reuse=True)
def get_token(call: Call, id: int):
    with call.store.read() as state:
        token = api_tokens.get_for_reading(state, id, call.user)
        return ok(call.views.token_metadata(state, token, call.store.now()))


@bp.patch("/tokens/<id>")
@statuses_beyond_spec(lambda: deviates("A8"), {415: (400, "CLIENT_ERROR", "Expected application/json"),
                                               500: (400, "INVALID_REQUEST", "'active' field must be of type Boolean")})
@endpoint("toggleApiTokenActive", ANY_ROLE, path=ID, body=bodies.JSON)
def toggle_token(call: Call, id: int):
    with call.store.write() as state:
        token = api_tokens.get_for_changing(state, id, call.user)
        active = _lenient_field(call.parsed_json, "active", "Boolean", bool)
        if active is None:
            raise errors.UnexpectedError()  # Api.toggleApiTokenActive unboxes a null Boolean: NPE
        token.active = active
        return ok(call.views.token_toggled(token))


@bp.delete("/tokens/<id>")
@endpoint("deleteApiToken", ANY_ROLE, path=ID)
def delete_token(call: Call, id: int):
    with call.store.write() as state:
        api_tokens.delete(state, api_tokens.get_for_changing(state, id, call.user))
        return ok(message="Token deleted successfully")
