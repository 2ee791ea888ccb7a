"""BrainSTEM's deviations registry (deviations.yaml beside this module) and its switch `deviates`.

The "spec" here is BrainSTEM's documentation (support.brainstem.org/api); an entry is where the mock follows the
official clients or the engine (dynamic-rest) beyond what the docs say.
"""

from pathlib import Path

from jatos_mock.core.deviations import registry
from jatos_mock.core.deviations.registry import Deviation
from jatos_mock.core.deviations.switch import Switch

REGISTRY = Path(__file__).with_name("deviations.yaml")


def load_registry(path: str | Path | None = None) -> dict[str, Deviation]:
    return registry.load_registry(path or REGISTRY, "brainstem", cached=path is None)


deviates = Switch(lambda: registry.shared_registry(REGISTRY, "brainstem"),
                  "jatos_mock/brainstem/deviations.yaml").deviates
