"""One API version as the app serves it: its contract, route table under its URL prefix, views and envelope.

Handlers return data (a Reply, or a Response for downloads); the version that runs renders it. A second version
(3.9) is another instance of this, built in its own folder beside `v3_10/`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from flask import Blueprint, Response

from jatos_mock.core.http.reply import Reply


@dataclass(frozen=True)
class ApiVersion:
    name: str  # the JATOS version, e.g. "3.10"
    api_version: str  # the envelope's apiVersion, e.g. "1.1.0"
    prefix: str  # where the API's routes live, e.g. "/jatos/api/v1"
    contract: Path | None  # None: a version whose contract is not written yet (its answers are not checked)
    views: ModuleType  # the JSON views of the entities
    render: Callable[[Reply], Response]  # a handler's Reply -> the answer in this version's envelope
    error: Callable[..., Response]  # (status, code, message, headers=None) -> this version's error answer
    error_codes: tuple[str, ...]
    routes: Callable[[], Blueprint]  # the parent blueprint holding every route of this version
    api_paths: tuple[str, ...]  # where a routing miss is answered in the API's error format (else plain text)
    # an API whose server answers routing misses (404, 405) its own way: exception -> answer; None: JATOS's way
    route_miss: Callable[[Exception], Response] | None = None
    # JATOS's way, the message: (method, uri) -> text; None: "Requested page <METHOD> <uri> couldn't be found."
    route_miss_text: Callable[[str, str], str] | None = None
    # what this release does differently from others of its line (names the API kit chooses and asks for)
    features: frozenset[str] = frozenset()

    def route_miss_message(self, method: str, uri: str) -> str:
        if self.route_miss_text is not None:
            return self.route_miss_text(method, uri)
        return f"Requested page {method} {uri} couldn't be found."

    def is_api_path(self, path: str) -> bool:
        return path.startswith(self.api_paths)
