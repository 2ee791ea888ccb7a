"""What the faults need to know about the API they are injected into; the API's own code builds one.

The faults package knows no API: the error codes an injected error may carry, the code and message each status
answers with by default, how an error answer looks, the prefix of the API's paths and its operationIds all come
from here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import Response

# (status, code, message, headers or None) -> the API's error answer
RenderError = Callable[[int, str, str, dict | None], Response]


@dataclass(frozen=True)
class ApiFaultProfile:
    name: str  # the API's name, as refusals say it ("<name> answers with one of ...")
    render_error: RenderError
    error_codes: tuple[str, ...]  # the codes an injected error may carry, in the order a refusal lists them
    default_errors: Mapping[int, tuple[str, str]]  # status -> (code, message) when a fault gives none
    default_client_error: tuple[str, str]  # (code, message) of a 4xx status not in default_errors
    default_server_error: tuple[str, str]  # ... and of a 5xx status
    operations: frozenset[str] = field(default_factory=frozenset)  # the operationIds a target may name
    api_prefix: str = ""  # a 'METHOD /path' target may leave this off the path
    path_example: str = "GET /items/{id}"  # a 'METHOD /path' target, for refusals to show

    def default_error(self, status: int) -> tuple[str, str]:
        fallback = self.default_server_error if status >= 500 else self.default_client_error
        return self.default_errors.get(status, fallback)
