"""Domain error -> HTTP status, in one table (app/general/ErrorHandler.scala onServerError), and that handler's
catch-all answer for a browser or outside the API."""

import html

from flask import Response, has_request_context, request

from jatos_mock.core.http.runtime import runtime
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain.study_codes import CallLimitReached

# Checked in order: the first class the error is an instance of decides the status.
STATUS_BY_ERROR = (
    (errors.Unauthorized, 401),
    (errors.BadRequest, 400),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.UnsupportedMediaType, 415),
    (errors.TooLarge, 413),
    (CallLimitReached, 429),  # OpenAiProxy: jatos.openai.callLimit reached
    (errors.JatosError, 500),
)

# Codes JATOS emits that the published enum lacks, and the documented code `spec` fidelity answers instead.
CODES_OUTSIDE_SPEC = {"INVALID_API_TOKEN": "AUTH_ERROR", "FILE_ALREADY_EXISTS": "VALIDATION_ERROR"}


def status_of(exc: errors.JatosError) -> int:
    return next(status for cls, status in STATUS_BY_ERROR if isinstance(exc, cls))


def error_response(exc: errors.JatosError):
    code = exc.code
    if code in CODES_OUTSIDE_SPEC and not deviates("A1"):
        code = CODES_OUTSIDE_SPEC[code]
    return runtime().request_version.error(status_of(exc), code, exc.message)


def is_html_request() -> bool:
    # Helpers.isHtmlRequest: one of the Accept header's media ranges is exactly text/html
    accept = request.headers.get("Accept")
    if accept is None:
        return False
    return any(part.split(";", 1)[0].strip().lower() == "text/html" for part in accept.split(","))


def with_error_pages(envelope_error):
    """The version's error answer, except for onServerError's catch-all (an unexpected exception: 500
    UNEXPECTED_ERROR): a browser gets the error page (views.html.error), a request outside /jatos/api/ plain text,
    both saying "Internal JATOS error during <METHOD> <uri>. Check logs to get more information." (A43)."""

    def error(status: int, code: str, message: str, headers: dict | None = None) -> Response:
        if status == 500 and code == "UNEXPECTED_ERROR" and has_request_context():
            page = is_html_request()
            if (page or "/jatos/api/" not in request.path) and deviates("A43"):
                return _internal_error(page, headers)
        return envelope_error(status, code, message, headers)

    return error


def _internal_error(page: bool, headers: dict | None) -> Response:
    uri = request.script_root + (request.full_path if request.query_string else request.path)
    message = f"Internal JATOS error during {request.method} {uri}. Check logs to get more information."
    if not page:
        return Response(message, 500, headers, mimetype="text/plain")
    body = ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\"/>\n<title>JATOS Error</title>\n</head>\n"
            f"<body>\n<p>A problem occurred:<br>\n<span>{html.escape(message)}</span></p>\n</body>\n</html>\n")
    return Response(body, 500, headers, mimetype="text/html")
