"""PyBossa's exceptions as its API reports them (pybossa/error/__init__.py ErrorStatus.format_exception).

Each error carries the `exception_cls` PyBossa names and the `exception_msg` it writes: werkzeug's description for
BadRequest, Forbidden and Unauthorized, `str(e)` for everything else (so NotFound and MethodNotAllowed carry
werkzeug's "404 Not Found: ..." text). The status comes from ErrorStatus.error_status; classes it does not list
answer 500.
"""

# werkzeug 1.0.1's descriptions, as PyBossa 4.0.3 sends them
UNAUTHORIZED_TEXT = ("The server could not verify that you are authorized to access the URL requested. You either "
                     "supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how "
                     "to supply the credentials required.")
BAD_REQUEST_TEXT = "The browser (or proxy) sent a request that this server could not understand."
FORBIDDEN_TEXT = ("You don't have the permission to access the requested resource. It is either read-protected or "
                  "not readable by the server.")
NOT_FOUND_TEXT = ("The requested URL was not found on the server. If you entered the URL manually please check your "
                  "spelling and try again.")
METHOD_NOT_ALLOWED_TEXT = "The method is not allowed for the requested URL."
TOO_MANY_REQUESTS_TEXT = "This user has exceeded an allotted request count. Try again later."

# ErrorStatus.error_status
STATUS = {"BadRequest": 400, "Unauthorized": 401, "Forbidden": 403, "NotFound": 404, "MethodNotAllowed": 405,
          "TypeError": 415, "ValueError": 415, "DataError": 415, "AttributeError": 415, "DBIntegrityError": 415,
          "TooManyRequests": 429}


class PybossaError(Exception):
    """An error PyBossa's API view catches and answers with its error object."""

    exception_cls = "Exception"

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    @property
    def status(self) -> int:
        return STATUS.get(self.exception_cls, 500)


class BadRequest(PybossaError):
    exception_cls = "BadRequest"

    def __init__(self, message: str = BAD_REQUEST_TEXT):
        super().__init__(message)


class Unauthorized(PybossaError):
    exception_cls = "Unauthorized"

    def __init__(self, message: str = UNAUTHORIZED_TEXT):
        super().__init__(message)


class Forbidden(PybossaError):
    exception_cls = "Forbidden"

    def __init__(self, message: str = FORBIDDEN_TEXT):
        super().__init__(message)


class NotFound(PybossaError):
    exception_cls = "NotFound"

    def __init__(self):
        super().__init__(f"404 Not Found: {NOT_FOUND_TEXT}")


class MethodNotAllowed(PybossaError):
    exception_cls = "MethodNotAllowed"

    def __init__(self):
        super().__init__(f"405 Method Not Allowed: {METHOD_NOT_ALLOWED_TEXT}")


class TooManyRequests(PybossaError):
    exception_cls = "TooManyRequests"

    def __init__(self):
        super().__init__(f"429 Too Many Requests: {TOO_MANY_REQUESTS_TEXT}")


class ValueError_(PybossaError):  # noqa: N801 - PyBossa reports Python's ValueError (and JSONDecodeError) by name
    exception_cls = "ValueError"


class TypeError_(PybossaError):  # noqa: N801
    exception_cls = "TypeError"


class AttributeError_(PybossaError):  # noqa: N801
    exception_cls = "AttributeError"


class DataError(PybossaError):
    exception_cls = "DataError"


class DBIntegrityError(PybossaError):
    exception_cls = "DBIntegrityError"


class ServerError(PybossaError):
    """An exception ErrorStatus does not list: 500 with its class name (e.g. InvalidRequestError)."""

    def __init__(self, exception_cls: str, message: str):
        super().__init__(message)
        self.exception_cls = exception_cls


def no_attribute(model_name: str, name: str) -> AttributeError_:
    """`getattr(Model, name)` failing, as Python words it."""
    return AttributeError_(f"type object '{model_name}' has no attribute '{name}'")


class JwtError(Exception):
    """A refused project JWT (pybossa/auth/errcodes.py): 401 with `{code, description}`, not the error object."""

    def __init__(self, code: str, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


# pybossa/auth/errcodes.py
INVALID_HEADER_MISSING = ("invalid_header", "Missing Authorization header")
INVALID_HEADER_BEARER = ("invalid_header", "Authorization header" + " " * 26 + "must start with Bearer")
# (the long blanks are the source's line continuations inside the string literals)
INVALID_HEADER_TOKEN = ("invalid_header", "Token not found")
INVALID_HEADER_BEARER_TOKEN = ("invalid_header", "Authorization header must" + " " * 32 + "be Bearer + \\s + token")
WRONG_PROJECT_SIGNATURE = ("Wrong project", "Signature verification failed")
DECODE_ERROR_SIGNATURE = ("Decode error", "Signature verification failed")
