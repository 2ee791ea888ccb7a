"""Shared helpers for the tests of `jatos-api.yaml`, the project's OpenAPI contract.

These tests read the YAML directly; they need no code from the `jatos_mock` package.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

CONTRACT_PATH = Path(__file__).resolve().parents[3] / "jatos-api.yaml"


def published_spec(env_var: str, version: str) -> tuple[Path, pytest.MarkDecorator]:
    """The published JATOS spec of `version` beside the checkout (or where `env_var` says), and the mark that skips
    a comparison module without it."""
    path = Path(os.environ.get(env_var) or Path(__file__).resolve().parents[3].parent / "shared" / "specs"
                / f"jatos-api-{version}.yaml")
    return path, pytest.mark.skipif(not path.is_file(), reason=f"the published JATOS {version} spec is not at "
                                                               f"{path} (set {env_var} to compare)")
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


# --- facts: what a document states, prose and our additions (operationIds, links) left out, keyed for comparison -----

ABSENT = "<absent>"


def document_facts(doc: dict) -> dict:
    facts = {
        ("document", "openapi"): doc["openapi"],
        ("document", "info.version"): doc["info"]["version"],
        ("document", "servers"): [server["url"] for server in doc.get("servers", [])],
        ("document", "tags"): sorted(tag["name"] for tag in doc.get("tags", [])),
        ("document", "security"): doc.get("security", ABSENT),
        ("document", "securitySchemes"): strip_prose(doc["components"].get("securitySchemes", ABSENT)),
        ("document", "operations"): sorted(operations(doc)),
    }
    for section in ("parameters", "requestBodies", "responses", "schemas"):
        facts[("document", f"components.{section}")] = sorted(doc["components"].get(section, {}))
    return facts


def operation_facts(doc: dict) -> dict:
    facts = {}
    for key, op in operations(doc).items():
        path = key.split(" ", 1)[1]
        facts[("operation", key, "tags")] = op.get("tags", [])
        facts[("operation", key, "deprecated")] = op.get("deprecated", False)
        facts[("operation", key, "security")] = op.get("security", "inherited")
        params = [resolve(doc, p) for p in doc["paths"][path].get("parameters", []) + op.get("parameters", [])]
        facts[("operation", key, "parameters")] = sorted(f"{p['in']}:{p['name']}" for p in params)
        for param in params:
            param = strip_prose(param)
            where = f"{param.pop('in')}:{param.pop('name')}"
            facts[("operation", key, "parameter", where)] = {"required": param.pop("required", False), **param}
        body = op.get("requestBody")
        facts[("operation", key, "requestBody")] = ABSENT if body is None else strip_prose(resolve(doc, body))
        facts[("operation", key, "responses")] = sorted(op["responses"])
        for status, response in op["responses"].items():
            response = strip_prose(resolve(doc, response))
            response.pop("links", None)
            facts[("operation", key, "response", status)] = response
    return facts


def schema_facts(doc: dict) -> dict:
    facts = {}
    for name, schema in doc["components"].get("schemas", {}).items():
        flat = flatten(doc, schema)
        facts[("schema", name, "form")] = sorted(strip_prose(schema))
        facts[("schema", name, "type")] = flat.pop("type", ABSENT)
        facts[("schema", name, "required")] = sorted(flat.pop("required", []))
        facts[("schema", name, "additionalProperties")] = flat.pop("additionalProperties", ABSENT)
        properties = flat.pop("properties", {})
        facts[("schema", name, "properties")] = sorted(properties)
        for prop, prop_schema in properties.items():
            facts[("schema", name, "property", prop)] = prop_schema
        facts[("schema", name, "other keywords")] = flat
    return facts


FACTS = {"document": document_facts, "operation": operation_facts, "schema": schema_facts}


def differences(upstream: dict, ours: dict) -> dict:
    """fact key -> (upstream value, our value), for every fact that is not the same in both."""
    return {key: (upstream.get(key, ABSENT), ours.get(key, ABSENT))
            for key in upstream.keys() | ours.keys() if upstream.get(key, ABSENT) != ours.get(key, ABSENT)}


def schema_errors(doc: dict, schema_name: str, instance) -> list[str]:
    """Errors of `instance` against `#/components/schemas/<schema_name>` of `doc`, with OpenAPI 3.0 semantics."""
    registry = Registry().with_resource("urn:contract", DRAFT4.create_resource(doc))
    validator = OAS30Validator({"$ref": f"urn:contract#/components/schemas/{schema_name}"}, registry=registry)
    return [f"/{'/'.join(map(str, err.absolute_path))}: {err.message}" for err in validator.iter_errors(instance)]


def _texts(node, found: set, in_properties: bool = False) -> set:
    """Every description, summary and title in `node` (property names called so are facts, not prose)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not in_properties and key in ("description", "summary", "title") and isinstance(value, str):
                found.add(" ".join(value.split()))
            else:
                _texts(value, found, key == "properties" and not in_properties)
    elif isinstance(node, list):
        for value in node:
            _texts(value, found)
    return found


def copied_prose(upstream_path: Path, our_path: Path, upstream: dict, ours: dict, min_line: int) -> list[str]:
    """The published spec's prose our contract repeats: its sentence-like lines of at least `min_line` characters,
    and its descriptions, summaries and titles of three words or more."""
    our_lines = {line.strip() for line in our_path.read_text(encoding="utf-8").splitlines()}
    lines = [line.strip() for line in upstream_path.read_text(encoding="utf-8").splitlines()
             if len(line.strip()) > min_line and re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", line)]
    shared = _texts(upstream, set()) & _texts(ours, set())
    return [line for line in lines if line in our_lines] + [text for text in shared if len(text.split()) >= 3]


def check_difference_registry(entries: list[dict]) -> None:
    """A list of intentional differences is well formed: unique ids, each fact under one id, every entry with its
    facts and reason, one area per entry."""
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    keys = [key for entry in entries for key in entry["where"]]
    assert len(keys) == len(set(keys)), "a fact is listed under two ids"
    for entry in entries:
        assert entry["where"] and entry["why"].strip(), entry["id"]
        assert len({key[0] for key in entry["where"]}) == 1, f"{entry['id']}: one area per entry"


@pytest.fixture(scope="session")
def contract() -> dict:
    return load_yaml(CONTRACT_PATH)


@pytest.fixture(scope="session")
def oas() -> SimpleNamespace:
    """The helpers above, for the test modules (fixtures keep them importable under every pytest import mode)."""
    return SimpleNamespace(load_yaml=load_yaml, operations=operations, resolve=resolve, strip_prose=strip_prose,
                           flatten=flatten, schema_errors=schema_errors, methods=HTTP_METHODS,
                           facts=FACTS,
                           differences=differences, absent=ABSENT)
