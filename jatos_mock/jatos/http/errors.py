"""Domain error -> HTTP status, in one table (app/general/ErrorHandler.scala onServerError)."""

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
