"""The packaged contracts and default fixtures, read through importlib.resources.

A wheel carries them as package data under jatos_mock/jatos/resources/ (pyproject's force-include); a source checkout or
an editable install has them at the repository root, beside the package.
"""

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

_exit = ExitStack()  # keeps resources extracted from a zip import on disk for the process's lifetime
atexit.register(_exit.close)


def _find(name: str) -> Path:
    packaged = files(__package__) / "resources" / name
    if packaged.is_file() or packaged.is_dir():
        # a Path already when installed on a file system; extracted to a temporary file from a zip import
        return packaged if isinstance(packaged, Path) else _exit.enter_context(as_file(packaged))
    checkout = Path(__file__).resolve().parents[2] / name  # jatos_mock/jatos/resources.py -> the checkout
    if checkout.exists():
        return checkout
    raise FileNotFoundError(f"jatos-mock resource {name!r} not found (neither package data jatos_mock/jatos/resources/ "
                            f"nor {checkout})")


CONTRACTS = {"3.10": "jatos-api.yaml", "3.9": "jatos-api-3.9.yaml"}  # a JATOS line -> its contract


def contract_path(line: str = "3.10") -> Path:
    """Our contract of a JATOS line (3.10 by default; "3.9" for JATOS 3.9.x, API 1.0.1)."""
    return _find(CONTRACTS[line])


def default_fixtures_dir() -> Path:
    return _find("fixtures")
