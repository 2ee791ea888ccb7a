"""Attribution over HTTP, for every API: a jatos-mock names, in each answer, the registered deviations that answer
applied (X-Jatos-Mock-Deviations); collected per engine test case (engine.CASE_HEADER) from the answers the engine
hands over (engine.Hooks.answered)."""

from __future__ import annotations

import threading

from jatos_mock.core.http.pipeline import DEVIATIONS_HEADER


class HeaderAttribution:
    """Exact attribution over HTTP: a jatos-mock server names, in every answer, the registered deviations that
    answer applied (X-Jatos-Mock-Deviations). Collected per test case from every request sent with its id
    (checks that re-send a request included); a case whose answers carry no such header (a real server) is left to
    the registry baseline."""

    def __init__(self):
        self._lock = threading.Lock()
        self._applied: dict[str, set[str]] = {}

    def record(self, case_id: str | None, headers) -> None:
        if not case_id or headers is None:
            return
        value = _header(headers, DEVIATIONS_HEADER)
        if value is None:
            return
        ids = {part.strip() for part in value.split(",") if part.strip()}
        with self._lock:
            self._applied.setdefault(case_id, set()).update(ids)

    def covers(self, case_id: str) -> bool:
        """Whether an answer of this test case came from a jatos-mock (carried the header)."""
        with self._lock:
            return case_id in self._applied

    def deviations(self, case_id: str) -> set[str]:
        with self._lock:
            return set(self._applied.get(case_id, ()))


def _header(headers, name: str) -> str | None:
    """A header's value from schemathesis's (lower-case keys, list values) or requests' headers."""
    value = headers.get(name.lower())
    if value is None:
        value = headers.get(name)
    if isinstance(value, list):
        value = ",".join(value)
    return value
