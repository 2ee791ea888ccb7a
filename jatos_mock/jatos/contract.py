"""JATOS's contract: our jatos-api.yaml (packaged), loaded through the core's contract loader."""

from pathlib import Path

from jatos_mock.core.contract import spec
from jatos_mock.jatos.resources import contract_path


def load_spec(path: str | Path | None = None) -> dict:
    """The contract as a dict (the packaged jatos-api.yaml unless another path is given); shared: do not mutate."""
    return spec.load_spec(path or contract_path())


def spec_text(path: str | Path | None = None) -> bytes:
    return spec.spec_text(path or contract_path())
