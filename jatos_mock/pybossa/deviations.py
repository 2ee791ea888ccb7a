"""PyBossa's deviations registry (deviations.yaml beside this module: where PyBossa 4.0.3 differs from its docs)
and its switch `deviates`."""

from pathlib import Path

from jatos_mock.core.deviations import registry
from jatos_mock.core.deviations.registry import Deviation
from jatos_mock.core.deviations.switch import Switch

REGISTRY = Path(__file__).with_name("deviations.yaml")


def load_registry(path: str | Path | None = None) -> dict[str, Deviation]:
    return registry.load_registry(path or REGISTRY, "pybossa", cached=path is None)


deviates = Switch(lambda: registry.shared_registry(REGISTRY, "pybossa"), "jatos_mock/pybossa/deviations.yaml").deviates
