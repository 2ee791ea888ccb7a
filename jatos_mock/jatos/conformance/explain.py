"""Failure explanation: each failed check becomes a `Finding` with a pasteable curl command, and is explained by the
registered deviations that account for it (none: a new failure)."""

from __future__ import annotations

from jatos_mock.core.conformance import engine
from jatos_mock.core.conformance.attribution import HeaderAttribution
from jatos_mock.core.conformance.results import Finding, OperationResult
from jatos_mock.core.conformance.selection import admin_only
from jatos_mock.core.deviations.registry import deviations_for_operation
from jatos_mock.jatos.conformance.baseline import from_registry
from jatos_mock.jatos.conformance.checks import is_state_conflict
from jatos_mock.jatos.conformance.preflight import describe_body

# the engine masks the token in its curl samples; the report asks the shell for it instead
TOKEN_VAR, ADMIN_TOKEN_VAR = "$JATOS_TOKEN", "$JATOS_ADMIN_TOKEN"


def pasteable_curl(curl: str, variable: str = TOKEN_VAR) -> str:
    """A curl sample that can be pasted: the masked token becomes a shell variable (double quotes expand it)."""
    return curl.replace(engine.FILTERED_AUTH, f'"Authorization: Bearer {variable}"')


def collect(scenario: engine.Scenario, results: dict[str, OperationResult], seen: set, attribution, baseline,
            registry, separate_admin: bool = False, note: str = "") -> None:
    """Adds the scenario's failures to their operations' results, each once, explained."""
    for failure in scenario.failures:
        operation = failure.operation
        result = results.get(operation.label)
        if result is None:
            continue
        status = failure.status
        if failure.check == "positive_data_acceptance" and status is not None and \
                is_state_conflict(status, failure.body):
            continue
        finding = Finding(operation=operation.label, check=failure.check, title=failure.title,
                          message=failure.message,
                          curl=pasteable_curl(failure.code_sample, ADMIN_TOKEN_VAR
                                              if separate_admin and admin_only(operation) else TOKEN_VAR),
                          phase=scenario.phase + note, status=status,
                          answer=f"{status}{describe_body(failure.body)}" if status is not None else "")
        finding.deviations = explain(finding, failure.case_id, operation, attribution, baseline, registry)
        if finding.key() in seen:
            continue
        seen.add(finding.key())
        result.findings.append(finding)


def explain(finding: Finding, case_id: str, operation: engine.Operation, attribution, baseline,
            registry) -> tuple[str, ...]:
    """The registered deviations that explain a failure (empty: a new failure)."""
    if baseline is not None:
        return tuple(baseline.match(finding.operation, finding.check, finding.status))
    if isinstance(attribution, HeaderAttribution):
        if attribution.covers(case_id):  # a jatos-mock over HTTP: only the deviations its answers applied
            allowed = {d.id for d in deviations_for_operation(registry, operation.method, operation.path)}
            return tuple(sorted(attribution.deviations(case_id) & allowed))
    elif attribution is not None:
        if attribution.unregistered_violations(case_id):
            return ()  # the mock broke the contract on its own: its bug, whatever else it applied
        allowed = {d.id for d in deviations_for_operation(registry, operation.method, operation.path)}
        return tuple(sorted(attribution.deviations(case_id) & allowed))
    return tuple(from_registry([finding.operation], registry).match(finding.operation, finding.check,
                                                                    finding.status))
