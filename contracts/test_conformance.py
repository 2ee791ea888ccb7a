"""Every operation of the contract, checked by the conformance runner against the in-process mock.

`spec` fidelity: no failure at all. `jatos` fidelity: failures only where a registered deviation explains them.
An operation the mock does not route yet skips with a reason naming it (never a false pass).
"""

import pytest

from jatos_mock.core.contract.spec import iter_operations
from jatos_mock.jatos.conformance.runner import FAILED, KNOWN, MISSING, NOT_RUN, PASSED
from jatos_mock.jatos.contract import load_spec
from jatos_mock.jatos.deviations import load_registry

OPERATIONS = [(op["operationId"], f"{method} {path}") for method, path, op, _ in iter_operations(load_spec())]


def _explain(result) -> str:
    lines = [f"{result.label}: {result.status}"]
    lines += [f"  error: {e}" for e in result.errors]
    for f in result.failures:
        lines += [f"  [{f.check}] {f.title}: {f.message.strip()[:500]}", f"  reproduce: {f.curl}"]
    return "\n".join(lines)


def _result(run, operation_id):
    result = run.by_operation_id(operation_id)
    assert result is not None, f"{operation_id} was not part of the run"
    if result.status == MISSING:
        pytest.skip(f"{operation_id} ({result.label}) is not implemented by the mock yet: every answer was "
                    f"404 'Requested page ... couldn't be found'")
    assert result.status != NOT_RUN, f"{operation_id}: no test case reached the mock"
    return result


@pytest.mark.parametrize("operation_id", [o for o, _ in OPERATIONS], ids=[label for _, label in OPERATIONS])
def test_spec_fidelity_conforms(spec_run, operation_id):
    result = _result(spec_run, operation_id)
    assert result.status == PASSED, _explain(result)


@pytest.mark.parametrize("operation_id", [o for o, _ in OPERATIONS], ids=[label for _, label in OPERATIONS])
def test_jatos_fidelity_fails_only_by_registered_deviations(jatos_run, operation_id):
    result = _result(jatos_run, operation_id)
    assert result.status in (PASSED, KNOWN), _explain(result)
    registry = load_registry()
    for finding in result.known:
        assert set(finding.deviations) <= set(registry), finding.deviations


def test_runs_cover_every_operation_and_report_a_rate(spec_run, jatos_run):
    for run in (spec_run, jatos_run):
        assert {op for op, _ in OPERATIONS} == {r.operation_id for r in run.operations.values()}
        assert run.cases > len(OPERATIONS) and run.rate > 0
        assert not run.errors, run.errors
        assert not run.with_status(FAILED) or not run.ok
