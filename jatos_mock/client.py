"""The control API's Python client, under the name README uses (`from jatos_mock.core.client import ControlClient`)."""

from jatos_mock.core.client import ControlClient, ControlError

__all__ = ["ControlClient", "ControlError"]
