"""The running API version owns its routes (under its URL prefix), its views and its envelope; handlers stay
version-neutral: they return data and reach views through the call, so a second version can reuse them."""

import ast
from pathlib import Path

import jatos_mock
from jatos_mock.core.http.reply import Reply, ok
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.v3_10 import VERSION

HANDLERS = Path(jatos_mock.__file__).parent / "jatos" / "http" / "api"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_handlers_import_no_version_module():
    leaks = {path.name: sorted(m for m in _imported_modules(path) if m.startswith("jatos_mock.jatos.v3_10")
                               or m in ("jatos_mock.jatos.http.views", "jatos_mock.jatos.http.envelope"))
             for path in HANDLERS.glob("*.py")}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_every_api_route_lives_under_the_versions_prefixes():
    app = create_app(Settings(seed=0))
    own = ("/__mock__", "/docs", "/openapi.yaml", "/static")
    gui = "jatos_gui."  # JATOS's non-API routes scripts use (/ping, /jatos, sign-in): http/gui.py, no operations
    rules = [r.rule for r in app.url_map.iter_rules() if not r.rule.startswith(own) and not r.endpoint.startswith(gui)]
    assert rules, "the version registered no routes"
    assert [r for r in rules if not r.startswith((VERSION.prefix + "/", "/publix/api/v1/"))] == []
    assert any(r == f"{VERSION.prefix}/admin/token" for r in rules)


def test_a_reply_is_rendered_in_the_running_versions_envelope():
    app = create_app(Settings(seed=0))
    with app.test_request_context():
        response = VERSION.render(ok({"id": 1}, message="done", status=201))
        assert response.status_code == 201
        assert list(response.json_document) == ["apiVersion", "message", "data"]
        assert response.json_document["apiVersion"] == VERSION.api_version == "1.1.0"
        assert VERSION.render(Reply(message="only")).json_document == {"apiVersion": "1.1.0", "message": "only"}

