"""jatos_mock/domain has no import cycle: every module's imports of other domain modules (also those inside
functions, which only hide a cycle) form a graph without loops."""

import ast
from pathlib import Path

import jatos_mock.jatos.domain

DOMAIN = Path(jatos_mock.jatos.domain.__file__).parent
PACKAGE = "jatos_mock.jatos.domain"


def domain_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == PACKAGE:  # from jatos_mock.jatos.domain import batches, errors
                names = [f"{PACKAGE}.{a.name}" for a in node.names]
            else:
                names = [node.module]
        else:
            continue
        found.update(n[len(PACKAGE) + 1:].split(".")[0] for n in names if n.startswith(PACKAGE + "."))
    return found - {path.stem}


def import_graph(directory: Path) -> dict[str, set[str]]:
    return {p.stem: domain_imports(p) for p in sorted(directory.glob("*.py")) if p.stem != "__init__"}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None."""
    done, path = set(), []

    def visit(module):
        if module in path:
            return path[path.index(module):] + [module]
        if module in done or module not in graph:
            return None
        path.append(module)
        for target in sorted(graph[module]):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in graph:
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def test_the_domain_has_no_import_cycle():
    cycle = find_cycle(import_graph(DOMAIN))
    assert cycle is None, "import cycle in jatos_mock/domain: " + " -> ".join(cycle)


def test_the_check_sees_late_imports_and_package_imports(tmp_path):
    (tmp_path / "a.py").write_text("from jatos_mock.jatos.domain import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from jatos_mock.jatos.domain.a import x\n")
    (tmp_path / "c.py").write_text("import jatos_mock.jatos.domain.a\n")
    graph = import_graph(tmp_path)
    assert graph == {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert find_cycle(graph) == ["a", "b", "a"]
