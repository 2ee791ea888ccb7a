"""The profile one request runs under: which API, which version of it, and which fidelity.

API-neutral: an API kit names its own API and versions. Every API has two fidelities: the real server's, named
after the API (`jatos`, `pybossa`, ...), and `spec` (what the published contract or documentation says).
Set from the app's settings, overridden per test or per request.
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

    @property
    def fidelities(self) -> tuple[str, ...]:
        """The fidelities this profile's API knows: its real server's, then `spec`."""
        return (self.api, SPEC) if self.api is not None else (SPEC,)

    def with_fidelity(self, fidelity: str) -> Profile:
        return replace(self, fidelity=fidelity)

    def with_version(self, version: str) -> Profile:
        return replace(self, version=version)
