"""jatos-mock: a faithful, stateful mock of the JATOS HTTP API and a contract-testing toolkit.

The importable public API is `__all__` here (the control client of README's "The control API and its Python
client"); the `jatos` fixture's handle is `jatos_mock.jatos.testing.JatosMock`. Everything else is reached
through the command line (`jatos-mock serve`, `jatos-mock check`) and the pytest plugin.
"""

from jatos_mock.jatos.control_client import ControlClient, ControlError

__version__ = "0.1.0"

__all__ = ["__version__", "ControlClient", "ControlError"]
