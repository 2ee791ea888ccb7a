"""Settings of one PyBossa mock instance: where it listens, what it loads, how faithful it is."""

from dataclasses import dataclass, field
from pathlib import Path

from jatos_mock.core.profile import Profile

API = "pybossa"
VERSION = "4.0.3"


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 9010
    fixtures_dir: Path | None = None  # None: the built-in fixtures
    seed: int | None = None  # a seed makes UUIDs, keys and (frozen) time reproducible
    fidelity: str = API  # "pybossa": the real server's behaviour; "spec": what PyBossa's docs say
    validate_requests: bool = True
    validate_responses: bool = True
    contract: Path | None = None  # None: the packaged pybossa-api.yaml
    state_file: Path | None = None
    faults: list = field(default_factory=list)
    control_loopback_only: bool = True
    threads: int = 8
    brand: str = "PYBOSSA"  # default_settings.BRAND
    rate_limit: int = 300  # default_settings.LIMIT
    rate_window_s: int = 900  # default_settings.PER

    def profile(self) -> Profile:
        return Profile(api=API, version=VERSION, fidelity=self.fidelity)
