"""CI's conformance run: the package's runner against the mock in-process (WSGI), once per fidelity and session.

CONFORMANCE_MAX_EXAMPLES (default 5) and CONFORMANCE_SEED (default 1) tune the run.
"""

import os

import pytest

from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.conformance import report
from jatos_mock.jatos.conformance.runner import Options, Target, run
from jatos_mock.jatos.settings import Settings

MAX_EXAMPLES = int(os.environ.get("CONFORMANCE_MAX_EXAMPLES", "5"))
SEED = int(os.environ.get("CONFORMANCE_SEED", "1"))

_runs = {}


def conformance_run(fidelity: str):
    """One full run (all phases, all checks) per fidelity, shared by the session's tests."""
    if fidelity not in _runs:
        app = create_app(Settings(seed=SEED, fidelity=fidelity))
        admin = next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if "ADMIN" in t["roles"])
        result = run(Target(token=admin, app=app), Options(max_examples=MAX_EXAMPLES, seed=SEED, workers=1))
        print(f"\n[{fidelity} fidelity] {result.cases} test cases in {result.elapsed:.1f} s "
              f"({result.rate:.0f} test cases/s)")
        _runs[fidelity] = result
    return _runs[fidelity]


@pytest.fixture(scope="session")
def spec_run():
    return conformance_run("spec")


@pytest.fixture(scope="session")
def jatos_run():
    return conformance_run("jatos")


def pytest_terminal_summary(terminalreporter):
    for fidelity, result in _runs.items():
        terminalreporter.write_line(f"--- conformance, {fidelity} fidelity ---")
        for line in report.summary(result).splitlines()[-3:]:
            terminalreporter.write_line(line)
