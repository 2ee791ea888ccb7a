"""`jatos-mock check --api pybossa --url …` against the served mock passes; against a mock that breaks a PyBossa
rule it fails and says which."""

import pytest
from click.testing import CliRunner

from jatos_mock.cli import main
from jatos_mock.core.server import MockServer
from jatos_mock.pybossa.app import create_app
from jatos_mock.pybossa.conformance import checks
from jatos_mock.pybossa.settings import Settings
from tests.pybossa.conftest import ADMIN, OWNER

# the check sends two routing misses on purpose (strict slashes, <int:> ids): asserted below instead
pytestmark = pytest.mark.pybossa(strict=False)
MISSES = {"unmatched violation: GET /api/project/abc -> 404: the request matched no operation of the API",
          "unmatched violation: GET /api/project/ -> 404: the request matched no operation of the API"}


def _check(*args):
    return CliRunner().invoke(main, ["check", "--api", "pybossa", *args])


def test_check_passes_against_the_served_mock_and_cleans_up(pybossa):
    result = _check("--url", pybossa.url, "--api-key", OWNER, "--admin-api-key", ADMIN)
    assert result.exit_code == 0, result.output
    assert "4 passed, 0 failed" in result.output and "only an admin" not in result.output
    left = pybossa.control.export_state()["state"]["project"]
    assert sorted(int(i) for i in left) == [1, 2]  # the run's project is gone
    assert set(pybossa.problems()) == MISSES  # every other answer kept to the contract


def test_check_read_only_sends_no_write(pybossa):
    result = _check("--url", pybossa.url, "--api-key", OWNER, "--read-only")
    assert result.exit_code == 0, result.output
    assert {e["method"] for e in pybossa.journal()} == {"GET", "HEAD"}
    assert "skipped project life cycle" in result.output


def test_check_without_an_admin_key_reports_the_project_it_left(pybossa):
    result = _check("--url", pybossa.url, "--api-key", OWNER)
    assert result.exit_code == 0 and "only an admin can delete it" in result.output


def test_check_fails_on_a_server_that_breaks_the_rules():
    app = create_app(Settings(rate_limit=5))  # a server whose bucket runs dry mid-run: 429s where 200s belong
    server = MockServer(app, "127.0.0.1", 0).start()
    try:
        result = _check("--url", server.url, "--api-key", OWNER)
    finally:
        server.stop()
    assert result.exit_code == 1 and "failed" in result.output and "got 429" in result.output


def test_checks_spot_a_wrong_error_object_and_a_relative_reset():
    headers = {"x-ratelimit-limit": "300", "x-ratelimit-remaining": "3", "x-ratelimit-reset": "120",
               "content-type": "application/json"}
    found = checks.problems(404, headers, b'{"status": "failed", "action": "GET"}', now=1_800_000_000)
    assert any("not an absolute epoch" in p for p in found) and any("not PyBossa's" in p for p in found)
