"""Settings of one BrainSTEM mock instance: where it listens, what it loads, how faithful it is."""

from dataclasses import dataclass

from jatos_mock.core.settings import MockSettings

API = "brainstem"
FIDELITIES = (API, "spec")
VERSION = "2026-04"  # the support docs (brainstem_support HEAD 28345af, 2026-04-04) and the 2.0.0 client


@dataclass
class Settings(MockSettings):
    api = API
    api_version = VERSION

    port: int = 8000
    device_interval: int = 1  # seconds the device flow tells clients to wait between polls (PY2 sleeps that long)
    device_auto_approve: str | None = None  # a fixture username: every device login is approved for that user

