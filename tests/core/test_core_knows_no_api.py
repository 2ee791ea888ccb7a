"""jatos_mock/core knows no API: no module of it imports an API package (JATOS's, or a later PyBossa or BrainSTEM
kit), at the top or inside a function."""

import ast
from pathlib import Path

import jatos_mock.core

CORE = Path(jatos_mock.core.__file__).parent
API_PACKAGES = ("jatos_mock.jatos", "jatos_mock.pybossa", "jatos_mock.brainstem")


def api_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found += [n for n in names if n == "jatos_mock" and isinstance(node, ast.ImportFrom)
                  and any(f"jatos_mock.{a.name}".startswith(API_PACKAGES) for a in node.names)]
        found += [n for n in names if n.startswith(API_PACKAGES)]
    return sorted(set(found))


def test_no_core_module_imports_an_api_package():
    leaks = {str(p.relative_to(CORE)): api_imports(p) for p in sorted(CORE.rglob("*.py"))}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_the_check_sees_an_api_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from jatos_mock.jatos import models\n    from jatos_mock import jatos\n")
    assert api_imports(probe) == ["jatos_mock", "jatos_mock.jatos", "jatos_mock.jatos.models"]
