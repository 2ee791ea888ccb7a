"""The catalog, the contract and the deviations registry agree with each other and with the code."""

import ast
from pathlib import Path

import yaml

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


def test_the_contract_lists_exactly_the_catalogs_documented_slugs_apps_and_actions():
    spec = yaml.safe_load(contract_path().read_text(encoding="utf-8"))
    params = spec["components"]["parameters"]
    assert set(params["model"]["schema"]["enum"]) == {m.slug for m in catalog.MODELS}
    assert set(params["app"]["schema"]["enum"]) == {m.app for m in catalog.MODELS}
    assert set(params["action"]["schema"]["enum"]) == {a for m in catalog.MODELS for a in m.actions}


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
