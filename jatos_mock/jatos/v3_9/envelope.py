"""JATOS 3.9's answers (API 1.0.1): the `{apiVersion, data}` wrapper of six endpoints (JsonUtils.wrapForApi), raw
JSON for import and create, empty 200s, and every error as plain text (app/general/ErrorHandler.scala).

Errors carry no code in 3.9: the code a domain error holds only says which of JATOS's fixed texts Play's and JATOS's
error handler answers instead of the message (binding, routing, size, crashes).
"""

from flask import Response, request

from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.reply import MISSING, Reply
from jatos_mock.jatos.http.bodiless import Bodiless

API_VERSION = "1.0.1"  # Common.jatosApiVersion of 3.9.1-3.9.8
ERROR_CODES = ()  # 3.9 answers no error codes; faults choose a status and a message only

BAD_REQUEST = "bad request"  # ErrorHandler.onClientError(400): Play's own message is only logged
TOO_LARGE = "Request entity too large: You probably tried to upload a file that is too large"


def render(reply: Reply) -> Response:
    """A handler's data wrapped as wrapForApi does; no data: the empty 200 of 3.9's deletes and uploads."""
    if reply.data is MISSING:
        return empty(reply.status)
    return json_response({"apiVersion": API_VERSION, "data": reply.data}, reply.status, reply.headers)


def raw(data, status: int = 200) -> Response:
    """Unwrapped JSON (import and create answer so in 3.9)."""
    return json_response(data, status)


def empty(status: int = 200) -> Response:
    """Play's `ok()`, `notFound()`, `badRequest()` without an entity: no body, no Content-Type."""
    return Bodiless(status=status)


def internal_error_text() -> str:
    uri = request.script_root + (request.full_path if request.query_string else request.path)
    return f"Internal JATOS error during {uri}. Check logs to get more information."


IO_EXCEPTION = "IO_ERROR"  # what a JATOS IOException (Jackson's mapping errors too) is raised as in 3.9's handlers


def error(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    """ErrorHandler of 3.9.7+: the message as text/plain; JATOS's fixed texts for Play's client errors and for
    crashes."""
    return _error(status, code, message, headers, io_message=True)


def error_before_3_9_7(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    """ErrorHandler of 3.9.1-3.9.6: an IOException is one more unexpected error (the generic text)."""
    return _error(status, code, message, headers, io_message=False)


def _error(status: int, code: str, message: str, headers: dict | None, io_message: bool) -> Response:
    if code == IO_EXCEPTION and not io_message:
        code = "UNEXPECTED_ERROR"
    if code in ("CLIENT_ERROR", "INVALID_JSON") and status == 400:  # Play's binding and body parser
        message = BAD_REQUEST
    elif code == "TOO_LARGE":
        message = TOO_LARGE
    elif code == "UNEXPECTED_ERROR":  # an exception JATOS did not expect: its generic page (HTML if asked for)
        if "html" in request.headers.get("Accept", ""):
            return Response(f"<html><body><h1>Internal JATOS error</h1><p>{internal_error_text()}</p></body></html>",
                            status=500, mimetype="text/html", headers=headers)
        message = internal_error_text()
    return Response(message, status=status, content_type="text/plain; charset=utf-8", headers=headers)


def route_miss(_method: str, uri: str) -> str:
    return f"Requested page {uri} couldn't be found."  # 3.9 names no method
