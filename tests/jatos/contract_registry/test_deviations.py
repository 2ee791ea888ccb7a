"""The deviations registry loads, is complete, names real operations, and its loader rejects broken files."""

from pathlib import Path

import pytest
import yaml

from jatos_mock.core.deviations.registry import KINDS, Deviation, RegistryError, deviations_for_operation
from jatos_mock.jatos.deviations import load_registry

REGISTRY_FILE = Path(__file__).resolve().parents[3] / "jatos_mock" / "jatos" / "deviations.yaml"
UPSTREAM_SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "jatos-api-3.10.yaml"
UPSTREAM_SPEC_3_9 = UPSTREAM_SPEC.with_name("jatos-api-3.9.yaml")

# routes JATOS adds that the published spec lacks (A41 / B7)
JATOS_ONLY_ROUTES = {
    "GET /jatos/api/v1/results",
    "GET /jatos/api/v1/results/metadata",
    "GET /jatos/api/v1/results/data",
    "GET /jatos/api/v1/results/files",
}
# routes JATOS 3.9.8 adds that its published spec lacks (J1, J2)
JATOS_3_9_ONLY_ROUTES = JATOS_ONLY_ROUTES | {"POST /jatos/api/v1/studies/{id}/assets/"}
HTTP_METHODS = {"get", "head", "post", "put", "patch", "delete", "options"}


@pytest.fixture(scope="module")
def registry() -> dict[str, Deviation]:
    return load_registry()


def test_registry_loads(registry):
    assert registry
    assert all(isinstance(d, Deviation) for d in registry.values())
    assert all(key == d.id for key, d in registry.items())


def test_default_registry_is_cached_and_copied(registry):
    again = load_registry()
    assert again == registry and again is not registry
    assert next(iter(again.values())) is next(iter(registry.values()))


def test_ids_unique_in_file():
    ids = [entry["id"] for entry in yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))]
    assert len(ids) == len(set(ids))


def test_both_discrepancy_tables_are_covered(registry):
    expected = {f"A{n}" for n in range(1, 42)} | {f"B{n}" for n in range(1, 34)}
    assert expected - registry.keys() == set()


def test_kinds_valid(registry):
    assert {d.kind for d in registry.values()} <= set(KINDS)


def test_fields_are_filled(registry):
    for d in registry.values():
        assert d.operations and d.versions, d.id
        assert all(isinstance(v, str) for v in d.versions), d.id
        assert d.title.strip() and d.spec.strip() and d.real.strip() and d.source.strip(), d.id
        assert "\n" not in d.title, d.id


def test_same_as_links(registry):
    assert registry["B6"].same_as == "A1"
    assert registry["B7"].same_as == "A41"
    for d in registry.values():
        if d.same_as:
            assert registry[d.same_as].same_as is None, f"{d.id}: same_as should point to the original entry"


def _documented(spec_path: Path) -> set[str]:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    return {f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item
            if method in HTTP_METHODS}


@pytest.mark.parametrize("line, spec_path, extra_routes", [
    ("3.10", UPSTREAM_SPEC, JATOS_ONLY_ROUTES),
    ("3.9", UPSTREAM_SPEC_3_9, JATOS_3_9_ONLY_ROUTES),
])
def test_operations_exist_in_published_spec(registry, line, spec_path, extra_routes):
    """An entry names operations of the published spec of its versions (3.10's or 3.9's), or routes JATOS adds."""
    if not spec_path.is_file():
        pytest.skip(f"upstream spec copy not present at {spec_path}")
    documented = _documented(spec_path)
    entries = [d for d in registry.values() if any(v == line or v.startswith(line + ".") for v in d.versions)]
    assert entries
    unknown = {
        (d.id, op)
        for d in entries
        for op in d.operations
        if op != "*" and op not in extra_routes and op not in documented
    }
    assert unknown == set()
    # and the routes JATOS adds really are missing from the spec
    assert extra_routes.isdisjoint(documented)


def test_for_operation_component_create(registry):
    found = {d.id for d in deviations_for_operation(registry, "POST", "/jatos/api/v1/studies/{id}/components")}
    assert {"A34", "A24", "A1", "A2"} <= found
    assert "B1" not in found


def test_for_operation_accepts_lower_case_method(registry):
    upper = deviations_for_operation(registry, "POST", "/jatos/api/v1/studies/{id}/components")
    assert deviations_for_operation(registry, "post", "/jatos/api/v1/studies/{id}/components") == upper


def test_for_operation_unrelated_gives_only_global_entries(registry):
    found = deviations_for_operation(registry, "GET", "/jatos/api/v1/admin/status")
    assert found
    assert all(d.operations == ("*",) for d in found)
    assert {d.id for d in found} == {d.id for d in registry.values() if "*" in d.operations}


def test_for_operation_undocumented_route(registry):
    found = {d.id for d in deviations_for_operation(registry, "GET", "/jatos/api/v1/results/metadata")}
    assert {"A41", "B7"} <= found


# --- broken registry files ---------------------------------------------------------------------------------------

GOOD = {
    "id": "X1",
    "title": "Something differs",
    "operations": ["GET /jatos/api/v1/users"],
    "kind": "status",
    "spec": "200",
    "jatos": "201",
    "versions": ["3.10"],
    "source": "Api.allUsers",
}


def write(tmp_path: Path, entries) -> Path:
    path = tmp_path / "deviations.yaml"
    path.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    return path


def test_custom_file_loads(tmp_path):
    path = write(tmp_path, [GOOD, {**GOOD, "id": "X2", "same_as": "X1", "notes": "same thing"}])
    registry = load_registry(path)
    assert list(registry) == ["X1", "X2"]
    assert registry["X1"].operations == ("GET /jatos/api/v1/users",)
    assert registry["X1"].versions == ("3.10",)
    assert registry["X2"].same_as == "X1"
    assert not registry["X1"].switchless


def test_an_entry_without_a_switch_says_why(tmp_path):
    registry = load_registry(write(tmp_path, [{**GOOD, "switch": "none", "why": "the mock follows JATOS anyway"}]))
    assert registry["X1"].switchless and registry["X1"].why == "the mock follows JATOS anyway"


@pytest.mark.parametrize(
    "entries, problem",
    [
        ([{k: v for k, v in GOOD.items() if k != "source"}], "entry 0 (X1): missing field 'source'"),
        ([{k: v for k, v in GOOD.items() if k != "id"}], "entry 0 (?): missing field 'id'"),
        ([GOOD, {**GOOD, "kind": "oddity", "id": "X2"}], "entry 1 (X2): unknown kind 'oddity'"),
        ([GOOD, GOOD], "entry 1 (X1): duplicate id"),
        ([{**GOOD, "same_as": "X9"}], "entry 0 (X1): same_as points to unknown id 'X9'"),
        ([{**GOOD, "operations": ["get /jatos/api/v1/users"]}], "entry 0 (X1): malformed operation"),
        ([{**GOOD, "operations": ["GET jatos/api/v1/users"]}], "entry 0 (X1): malformed operation"),
        ([{**GOOD, "operations": ["/jatos/api/v1/users"]}], "entry 0 (X1): malformed operation"),
        ([{**GOOD, "operations": ["FETCH /jatos/api/v1/users"]}], "entry 0 (X1): malformed operation"),
        ([{**GOOD, "operations": []}], "entry 0 (X1): field 'operations' must be a non-empty list"),
        ([{**GOOD, "versions": [3.1]}], "entry 0 (X1): field 'versions' must be a non-empty list of strings"),
        ([{**GOOD, "title": ""}], "entry 0 (X1): field 'title' must be a non-empty string"),
        ([{**GOOD, "same-as": "X1"}], "entry 0 (X1): unknown field(s) 'same-as'"),
        ([{**GOOD, "switch": "none"}], "entry 0 (X1): 'switch: none' and 'why' go together"),
        ([{**GOOD, "why": "documented anyway"}], "entry 0 (X1): 'switch: none' and 'why' go together"),
        ([{**GOOD, "switch": "off", "why": "x"}], "entry 0 (X1): field 'switch' must be 'none'"),
        (["just a string"], "entry 0 (?): expected a mapping"),
        ({"deviations": [GOOD]}, "expected a list of entries"),
    ],
)
def test_broken_registry_raises(tmp_path, entries, problem):
    path = write(tmp_path, entries)
    with pytest.raises(RegistryError) as excinfo:
        load_registry(path)
    assert str(excinfo.value).startswith(f"{path}: ")
    assert problem in str(excinfo.value)


def test_invalid_yaml_raises(tmp_path):
    path = tmp_path / "deviations.yaml"
    path.write_text("- id: X1\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid YAML") as excinfo:
        load_registry(path)
    assert str(path) in str(excinfo.value)


def test_missing_file_raises(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(RegistryError, match="cannot read") as excinfo:
        load_registry(path)
    assert str(path) in str(excinfo.value)
