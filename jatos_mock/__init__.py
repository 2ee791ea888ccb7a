"""jatos-mock: a faithful, stateful mock of the JATOS HTTP API and a contract-testing toolkit.

The importable public API is `__all__` here (the control client of README's "The control API and its Python
client"); the `jatos` fixture's handle is `jatos_mock.jatos.testing.JatosMock`. Everything else is reached
through the command line (`jatos-mock serve`, `jatos-mock check`) and the pytest plugin.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "ControlClient", "ControlError"]


def __getattr__(name: str):
    # imported on first use: the client pulls in urllib and friends, which `jatos-mock serve` need not wait for
    if name in ("ControlClient", "ControlError"):
        from jatos_mock.jatos import control_client

        return getattr(control_client, name)
    raise AttributeError(f"module 'jatos_mock' has no attribute {name!r}")
