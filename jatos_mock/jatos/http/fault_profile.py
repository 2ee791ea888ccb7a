"""JATOS as the faults see it (jatos_mock/core/faults knows no API): the running version's error codes, error answer,
prefix and operationIds, and the default error per status."""

from collections.abc import Callable, Iterable

from flask import has_request_context

from jatos_mock.core.faults import ApiFaultProfile
from jatos_mock.core.http.runtime import Runtime
from jatos_mock.core.http.version import ApiVersion

# The error code and message JATOS answers with for each status (ApiEnvelope.ErrorCode)
DEFAULT_ERRORS = {
    400: ("CLIENT_ERROR", "Bad request"),
    401: ("INVALID_API_TOKEN", "Failed authentication"),
    403: ("FORBIDDEN", "Forbidden"),
    404: ("NOT_FOUND", "Not found"),
    409: ("STUDY_LOCKED", "Study is locked"),
    413: ("TOO_LARGE", "Request entity too large"),
    415: ("WRONG_CONTENT_TYPE", "Wrong content type"),
    429: ("CLIENT_ERROR", "Too many requests"),
}


def jatos_fault_profile(version: ApiVersion, operations: Iterable[str]) -> ApiFaultProfile:
    """`operations`: the operationIds of the app's contract, the ones a fault's target may name."""
    return ApiFaultProfile(name="JATOS", render_error=version.error, error_codes=version.error_codes,
                           default_errors=DEFAULT_ERRORS,
                           default_client_error=("CLIENT_ERROR", "Client error"),
                           default_server_error=("UNEXPECTED_ERROR", "Unexpected error"),
                           operations=frozenset(operations), api_prefix=version.prefix,
                           path_example="GET /studies/{id}")


def running_fault_profile(rt: Runtime) -> Callable[[], ApiFaultProfile]:
    """The fault profile of the version running now: a request's own (its profile or version header), outside a
    request the app's current profile's (a test's version once begin_test set it); each version's targets are its
    own contract's operationIds (3.9's jatos-api-3.9.yaml under 3.9), its errors its own answers."""
    profiles = {version.name: jatos_fault_profile(version, validator.by_id if validator is not None else ())
                for version, validator in (rt.served(name) for name in rt.version_names())}

    def running() -> ApiFaultProfile:
        version = rt.request_version if has_request_context() else rt.served(rt.profile.version)[0]
        return profiles[version.name]

    return running
