"""The BrainSTEM API as the app serves it (an `ApiVersion` of the core): contract, routes, answers."""

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

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
    """A routing miss, crash or injected error as BrainSTEM answers it: DRF's {"detail": ...}; a route that exists
    for other methods is DRF's 405; an unexpected exception is Django's plain 500 page (DEBUG off), which the
    MATLAB client shows as it is."""
    if status == 404 and _allowed_methods():
        exc = errors.MethodNotAllowed(request.method)
        exc.headers["Allow"] = ", ".join(_allowed_methods())
    elif status == 404:
        exc = errors.NotFound()
    elif status == 405:
        exc = errors.MethodNotAllowed(request.method)
    elif status == 500 and code == "UNEXPECTED_ERROR":  # the pipeline's crash answer
        return envelope.server_error(errors.ServerError(message))
    else:
        exc = errors.ApiError({"detail": message}, status=status)
    if headers:
        exc.headers.update(headers)
    return envelope.error(exc)


def _allowed_methods() -> list[str]:
    """The methods the requested path is routed for (empty: no route at all)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(method="__none__")
    except MethodNotAllowed as exc:
        return sorted(exc.valid_methods or [])
    except HTTPException:
        return []
    return []


def _routes():
    from jatos_mock.brainstem.http.routes import blueprint
    return blueprint()


ERROR_CODES = ("ParseError", "NotAuthenticated", "PermissionDenied", "NotFound", "Throttled", "ClientError",
               "ServerError")  # the exception names an injected fault may carry (DRF's)

VERSION = ApiVersion(name=NAME, api_version=NAME, prefix="/api", contract=contract_path(), views=None,
                     render=_render, error=_error, error_codes=ERROR_CODES, routes=_routes, api_paths=("/api/",))
