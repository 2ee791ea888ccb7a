"""JATOS's contracts: our jatos-api.yaml (3.10) and jatos-api-3.9.yaml (packaged), loaded through the core's
contract loader."""

from pathlib import Path

from jatos_mock.core.contract import spec
from jatos_mock.jatos.resources import contract_path


def load_spec(path: str | Path | None = None, line: str = "3.10") -> dict:
    """The contract as a dict (the packaged contract of the JATOS line unless another path is given); shared: do
    not mutate."""
    return spec.load_spec(path or contract_path(line))


def spec_text(path: str | Path | None = None, line: str = "3.10") -> bytes:
    return spec.spec_text(path or contract_path(line))
