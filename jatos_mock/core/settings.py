"""What every API's mock is started with: where it listens, what it loads, how faithful it is. An API's `Settings`
subclasses this, names its API (and so its real-server fidelity), and adds its own keys."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from jatos_mock.core.profile import Profile


@dataclass
class MockSettings:
    api: ClassVar[str]  # the API's name, also the name of its real-server fidelity
    api_version: ClassVar[str]  # the version requests run under by default

    host: str = "127.0.0.1"
    port: int = 9000
    fixtures_dir: Path | None = None  # None: the API's built-in fixtures
    seed: int | None = None  # a seed makes UUIDs, codes, tokens and (frozen) time reproducible
    fidelity: str | None = None  # None: the real server's (the API's name); or "spec"
    validate_requests: bool = True
    validate_responses: bool = True
    contract: Path | None = None  # None: the API's packaged contract
    state_file: Path | None = None  # load at start, save on shutdown and on demand
    faults: list = field(default_factory=list)  # fault specs or JSON forms active from the start (core/faults/)
    control_loopback_only: bool = True
    threads: int = 8

    def __post_init__(self):
        if self.fidelity is None:
            self.fidelity = self.api

    def profile(self) -> Profile:
        """The profile requests run under by default."""
        return Profile(api=self.api, version=self.api_version, fidelity=self.fidelity)


def key_values(assignments, known, what: str):
    """(assignment, key, value) of each `--config KEY=VALUE`; a ValueError names one that is not KEY=VALUE or whose
    key is not in `known` (listed after `what`). The API converts the values."""
    listed = ", ".join(known)
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        key = key.strip()
        if not sep or key not in known:
            raise ValueError(f"{assignment!r}: expected KEY=VALUE with one of {what} {listed}")
        yield assignment, key, value.strip()
