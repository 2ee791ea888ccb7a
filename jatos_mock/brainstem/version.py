"""The BrainSTEM API as the app serves it (an `ApiVersion` of the core): contract, routes, answers."""

from flask import Response, request

from jatos_mock.brainstem import errors
from jatos_mock.brainstem.http import envelope
from jatos_mock.brainstem.resources import contract_path
from jatos_mock.brainstem.settings import VERSION as NAME
from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.reply import Reply
from jatos_mock.core.http.version import ApiVersion


def _render(reply: Reply) -> Response:
    """Handlers answer envelopes themselves; a bare Reply is its data as JSON."""
    return json_response(reply.data, reply.status, reply.headers)


def _error(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    """A routing miss or crash in DRF's words: {"detail": ...}."""
    if status == 404:
        exc = errors.NotFound()
    elif status == 405:
        exc = errors.MethodNotAllowed(request.method)
    elif status == 500:
        exc = errors.ApiError({"detail": "A server error occurred."}, status=500)
    else:
        exc = errors.ApiError({"detail": message}, status=status)
    if headers:
        exc.headers.update(headers)
    return envelope.error(exc)


def _routes():
    from jatos_mock.brainstem.http.routes import blueprint
    return blueprint()


ERROR_CODES = ("ParseError", "NotAuthenticated", "PermissionDenied", "NotFound", "Throttled", "ClientError",
               "ServerError")  # the exception names an injected fault may carry (DRF's)

VERSION = ApiVersion(name=NAME, api_version=NAME, prefix="/api", contract=contract_path(), views=None,
                     render=_render, error=_error, error_codes=ERROR_CODES, routes=_routes, api_paths=("/api/",))
