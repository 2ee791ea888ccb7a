"""The catalog, the contract and the deviations registry agree with each other and with the code."""

import ast
import functools
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.deviations import load_registry
from jatos_mock.brainstem.resources import contract_path, default_fixtures_dir

KIT = Path(catalog.__file__).parent


def test_relations_name_models_and_reverse_relations_name_their_foreign_keys():
    for m in catalog.MODELS:
        for f in m.fields:
            if f.target:
                assert f.target in catalog.BY_SLUG, (m.slug, f.name)
            if f.kind == catalog.REVERSE:
                assert catalog.model(f.target).field_map[f.via].target == m.slug, (m.slug, f.name)
        if m.access == catalog.VIA:
            assert m.field_map[m.via].kind in (catalog.FK, catalog.M2M)


@functools.cache  # read once: a 350 KB document, and no test changes it
def _contract() -> dict:
    return yaml.safe_load(contract_path().read_text(encoding="utf-8"))


def test_the_contract_is_a_valid_openapi_document():
    validate(_contract())


def test_the_contract_has_each_catalog_model_under_its_app_and_slug_with_its_methods():
    paths = _contract()["paths"]
    expected = {"/api/auth/device/", "/api/auth/device/token/", "/api/auth/token/", "/api/auth/token/refresh/",
                "/api/token/"}
    for m in catalog.MODELS:
        base = f"/api/{{portal}}/{m.app}/{m.slug}/"
        expected |= {base, base + "{id}/"}
        assert ("post" in paths[base]) == m.creatable, m.slug
        changes = m.access not in (catalog.APPROVAL, catalog.INVITATION)
        assert {"patch", "put"} <= set(paths[base + "{id}/"]) if changes else "patch" not in paths[base + "{id}/"]
        if m.actions:
            expected |= {base + "{id}/{action}/", base + "{id}/{action}"}
            action = next(p for p in paths[base + "{id}/{action}/"]["parameters"] if p.get("name") == "action")
            assert action["schema"]["enum"] == list(m.actions), m.slug
    assert set(paths) == expected


def _schema(name: str) -> dict:
    return _contract()["components"]["schemas"][name]


def test_request_bodies_follow_the_catalogs_required_and_read_only_fields():
    spec = _contract()
    for m in catalog.MODELS:
        item = spec["paths"][f"/api/{{portal}}/{m.app}/{m.slug}/{{id}}/"]
        bodies = {}
        if m.creatable:
            post = spec["paths"][f"/api/{{portal}}/{m.app}/{m.slug}/"]["post"]
            bodies["create"] = post["requestBody"]["content"]["application/json"]["schema"]
        if "patch" in item:
            bodies["patch"] = item["patch"]["requestBody"]["content"]["application/json"]["schema"]
            bodies["put"] = item["put"]["requestBody"]["content"]["application/json"]["schema"]
        for kind, ref in bodies.items():
            schema = _schema(ref["$ref"].rsplit("/", 1)[1])
            properties, required = set(schema.get("properties", {})), set(schema.get("required", []))
            read_only = {f.name for f in m.fields if f.read_only}
            assert not properties & read_only, (m.slug, kind)  # DRF ignores them: the contract does not offer them
            must = {f.name for f in m.fields if f.required and not f.read_only and
                    not (f.create_only and kind != "create")}
            assert required == (set() if kind == "patch" else must), (m.slug, kind)
            assert "additionalProperties" not in schema  # DRF ignores unknown keys


def test_package_data_sits_inside_the_package():
    # the wheel carries jatos_mock/ whole, so these need no force-include
    assert contract_path().is_file() and KIT in contract_path().parents
    assert (default_fixtures_dir() / "records.yaml").is_file()


def _switched() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(KIT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "deviates" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.setdefault(node.args[0].value, []).append(f"{path.name}:{node.lineno}")
    return found


def test_every_entry_is_switched_once_or_says_why_not():
    switched, registry = _switched(), load_registry()
    assert set(switched) <= set(registry)
    for entry in registry.values():
        if entry.switchless:
            assert entry.id not in switched and entry.why
        else:
            assert len(switched.get(entry.id, [])) == 1, (entry.id, switched.get(entry.id))
    assert "count" in registry["BS1"].real  # the deliberate choice the issue names
