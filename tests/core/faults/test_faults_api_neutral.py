"""jatos_mock/core/faults/ knows no API: it imports nothing of the mock outside itself (JATOS's envelope, domain,
contract and deviations come in through an ApiFaultProfile), so it can move into the core unchanged."""

import ast
from pathlib import Path

import jatos_mock.core.faults

PACKAGE = Path(jatos_mock.core.faults.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports, so this test sees them"
            names.add(node.module)
    return names


def test_the_faults_package_imports_nothing_of_the_mock_but_itself():
    modules = sorted(PACKAGE.glob("*.py"))
    assert {p.name for p in modules} >= {"spec.py", "model.py", "injector.py", "transport.py", "ratelimit.py"}
    outside = {f"{path.name}: {name}" for path in modules for name in imported_modules(path)
               if name.split(".")[0] == "jatos_mock" and not name.startswith("jatos_mock.core.faults")}
    assert outside == set()


def test_the_faults_package_names_no_jatos_path_code_or_operation():
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8").replace("jatos_mock", "").replace("jatos-mock", "").lower()
        for jatos_word in ("jatos", "stud", "apiversion", "api/v1", "unexpected_error", "not_found"):
            assert jatos_word not in text, f"{path.name} mentions {jatos_word!r}"
