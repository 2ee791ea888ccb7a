"""The control API's Python client of a JATOS mock, under the name README uses (`from jatos_mock.client import
ControlClient`)."""

from jatos_mock.jatos.control_client import ControlClient, ControlError

__all__ = ["ControlClient", "ControlError"]
