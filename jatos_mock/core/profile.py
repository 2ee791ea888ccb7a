"""The profile one request runs under: which API, which version of it, and which fidelity.

API-neutral: an API kit names its own API, versions and real-server fidelity; `spec` (what the published contract
says) is the one fidelity every API has. Set from the app's settings, overridden per test or per request.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SPEC = "spec"


@dataclass(frozen=True)
class Profile:
    api: str | None  # None: no particular API (as for version)
    version: str | None  # None: no particular version (rules exercised outside a request, in unit tests)
    fidelity: str

    @property
    def is_spec(self) -> bool:
        return self.fidelity == SPEC

    def with_fidelity(self, fidelity: str) -> Profile:
        return replace(self, fidelity=fidelity)
