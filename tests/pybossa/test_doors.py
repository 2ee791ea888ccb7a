"""The PyBossa mock's doors: `jatos-mock serve --api pybossa` and `pybossa-mock`, the state file, and the `spec`
fidelity of the deviations registry."""

import re
import signal
import subprocess
import sys

import pytest
import requests

from jatos_mock.core.http.control import reset_runtime
from jatos_mock.core.http.runtime import EXTENSION
from jatos_mock.pybossa.app import create_app
from jatos_mock.pybossa.deviations import load_registry
from jatos_mock.pybossa.settings import Settings
from tests.pybossa.conftest import OWNER
from tests.served import read_until as _read_until


def _stop(process) -> str:
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=30)
    return out


def test_serve_api_pybossa_answers_and_saves_its_state(tmp_path):
    state = tmp_path / "pybossa-state.json"
    process = subprocess.Popen([sys.executable, "-m", "jatos_mock", "serve", "--api", "pybossa", "--port", "0",
                                "--state", str(state)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        banner = _read_until(process, "Press Ctrl-C")
        url = re.search(r"at (http://127\.0\.0\.1:\d+)", banner).group(1)
        assert re.search(rf"owner\s+USER\s+{OWNER}", banner)
        created = requests.post(f"{url}/api/project", params={"api_key": OWNER},
                                json={"name": "Kept", "short_name": "kept", "description": "d"}, timeout=10)
        assert created.status_code == 200
        assert requests.get(f"{url}/openapi.yaml", timeout=10).text.startswith("# PyBossa")
    finally:
        out = _stop(process)
    assert "State saved" in out and '"api": "pybossa"' in state.read_text()
    process = subprocess.Popen([sys.executable, "-m", "jatos_mock", "serve", "--api", "pybossa", "--port", "0",
                                "--state", str(state)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = re.search(r"at (http://127\.0\.0\.1:\d+)", _read_until(process, "Press Ctrl-C")).group(1)
        kept = requests.get(f"{url}/api/project", params={"api_key": OWNER, "short_name": "kept"}, timeout=10)
        assert [p["name"] for p in kept.json()] == ["Kept"]
    finally:
        _stop(process)


def test_serve_takes_pybossas_settings_by_name():
    from jatos_mock.pybossa.serving import make_settings

    settings = make_settings(config=["LIMIT=10", "PER=60", "BRAND=Crowd"], port=0)
    assert (settings.rate_limit, settings.rate_window_s, settings.brand) == (10, 60, "Crowd")
    for bad in ("LIMIT=ten", "NOPE=1", "PER=0"):
        with pytest.raises(ValueError):
            make_settings(config=[bad])
    app = create_app(settings)
    reset_runtime(app.extensions[EXTENSION])
    answer = app.test_client().get("/api/")
    assert answer.get_data() == b"The Crowd API" and answer.headers["X-RateLimit-Limit"] == "10"


def test_pybossa_mock_command_refuses_another_api():
    done = subprocess.run([sys.executable, "-c", "import sys; sys.argv[0] = 'pybossa-mock'; "
                           "from jatos_mock.pybossa.cli import main; main()", "--api", "jatos"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "--api is fixed to pybossa" in done.stderr


def test_spec_fidelity_follows_the_docs():
    app = create_app(Settings(fidelity="spec", rate_limit=3))
    reset_runtime(app.extensions[EXTENSION])
    client = app.test_client()
    project = client.get("/api/project/1").get_json()
    assert "links" not in project  # P2: the docs say projects have no links
    assert [client.get("/api/category").status_code for _ in range(4)] == [200, 200, 200, 429]  # P4: all 3 pass
    real = create_app(Settings(rate_limit=3)).test_client()
    assert "links" in real.get("/api/project/1").get_json()
    assert [real.get("/api/category").status_code for _ in range(3)] == [200, 200, 429]
    assert real.get("/api/category").headers["X-Jatos-Mock-Deviations"] == "P4"


def test_registry_entries_are_complete_and_switches_exist():
    registry = load_registry()
    assert {f"P{n}" for n in range(1, 12)} <= set(registry)
    import pathlib
    code = "\n".join(p.read_text() for p in pathlib.Path("jatos_mock/pybossa").rglob("*.py"))
    for entry in registry.values():
        switched = f'deviates("{entry.id}")' in code
        assert switched != entry.switchless, entry.id  # switched in the code exactly when not `switch: none`


def test_the_docs_page_and_the_contract_are_served(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert client.get("/openapi.yaml").get_data().startswith(b"# PyBossa 4.0.3")


def test_every_api_route_is_an_operation_of_the_contract_and_back(app):
    from jatos_mock.core.contract.spec import iter_operations
    from jatos_mock.core.http.pipeline import path_template
    from jatos_mock.pybossa.contract import load_spec

    routed = {(method, path_template(rule.rule)) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api") for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(method, path) for method, path, _, _ in iter_operations(load_spec())}
    assert routed == described
    ids = {view.operation_id for view in app.view_functions.values() if hasattr(view, "operation_id")}
    assert ids == {op["operationId"] for _, _, op, _ in iter_operations(load_spec())}
