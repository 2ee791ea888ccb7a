"""Settings of one mock instance: where it listens, what it loads, and how faithful it is."""

from dataclasses import dataclass, field
from pathlib import Path

from jatos_mock.core.profile import Profile
from jatos_mock.jatos.domain.config import JatosConfig

API = "jatos"
VERSION = "3.10"  # the default JATOS version (jatos_mock/jatos/versions.py lists them all)


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 9000
    fixtures_dir: Path | None = None  # None: the built-in fixtures
    seed: int | None = None  # a seed makes UUIDs, codes, tokens and (frozen) time reproducible
    fidelity: str = "jatos"  # jatos | spec
    version: str = VERSION  # the JATOS version requests run under unless a test or a request asks for another
    validate_requests: bool = True
    validate_responses: bool = True
    contract: Path | None = None  # None: the packaged jatos-api.yaml
    state_file: Path | None = None  # load at start, save on shutdown and on demand
    faults: list = field(default_factory=list)  # fault specs or JSON forms active from the start (core/faults/)
    control_loopback_only: bool = True
    threads: int = 8
    log_dir: Path | None = None  # the mock's own application log (GET admin/logs); None: a temporary folder
    jatos: JatosConfig = field(default_factory=JatosConfig)
    jatos_keys: dict = field(default_factory=dict)  # JATOS's keys over `jatos` and the fixtures' jatos.conf

    def profile(self) -> Profile:
        """The profile requests run under by default."""
        return Profile(api=API, version=self.version, fidelity=self.fidelity)
