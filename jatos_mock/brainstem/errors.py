"""BrainSTEM's error answers: Django REST framework's exceptions and the bodies its handler writes.

DRF's exception handler answers `{"detail": "..."}` for APIException subclasses and the validation errors' own
structure (a field -> messages dict, or a list) for ValidationError (rest_framework/views.py exception_handler).
"""


class ApiError(Exception):
    status = 400

    def __init__(self, body, status: int | None = None, headers: dict | None = None):
        super().__init__(body)
        self.body = body
        if status is not None:
            self.status = status
        self.headers = headers or {}


class Detail(ApiError):
    """An APIException: {"detail": message}."""

    default = ""

    def __init__(self, message: str | None = None, **kw):
        super().__init__({"detail": message or self.default}, **kw)


class ParseError(Detail):
    status = 400
    default = "Malformed request."


class NotAuthenticated(Detail):
    status = 401
    default = "Authentication credentials were not provided."

    def __init__(self, message: str | None = None):
        # the authentication class names its scheme, so DRF answers 401 rather than 403 (views.py)
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer realm="api"'})


class AuthenticationFailed(NotAuthenticated):
    default = "Invalid token."


class PermissionDenied(Detail):
    status = 403
    default = "You do not have permission to perform this action."


class NotFound(Detail):
    """Also a record that exists but is not the caller's to see: dynamic-rest looks it up in the filtered
    queryset (decision for open question 7, BS13). "Not found." is DRF's text before 3.15 and the docs' word."""
    status = 404
    default = "Not found."


class MethodNotAllowed(Detail):
    status = 405

    def __init__(self, method: str):
        super().__init__(f'Method "{method}" not allowed.')


class ValidationError(ApiError):
    """DRF's ValidationError: a {field: [messages]} dict, or a list of messages (dynamic-rest's filter errors)."""
    status = 400


class ServerError(Exception):
    """An exception DRF's handler does not know (a ValueError, an AttributeError): Django answers its plain 500
    page (DEBUG off). Raised where the real server is known to fail that way, not for the mock's own bugs."""
