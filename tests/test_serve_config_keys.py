"""`jatos-mock serve --api NAME --config KEY=VALUE`: a bad assignment is a usage error naming the API's keys, before
any server starts; a good one reaches the settings."""

import pytest
from click.testing import CliRunner

from jatos_mock.brainstem.serving import make_settings as brainstem_settings
from jatos_mock.cli import main
from jatos_mock.pybossa.serving import make_settings as pybossa_settings


@pytest.mark.parametrize("api, assignment, message", [
    ("pybossa", "LIMIT", "expected KEY=VALUE with one of PyBossa's settings LIMIT, PER, BRAND"),
    ("pybossa", "RATE=5", "expected KEY=VALUE with one of PyBossa's settings LIMIT, PER, BRAND"),
    ("pybossa", "LIMIT=ten", "LIMIT must be an integer"),
    ("pybossa", "PER=0", "PER must be at least 1"),
    ("brainstem", "colour=red", "expected KEY=VALUE with one of the keys device_auto_approve, device_interval"),
    ("brainstem", "device_interval=soon", "device_interval must be an integer"),
])
def test_a_bad_assignment_is_a_usage_error_naming_the_keys(api, assignment, message):
    result = CliRunner().invoke(main, ["serve", "--api", api, "--config", assignment])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_good_assignments_reach_the_settings():
    settings = pybossa_settings(config=[" LIMIT = 7", "BRAND=Lab"])
    assert (settings.rate_limit, settings.brand) == (7, "Lab")
    assert brainstem_settings(config=["device_interval=9"]).device_interval == 9
