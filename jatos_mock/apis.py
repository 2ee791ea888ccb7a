"""The APIs this package mocks, by the name `--api` takes, and the module of each that `serve` starts it with.

Each module offers: FIDELITIES (the real server's first, then "spec"), make_settings(**common options, config=
KEY=VALUE assignments of the server's own configuration; a ValueError names a bad one),
create_app(settings), banner(runtime, url) -> lines. An API's package is imported only when it is served.
"""

import importlib
import importlib.util

DEFAULT = "jatos"
_SERVING = {
    "jatos": "jatos_mock.jatos.serving",
    "pybossa": "jatos_mock.pybossa.serving",
    "brainstem": "jatos_mock.brainstem.serving",
}


# the `check` command of each API that has one (its own options after --api)
_CHECKING = {
    "jatos": "jatos_mock.jatos.conformance.cli",
    "pybossa": "jatos_mock.pybossa.conformance.cli",
    "brainstem": "jatos_mock.brainstem.conformance.cli",
}


def names() -> list[str]:
    """The APIs this installation has."""
    return [name for name, module in _SERVING.items() if importlib.util.find_spec(module.rpartition(".")[0])]


def serving(name: str):
    return importlib.import_module(_SERVING[name])


def checkable() -> list[str]:
    return [name for name in _CHECKING if name in names()]


def checking(name: str):
    """The API's `check` click command."""
    return importlib.import_module(_CHECKING[name]).check
