"""Shared helpers for the tests of `jatos-api.yaml`, the project's OpenAPI contract.

These tests read the YAML directly; they need no code from the `jatos_mock` package.
"""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

CONTRACT_PATH = Path(__file__).resolve().parents[3] / "jatos-api.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keys that carry prose or samples, not facts about the API.
PROSE_KEYS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs"})


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def operations(doc: dict) -> dict[str, dict]:
    """`"METHOD /path"` -> operation object, for every operation of the document."""
    return {
        f"{method.upper()} {path}": op
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    }


def resolve(doc: dict, node):
    """Follow local `$ref`s until the node is not a reference."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references are expected, got {ref}"
        node = doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def strip_prose(node, in_name_map: bool = False):
    """A deep copy of `node` without descriptions, summaries, titles and examples.

    Keys of name maps (e.g. a property called `description`) are kept.
    """
    if isinstance(node, dict):
        return {
            key: strip_prose(value, in_name_map=(key == "properties" and not in_name_map))
            for key, value in node.items()
            if in_name_map or key not in PROSE_KEYS
        }
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    return copy.deepcopy(node)


def flatten(doc: dict, schema: dict) -> dict:
    """The schema with its `allOf` branches merged in (properties and required lists joined), prose stripped.

    Only the `allOf` branches are resolved; `$ref`s inside properties stay references.
    """
    schema = strip_prose(resolve(doc, schema))
    if "allOf" not in schema:
        return schema
    merged = {key: value for key, value in schema.items() if key != "allOf"}
    for branch in schema["allOf"]:
        for key, value in flatten(doc, branch).items():
            if key == "properties":
                merged.setdefault("properties", {}).update(value)
            elif key == "required":
                merged["required"] = sorted(set(merged.get("required", [])) | set(value))
            else:
                merged.setdefault(key, value)
    return merged


def schema_errors(doc: dict, schema_name: str, instance) -> list[str]:
    """Errors of `instance` against `#/components/schemas/<schema_name>` of `doc`, with OpenAPI 3.0 semantics."""
    registry = Registry().with_resource("urn:contract", DRAFT4.create_resource(doc))
    validator = OAS30Validator({"$ref": f"urn:contract#/components/schemas/{schema_name}"}, registry=registry)
    return [f"/{'/'.join(map(str, err.absolute_path))}: {err.message}" for err in validator.iter_errors(instance)]


@pytest.fixture(scope="session")
def contract() -> dict:
    return load_yaml(CONTRACT_PATH)


@pytest.fixture(scope="session")
def oas() -> SimpleNamespace:
    """The helpers above, for the test modules (fixtures keep them importable under every pytest import mode)."""
    return SimpleNamespace(load_yaml=load_yaml, operations=operations, resolve=resolve, strip_prose=strip_prose,
                           flatten=flatten, schema_errors=schema_errors, methods=HTTP_METHODS)
