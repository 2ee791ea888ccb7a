"""BrainSTEM as the faults see it: DRF's error answer and the default message per status."""

from collections.abc import Iterable

from jatos_mock.core.faults import ApiFaultProfile
from jatos_mock.core.http.version import ApiVersion

# DRF's default detail per status (rest_framework/exceptions.py)
DEFAULT_ERRORS = {
    400: ("ParseError", "Malformed request."),
    401: ("NotAuthenticated", "Authentication credentials were not provided."),
    403: ("PermissionDenied", "You do not have permission to perform this action."),
    404: ("NotFound", "Not found."),
    429: ("Throttled", "Request was throttled."),
    500: ("ServerError", "A server error occurred."),
}


def brainstem_fault_profile(version: ApiVersion, operations: Iterable[str]) -> ApiFaultProfile:
    return ApiFaultProfile(name="BrainSTEM", render_error=version.error, error_codes=version.error_codes,
                           default_errors=DEFAULT_ERRORS, default_client_error=("ClientError", "Bad request."),
                           default_server_error=("ServerError", "A server error occurred."),
                           operations=frozenset(operations), api_prefix="", path_example="GET /api/{portal}/...")
