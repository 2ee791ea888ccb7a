"""What an installer relies on: the dependencies are the ones the code imports, `jatos-mock check` names its extra
when it is missing while the mock itself needs none of it, and schemathesis is reached through one module only."""

import re
import subprocess
import sys
import tomllib

from jatos_mock.core.conformance import engine
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
MODULE_OF = {"pyyaml": "yaml", "pyjwt": "jwt"}  # distributions whose import name is not their name
# run first in a child interpreter: the check extra's packages then fail to import, as when not installed
BLOCK_CHECK_EXTRA = ("import sys\n"
                     "for name in ('schemathesis', 'hypothesis', 'requests'):\n    sys.modules[name] = None\n")
ADMIN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()


def _module(requirement: str) -> str:
    name = _name(requirement)
    return MODULE_OF.get(name, name.replace("-", "_"))


def _imports(module: str, files) -> list[str]:
    pattern = re.compile(rf"^\s*(import|from) {module}\b", re.MULTILINE)
    return [str(f.relative_to(REPO)) for f in files if pattern.search(f.read_text(encoding="utf-8"))]


def _python(code: str):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_every_runtime_dependency_is_imported_by_the_package():
    package = list((REPO / "jatos_mock").rglob("*.py"))
    unused = [req for req in PROJECT["dependencies"] if not _imports(_module(req), package)]
    assert unused == []


def test_the_check_extra_pins_the_schemathesis_series_the_engine_drives():
    major, minor = engine.SUPPORTED
    check = PROJECT["optional-dependencies"]["check"]
    assert f"schemathesis>={major}.{minor},<{major}.{minor + 1}" in check
    assert {_name(req) for req in check} == set(engine.NEEDED)
    assert "jatos-mock[check]" in PROJECT["optional-dependencies"]["test"]


def test_outside_the_conformance_package_nothing_imports_the_check_extra():
    package = [f for f in (REPO / "jatos_mock").rglob("*.py") if "conformance" not in f.parts]
    assert [f for name in engine.NEEDED for f in _imports(name, package)] == []


def test_only_the_engine_module_imports_schemathesis_internals():
    files = [f for folder in ("jatos_mock", "tests", "contracts", "benchmarks") for f in (REPO / folder).rglob("*.py")]
    internals = [f for f in _imports(r"schemathesis\.", files) if f != "jatos_mock/core/conformance/engine.py"]
    assert internals == []
    in_package = _imports("schemathesis", list((REPO / "jatos_mock").rglob("*.py")))
    assert in_package == ["jatos_mock/core/conformance/engine.py"]


def test_check_without_its_extra_names_it_in_one_line_and_exits_2():
    result = _python(BLOCK_CHECK_EXTRA + "from jatos_mock.cli import main\n"
                     "main(['check', '--url', 'http://127.0.0.1:1', '--token', 'jap_x'])")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "pip install 'jatos-mock[check]'" in result.stderr
    bare = _python(BLOCK_CHECK_EXTRA + "from jatos_mock.cli import main\nmain(['check'])")
    assert bare.returncode == 2 and "jatos-mock[check]" in bare.stderr  # before the missing-option usage error


def test_the_mock_serves_without_the_check_extra():
    result = _python(BLOCK_CHECK_EXTRA + "from jatos_mock.jatos.app import create_app\n"
                     "from jatos_mock.jatos.settings import Settings\n"
                     "import jatos_mock.cli\n"
                     "client = create_app(Settings(seed=1)).test_client()\n"
                     f"headers = {{'Authorization': 'Bearer {ADMIN}'}}\n"
                     "answer = client.get('/jatos/api/v1/admin/token', headers=headers)\n"
                     "print(answer.status_code, answer.json['data']['username'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "admin"]


def test_a_schemathesis_outside_the_supported_series_is_named(monkeypatch):
    monkeypatch.setattr(engine.importlib.metadata, "version", lambda name: "4.99.0")
    try:
        engine.require()
    except engine.MissingExtra as exc:
        message = str(exc)
    else:
        message = ""
    assert "found 4.99.0" in message and "jatos-mock[check]" in message


def test_the_public_api_is_importable():
    import jatos_mock
    import jatos_mock.client
    import jatos_mock.core.client

    assert all(hasattr(jatos_mock, name) for name in jatos_mock.__all__)
    assert all(hasattr(jatos_mock.core.client, name) for name in jatos_mock.core.client.__all__)
    assert jatos_mock.ControlClient is jatos_mock.client.ControlClient
    # the JATOS client is the core's with JATOS's own calls on top
    assert issubclass(jatos_mock.ControlClient, jatos_mock.core.client.ControlClient)
    assert hasattr(jatos_mock.ControlClient, "add_results") and not hasattr(jatos_mock.core.client.ControlClient,
                                                                            "add_results")
