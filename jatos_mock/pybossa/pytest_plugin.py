"""The pytest plugin (pytest11 entry point `jatos_mock_pybossa`): a mock PyBossa on a free port and the `pybossa`
fixture.

    def test_projects(pybossa):
        r = requests.get(f"{pybossa.api_url}/project", params={"api_key": pybossa.api_key("owner")})
        assert r.status_code == 200

One server per test process, started the first time a test asks for `pybossa`; state, clock, rate-limit counters
and faults are reset to the fixtures before every test. Strict by default, as the `jatos` fixture is.

Options: --pybossa-fixtures DIR, --pybossa-fidelity pybossa|spec, --pybossa-seed N, --pybossa-no-strict, and
--pybossa-url URL with --pybossa-key USER=KEY (repeatable) to run the same tests against a real PyBossa.
Marker: @pytest.mark.pybossa(fidelity="spec", strict=False, faults=["error:503@api_task.get"]).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jatos_mock.core.pytest_support import handle_for_test, marker_options, session_server
from jatos_mock.pybossa.testing import PybossaMock, PybossaServer

pytest_plugins = ["jatos_mock.core.pytest_support"]  # the strict check, registered once however many APIs load it

MARKER = "pybossa"
# no seed by default: a seed freezes the mock's clock (at 2024-01-01), and then X-RateLimit-Reset lies in the past,
# where pbs's throttling would sleep a negative time; the fixture's API keys are fixed in its YAML anyway
DEFAULT_SEED = None
FIDELITIES = ("pybossa", "spec")


def pytest_addoption(parser):
    group = parser.getgroup("pybossa", "jatos-mock (the `pybossa` fixture)")
    group.addoption("--pybossa-fixtures", metavar="DIR", default=None,
                    help="fixture directory for the PyBossa mock instead of the built-in one")
    group.addoption("--pybossa-fidelity", choices=FIDELITIES, default="pybossa",
                    help="behave like real PyBossa 4.0.3 (default) or as its documentation says")
    group.addoption("--pybossa-seed", type=int, default=DEFAULT_SEED, metavar="N",
                    help="seed of secret keys and UUIDs; freezes the clock at 2024-01-01 (default: none, real time)")
    group.addoption("--pybossa-no-strict", action="store_true", default=False,
                    help="do not fail tests on contract violations or unmatched requests")
    group.addoption("--pybossa-url", metavar="URL", default=None, help="run against this real PyBossa")
    group.addoption("--pybossa-key", metavar="USER=KEY", action="append", default=None,
                    help="API key of a user of --pybossa-url (repeatable)")


def pytest_configure(config):
    _keys(config)
    config.addinivalue_line(
        "markers", "pybossa(fidelity=None, strict=True, faults=None): settings of the `pybossa` fixture for one test")


def _keys(config) -> dict[str, str]:
    keys = {}
    for value in config.getoption("pybossa_key") or []:
        user, sep, key = value.partition("=")
        if not sep or not user or not key:
            raise pytest.UsageError(f"--pybossa-key {value!r}: expected USER=KEY")
        keys[user] = key
    return keys


def _server(config) -> PybossaServer:
    from jatos_mock.pybossa.settings import Settings

    fixtures = config.getoption("pybossa_fixtures")
    settings = Settings(host="127.0.0.1", port=0, fixtures_dir=Path(fixtures) if fixtures else None,
                        seed=config.getoption("pybossa_seed"), fidelity=config.getoption("pybossa_fidelity"),
                        threads=4)
    return PybossaServer(settings, remote_url=config.getoption("pybossa_url"), remote_keys=_keys(config))


@pytest.fixture(scope="session")
def pybossa_server(request) -> PybossaServer:
    """The session's PyBossa mock (started on first use), or the real PyBossa given with --pybossa-url."""
    yield from session_server(_server(request.config), "pybossa")


@pytest.fixture
def pybossa(request, pybossa_server: PybossaServer) -> PybossaMock:
    """The mock PyBossa for one test, reset to the fixtures; see jatos_mock.pybossa.testing.PybossaMock."""
    options = marker_options(request, MARKER)
    strict = bool(options.get("strict", not request.config.getoption("pybossa_no_strict")))
    yield from handle_for_test(pybossa_server, PybossaMock, options, strict, MARKER, FIDELITIES)
