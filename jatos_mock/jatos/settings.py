"""Settings of one mock instance: where it listens, what it loads, and how faithful it is."""

from dataclasses import dataclass, field
from pathlib import Path

from jatos_mock.core.profile import Profile
from jatos_mock.core.settings import MockSettings
from jatos_mock.jatos.domain.config import JatosConfig

API = "jatos"
VERSION = "3.10"  # the default JATOS version (jatos_mock/jatos/versions.py lists them all)


@dataclass
class Settings(MockSettings):
    api = API
    api_version = VERSION

    version: str = VERSION  # the JATOS version requests run under unless a test or a request asks for another
    log_dir: Path | None = None  # the mock's own application log (GET admin/logs); None: a temporary folder
    jatos: JatosConfig = field(default_factory=JatosConfig)
    jatos_keys: dict = field(default_factory=dict)  # JATOS's keys over `jatos` and the fixtures' jatos.conf

    def profile(self) -> Profile:
        """The profile requests run under by default."""
        return Profile(api=API, version=self.version, fidelity=self.fidelity)
