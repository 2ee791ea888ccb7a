"""Loads an API's contract (an OpenAPI document) once per path and caches it."""

from functools import lru_cache
from pathlib import Path

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@lru_cache(maxsize=8)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)


def load_spec(path: str | Path) -> dict:
    """The contract as a dict. Shared and cached: callers must not mutate it."""
    return _load(str(Path(path)))


def spec_text(path: str | Path) -> bytes:
    return Path(path).read_bytes()


def iter_operations(spec: dict):
    """Yields (METHOD, path template, operation dict, path-level parameters)."""
    for template, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), template, operation, item.get("parameters", [])
