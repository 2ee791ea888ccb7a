"""PyBossa's contract: our pybossa-api.yaml beside this module (PyBossa publishes no OpenAPI document)."""

from pathlib import Path

from jatos_mock.core.contract import spec


def contract_path() -> Path:
    return Path(__file__).with_name("pybossa-api.yaml")


def load_spec(path: str | Path | None = None) -> dict:
    return spec.load_spec(path or contract_path())
