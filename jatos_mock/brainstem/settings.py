"""Settings of one BrainSTEM mock instance: where it listens, what it loads, how faithful it is."""

from dataclasses import dataclass, field
from pathlib import Path

from jatos_mock.core.profile import Profile

API = "brainstem"
FIDELITIES = (API, "spec")
VERSION = "2026-04"  # the support docs (brainstem_support HEAD 28345af, 2026-04-04) and the 2.0.0 client


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    fixtures_dir: Path | None = None  # None: the built-in fixtures
    seed: int | None = None  # a seed makes UUIDs, tokens and (frozen) time reproducible
    fidelity: str = API  # the real server's behaviour ("brainstem"), or "spec" (the docs)
    validate_requests: bool = True
    validate_responses: bool = True
    contract: Path | None = None  # None: the packaged brainstem-api.yaml
    state_file: Path | None = None
    faults: list = field(default_factory=list)
    control_loopback_only: bool = True
    threads: int = 8
    device_interval: int = 1  # seconds the device flow tells clients to wait between polls (PY2 sleeps that long)
    device_auto_approve: str | None = None  # a fixture username: every device login is approved for that user

    def profile(self) -> Profile:
        return Profile(api=API, version=VERSION, fidelity=self.fidelity)
