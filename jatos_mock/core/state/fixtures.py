"""The fixture framework: a directory of YAML files, loaded into a store by the API's section loaders in their order.
A broken file stops start-up with its name and the problem."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jatos_mock.core import yaml_load
from jatos_mock.core.state.store import Store


class FixtureError(Exception):
    pass


class FixtureFile:
    """One parsed fixture file, with helpers that report problems against its name."""

    def __init__(self, path: Path, data):
        self.path = path
        self.data = data

    def fail(self, problem: str):
        raise FixtureError(f"{self.path}: {problem}")

    def items(self, key: str) -> list[dict]:
        value = self.data.get(key, []) if isinstance(self.data, dict) else self.fail("expected a mapping at the top")
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(f"'{key}' must be a list of mappings")
        return value

    def require(self, item: dict, key: str, where: str):
        if key not in item:
            self.fail(f"{where}: missing '{key}'")
        return item[key]


@dataclass
class FixtureContext:
    """What every section loader gets: the store, its state, the fixture folder, and what was loaded."""

    store: Store
    state: Any
    directory: Path
    tokens: list[dict] = field(default_factory=list)  # {username, roles, token, ...}: the fixture users' credentials


Section = tuple[str, Callable[[FixtureContext, FixtureFile], None]]  # (file name, loader)


def read_yaml(path: Path) -> FixtureFile:
    try:
        with open(path, encoding="utf-8") as f:
            return FixtureFile(path, yaml_load.safe_load(f.read()) or {})
    except yaml.YAMLError as exc:
        raise FixtureError(f"{path}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise FixtureError(f"{path}: cannot be read: {exc.strerror}") from None


def load_fixture_dir(store: Store, directory: Path, sections: Sequence[Section]) -> list[dict]:
    """Loads every section file `directory` has, in the sections' order, in one write (a broken file loads
    nothing); returns the fixture users' credentials the loaders collected."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FixtureError(f"{directory}: fixture directory not found")
    with store.write() as state:
        ctx = FixtureContext(store, state, directory)
        for name, loader in sections:
            path = directory / name
            if path.exists():
                fixture = read_yaml(path)
                try:
                    loader(ctx, fixture)
                except FixtureError:
                    raise
                except (KeyError, TypeError, ValueError) as exc:
                    raise FixtureError(f"{path}: {type(exc).__name__}: {exc}") from None
    return ctx.tokens
