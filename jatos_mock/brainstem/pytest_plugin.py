"""The pytest plugin (pytest11 entry point `jatos_mock_brainstem`): a mock BrainSTEM on a free port and the
`brainstem` fixture.

    def test_projects(brainstem):
        client = BrainstemClient(token=brainstem.token("alice"), url=brainstem.url)
        assert client.load("project").json()["projects"]

One server per test process, reset to the fixtures before every test; strict by default (a test fails when the
mock answered a request or gave a response that breaks the contract, beyond the registered deviations).
Options: --brainstem-fixtures DIR, --brainstem-fidelity, --brainstem-seed N, --brainstem-no-strict,
--brainstem-url URL (the same tests against a real server: mock-only helpers skip).
Marker: @pytest.mark.brainstem(fidelity="spec", strict=False, faults=["error:503@listProject"]).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jatos_mock.brainstem.settings import FIDELITIES
from jatos_mock.brainstem.testing import BrainstemMock, BrainstemServer

pytest_plugins = ["jatos_mock.core.pytest_support"]  # the strict check, registered once however many APIs load it
MARKER = "brainstem"
DEFAULT_SEED = 0


def pytest_addoption(parser):
    group = parser.getgroup("brainstem", "jatos-mock (the `brainstem` fixture)")
    group.addoption("--brainstem-fixtures", metavar="DIR", default=None)
    group.addoption("--brainstem-fidelity", choices=FIDELITIES, default=FIDELITIES[0])
    group.addoption("--brainstem-seed", type=int, default=DEFAULT_SEED, metavar="N")
    group.addoption("--brainstem-no-strict", action="store_true", default=False)
    group.addoption("--brainstem-url", metavar="URL", default=None)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "brainstem(fidelity=None, strict=True, faults=None): settings of the `brainstem` fixture for "
                   "one test")


@pytest.fixture(scope="session")
def brainstem_server(request) -> BrainstemServer:
    from jatos_mock.brainstem.settings import Settings
    from jatos_mock.core.pytest_support import session_server  # imported by pytest first (pytest_plugins)

    config = request.config
    fixtures = config.getoption("brainstem_fixtures")
    # device_interval 0: the official client sleeps `interval` seconds before each poll
    settings = Settings(port=0, fixtures_dir=Path(fixtures) if fixtures else None,
                        seed=config.getoption("brainstem_seed"), fidelity=config.getoption("brainstem_fidelity"),
                        threads=4, device_interval=0)
    yield from session_server(BrainstemServer(settings, remote_url=config.getoption("brainstem_url")), "brainstem")


@pytest.fixture
def brainstem(request, brainstem_server: BrainstemServer) -> BrainstemMock:
    """The mock BrainSTEM for one test, reset to the fixtures; see jatos_mock.brainstem.testing.BrainstemMock."""
    from jatos_mock.core.pytest_support import handle_for_test, marker_options

    options = marker_options(request, MARKER)
    strict = bool(options.get("strict", not request.config.getoption("brainstem_no_strict")))
    yield from handle_for_test(brainstem_server, BrainstemMock, options, strict, MARKER, FIDELITIES)
