"""A deviations registry: every known difference between a real server and its published spec.

Each API keeps its data in its own YAML file (JATOS: jatos_mock/jatos/deviations.yaml); this module only loads and
checks one. `load_registry(path)` returns `{id: Deviation}`; `deviations_for_operation()` picks the entries for one
operation. The field saying what the real server does is named after the server (`jatos:`, `pybossa:`, ...): the
API tells the loader its name; the entry keeps it as `real`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

KINDS = ("route", "status", "field", "error-code", "server-bug", "behaviour", "parameter")

ALL_OPERATIONS = "*"

_REQUIRED = ("id", "title", "operations", "kind", "spec", "versions", "source")  # and the server's name
_OPTIONAL = ("same_as", "notes", "switch", "why", "explains", "fidelity")
EXPLAINS = ("request", "response")  # `explains: response`: the entry never excuses a request that broke the contract
EVERY_FIDELITY = "every"  # `fidelity: every`: applied in spec fidelity too (the mock cannot answer otherwise)
NO_SWITCH = "none"  # `switch: none`: no deviates() call applies the entry; `why` says why
_LISTS = ("operations", "versions")
# "METHOD /path/{param}": one upper-case HTTP method, one space, an absolute path without whitespace
_OPERATION = re.compile(r"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /\S*")


class RegistryError(ValueError):
    """The registry file is unreadable or an entry is malformed."""


@dataclass(frozen=True)
class Deviation:
    id: str
    title: str
    operations: tuple[str, ...]
    kind: str
    spec: str
    real: str  # what the real server does
    versions: tuple[str, ...]
    source: str
    same_as: str | None = None
    notes: str | None = None
    switch: str | None = None  # NO_SWITCH, or None: switched by a deviates("ID") call in the code
    why: str | None = None  # why an entry has no switch
    explains: str | None = None  # which violations it may explain: "request", "response", or None for both
    fidelity: str | None = None  # EVERY_FIDELITY, or None: applied in the real server's fidelity only

    @property
    def in_every_fidelity(self) -> bool:
        return self.fidelity == EVERY_FIDELITY

    @property
    def switchless(self) -> bool:
        return self.switch == NO_SWITCH

    def applies_to(self, method: str, path_template: str) -> bool:
        return ALL_OPERATIONS in self.operations or f"{method.upper()} {path_template}" in self.operations


def load_registry(path: str | Path, server: str, cached: bool = False) -> dict[str, Deviation]:
    """Loads and checks an API's registry, whose entries say under the key `server` what the real server does;
    `cached`: parse the file once per process (the API's own registry)."""
    if cached:
        return dict(_cached(str(path), server))  # a copy, so callers cannot change the cached one
    return _load(Path(path), server)


@functools.lru_cache(maxsize=8)
def _cached(path: str, server: str) -> dict[str, Deviation]:
    return _load(Path(path), server)


def deviations_for_operation(registry: dict[str, Deviation], method: str, path_template: str) -> list[Deviation]:
    """Entries naming `METHOD path_template` (as the spec writes the path) or all operations, in file order."""
    return [d for d in registry.values() if d.applies_to(method, path_template)]


def _load(path: Path, server: str) -> dict[str, Deviation]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise RegistryError(f"{path}: expected a list of entries, got {type(data).__name__}")

    registry: dict[str, Deviation] = {}
    for i, entry in enumerate(data):
        deviation = _entry(path, i, entry, server)
        if deviation.id in registry:
            raise RegistryError(f"{path}: entry {i} ({deviation.id}): duplicate id")
        registry[deviation.id] = deviation

    # same_as may point forward, so it is checked once every id is known
    for i, deviation in enumerate(registry.values()):
        if deviation.same_as is not None and deviation.same_as not in registry:
            raise RegistryError(f"{path}: entry {i} ({deviation.id}): same_as points to unknown id "
                                f"{deviation.same_as!r}")
        if deviation.same_as == deviation.id:
            raise RegistryError(f"{path}: entry {i} ({deviation.id}): same_as points to itself")
    return registry


def _entry(path: Path, i: int, entry: object, server: str) -> Deviation:
    ident = entry.get("id", "?") if isinstance(entry, dict) else "?"

    def fail(problem: str) -> RegistryError:
        return RegistryError(f"{path}: entry {i} ({ident}): {problem}")

    if not isinstance(entry, dict):
        raise fail(f"expected a mapping, got {type(entry).__name__}")
    required = (*_REQUIRED, server)
    for name in required:
        if name not in entry:
            raise fail(f"missing field {name!r}")
    unknown = sorted(set(entry) - set(required) - set(_OPTIONAL))
    if unknown:
        raise fail(f"unknown field(s) {', '.join(map(repr, unknown))}")  # catches typos such as 'same-as'

    for name in (*required, *_OPTIONAL):
        value = entry.get(name)
        if name in _LISTS:
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
                raise fail(f"field {name!r} must be a non-empty list of strings, got {value!r}")
        elif value is not None or name in required:
            # YAML turns 3.10 into a float and yes into True; insist on strings
            if not isinstance(value, str) or not value.strip():
                raise fail(f"field {name!r} must be a non-empty string, got {value!r}")

    if entry.get("switch") not in (None, NO_SWITCH):
        raise fail(f"field 'switch' must be {NO_SWITCH!r} (or absent: switched in the code), got {entry['switch']!r}")
    if (entry.get("switch") is None) != (entry.get("why") is None):
        raise fail(f"'switch: {NO_SWITCH}' and 'why' go together: an entry without a switch says why")
    if entry.get("explains") not in (None, *EXPLAINS):
        raise fail(f"field 'explains' must be one of {', '.join(EXPLAINS)} (or absent: both), got "
                   f"{entry['explains']!r}")
    if entry.get("fidelity") not in (None, EVERY_FIDELITY):
        raise fail(f"field 'fidelity' must be {EVERY_FIDELITY!r} (or absent: the real server's fidelity only), got "
                   f"{entry['fidelity']!r}")
    if entry["kind"] not in KINDS:
        raise fail(f"unknown kind {entry['kind']!r} (allowed: {', '.join(KINDS)})")
    for operation in entry["operations"]:
        if operation != ALL_OPERATIONS and not _OPERATION.fullmatch(operation):
            raise fail(f"malformed operation {operation!r} (expected 'METHOD /path' or '*')")

    return Deviation(
        id=entry["id"],
        title=entry["title"],
        operations=tuple(entry["operations"]),
        kind=entry["kind"],
        spec=entry["spec"],
        real=entry[server],
        versions=tuple(entry["versions"]),
        source=entry["source"],
        same_as=entry.get("same_as"),
        notes=entry.get("notes"),
        switch=entry.get("switch"),
        why=entry.get("why"),
        explains=entry.get("explains"),
        fidelity=entry.get("fidelity"),
    )
