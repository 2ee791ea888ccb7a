"""Domain errors. Each mirrors a JATOS exception and carries JATOS's error code and message.

The HTTP layer maps the class to a status in one table (jatos_mock/jatos/http/errors.py).
"""


class JatosError(Exception):
    code = "UNEXPECTED_ERROR"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class BadRequest(JatosError):
    code = "UNSPECIFIED"  # JATOS BadRequestException without a code


class InvalidRequest(BadRequest):
    code = "INVALID_REQUEST"


class InvalidJson(BadRequest):
    code = "INVALID_JSON"


class ValidationFailed(BadRequest):
    code = "VALIDATION_ERROR"


class ImportExportFailed(BadRequest):
    code = "IMPORT_EXPORT_ERROR"


class MissingFile(BadRequest):
    code = "MISSING_FILE"


class FileAlreadyExists(BadRequest):
    code = "FILE_ALREADY_EXISTS"


class ClientError(BadRequest):
    code = "CLIENT_ERROR"  # Play's own 400s: parameter binding


class Unauthorized(JatosError):
    code = "AUTH_ERROR"


class InvalidApiToken(Unauthorized):
    code = "INVALID_API_TOKEN"

    def __init__(self, message: str = "Invalid api token", code: str | None = None):
        super().__init__(message, code)


class Forbidden(JatosError):
    code = "FORBIDDEN"


class NoAccess(Forbidden):
    code = "NO_ACCESS"


class Locked(Forbidden):
    code = "STUDY_LOCKED"

    def __init__(self, message: str = "Study locked", code: str | None = None):
        super().__init__(message, code)


class VersionConflict(Forbidden):
    """JATOS answers a stale session version with 403 FORBIDDEN, not 409 (BatchDao.updateBatchSession)."""


class NotFound(JatosError):
    code = "NOT_FOUND"


class UnsupportedMediaType(JatosError):
    code = "WRONG_CONTENT_TYPE"


class TooLarge(JatosError):
    code = "TOO_LARGE"


class IOFailure(JatosError):
    """JATOS maps an IOException to 500 IO_ERROR with the message prefixed by 'IO error: '."""

    code = "IO_ERROR"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(f"IO error: {message}", code)


class ServerError(JatosError):
    """A 500 JATOS raises on purpose (InternalServerErrorException, code UNSPECIFIED)."""

    code = "UNSPECIFIED"


class Answered(JatosError):
    """The answer is made already (JATOS 3.9's sign-in redirect and the like): the HTTP layer sends it as it is."""

    def __init__(self, response):
        super().__init__("answered")
        self.response = response


class UnexpectedError(JatosError):
    """A JATOS server bug (NPE and the like) reproduced on purpose: 500 UNEXPECTED_ERROR."""

    def __init__(self, message: str = "Unexpected error", code: str | None = None):
        super().__init__(message, code)
