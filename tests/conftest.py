"""Shared fixtures for in-process tests: a fresh mock app per test, its test client and fixture tokens."""

from pathlib import Path

import pytest
from rollback_check import CheckedStore

import jatos_mock.jatos.app
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

# pytester drives the plugin tests in tests/jatos/plugin (it may only be enabled in the top-level conftest)
pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class Api:
    """A test client bound to one app, with JATOS auth headers by fixture username."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.runtime = app.extensions["jatos_mock"]
        self.tokens = {t["username"]: t["token"] for t in self.runtime.fixture_tokens}

    def headers(self, username: str | None = "admin", **extra) -> dict:
        headers = {"Authorization": f"Bearer {self.tokens[username]}"} if username else {}
        headers.update(extra)
        return headers

    def call(self, method: str, path: str, user: str | None = "admin", headers: dict | None = None, **kwargs):
        url = path if path.startswith("/") else f"/jatos/api/v1/{path}"
        return self.client.open(url, method=method, headers={**self.headers(user), **(headers or {})}, **kwargs)

    def violations(self, unregistered_only: bool = True):
        return self.runtime.ledger.entries(unregistered_only=unregistered_only)


@pytest.fixture(scope="session", autouse=True)
def checked_rollbacks():
    """Every app the tests build undoes and redoes each write it makes, to prove rollbacks complete."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jatos_mock.jatos.app, "Store", CheckedStore)
        yield


@pytest.fixture
def make_api(tmp_path):
    def make(**settings) -> Api:
        return Api(create_app(Settings(**settings)))
    return make


@pytest.fixture
def api(make_api) -> Api:
    """The mock in `jatos` fidelity with the built-in fixtures and a seed (frozen clock)."""
    return make_api(seed=1)


@pytest.fixture
def spec_api(make_api) -> Api:
    """The mock in `spec` fidelity."""
    return make_api(seed=1, fidelity="spec")


@pytest.fixture(params=["jatos", "spec"])
def any_api(request, make_api) -> Api:
    """The mock in each fidelity, one test run per fidelity."""
    return make_api(seed=1, fidelity=request.param)


@pytest.fixture
def potato_archive() -> Path:
    path = SHARED / "data" / "potato_compass.jzip"
    if not path.exists():
        pytest.skip(f"real JATOS archive not available at {path}")
    return path
