"""JATOS's deviations registry (deviations.yaml beside this module) and its switch `deviates`."""

from pathlib import Path

from jatos_mock.core.deviations import registry
from jatos_mock.core.deviations.registry import Deviation
from jatos_mock.core.deviations.switch import Switch

REGISTRY = Path(__file__).with_name("deviations.yaml")


def load_registry(path: str | Path | None = None) -> dict[str, Deviation]:
    """JATOS's registry (parsed once per process), or the registry file at `path`."""
    return registry.load_registry(path or REGISTRY, "jatos", cached=path is None)


deviates = Switch(lambda: registry.shared_registry(REGISTRY, "jatos"), "jatos_mock/jatos/deviations.yaml").deviates
