"""Settings of one PyBossa mock instance: where it listens, what it loads, how faithful it is."""

from dataclasses import dataclass

from jatos_mock.core.settings import MockSettings

API = "pybossa"
VERSION = "4.0.3"


@dataclass
class Settings(MockSettings):
    api = API
    api_version = VERSION

    port: int = 9010
    brand: str = "PYBOSSA"  # default_settings.BRAND
    rate_limit: int = 300  # default_settings.LIMIT
    rate_window_s: int = 900  # default_settings.PER

