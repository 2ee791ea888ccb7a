"""Injected faults, for testing a client's retry and error paths: latency, error answers, rate limits, transport
faults. Knows no API: the API's code describes itself in an ApiFaultProfile and hands it to Faults.

spec.py reads faults (compact spec, JSON form) into the typed model (model.py); injector.py keeps the active ones
and fires them around each request; transport.py drops or truncates answers; ratelimit.py counts requests per
window of the mock's clock.
"""

from jatos_mock.core.faults.api_profile import ApiFaultProfile
from jatos_mock.core.faults.injector import Faults
from jatos_mock.core.faults.spec import FaultError, build, parse_spec

__all__ = ["ApiFaultProfile", "FaultError", "Faults", "build", "parse_spec"]
