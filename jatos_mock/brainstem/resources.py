"""The BrainSTEM kit's package data: its contract and default fixtures live inside the package, so a wheel
carries them without any force-include."""

from importlib.resources import files
from pathlib import Path

_HERE = Path(str(files(__package__)))


def contract_path() -> Path:
    return _HERE / "brainstem-api.yaml"


def default_fixtures_dir() -> Path:
    return _HERE / "fixtures"
