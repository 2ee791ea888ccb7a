"""The engine's pass over brainstem-api.yaml (core/conformance/engine.py, schemathesis): generated requests for
every operation of the contract, each answer checked; a failure is known when the answer named the registered
deviations it applied (a jatos-mock's X-Jatos-Mock-Deviations header), as in the contract sweep."""

from __future__ import annotations

import threading

from jatos_mock.core.conformance import engine
from jatos_mock.core.conformance.attribution import HeaderAttribution
from jatos_mock.core.conformance.results import Finding, OperationResult

# The checks that hold for a DRF server. Left out: negative_data_rejection (DRF's fields coerce what the contract
# types strictly: "5" for an integer, "true" for a boolean, a number for a text; the real server answers 2xx),
# positive_data_acceptance (a body valid by the schema still names related records that must exist: 400),
# the stateful checks (the contract has no links).
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance", "ignored_auth")
PHASES = ("fuzzing",)  # the coverage phase's boundary cases for ~290 operations take minutes, not seconds
MAX_EXAMPLES = 3  # generated requests per operation
EXPLAINABLE = frozenset({"status_code_conformance", "response_schema_conformance"})  # never a crash or auth


def read_only(operation: engine.Operation) -> bool:
    """List and detail reads; the GET actions (accept, join, leave...) change state."""
    return operation.method.upper() == "GET" and "{action}" not in operation.path


def sent(operation: engine.Operation) -> bool:
    """No DELETE: generated ids may name the target's own records (users' and groups' ids are small integers);
    the workflows delete only what they created."""
    return operation.method.upper() != "DELETE"


def run(location: str, results: dict[str, OperationResult], *, token: str, url: str | None = None, app=None,
        only_reads: bool = False, max_examples: int = MAX_EXAMPLES, seed: int | None = 1,
        on_progress=None) -> list[str]:
    """Runs the pass, adding its answers and findings to `results` (by "METHOD /path"); the run's errors."""
    schema, operations = engine.load(location, app=app, base_url=url)
    selected = [op for op in operations if sent(op) and (read_only(op) or not only_reads)]
    for op in selected:
        results.setdefault(op.label, OperationResult(op.label, op.operation_id))
    schema = engine.configure(
        schema, include=[op.label for op in selected] if len(selected) != len(operations) else None, workers=1,
        seed=seed, max_examples=max_examples, phases=list(PHASES), parameters=None, stateful_steps=1,
        read_only=only_reads, checks=list(CHECKS), token_for=lambda op: token, auth_key=lambda op: "user")
    attribution, lock, errors = HeaderAttribution(), threading.Lock(), []

    def observe(label: str, status: int, body: bytes) -> None:
        with lock:
            result = results.get(label)
            if result is not None:
                result.cases += 1
                result.statuses[status] = result.statuses.get(status, 0) + 1

    with engine.session(engine.Hooks(observe=observe, answered=attribution.record)):
        for event in engine.execute(schema):
            if isinstance(event, engine.Scenario):
                for failure in event.failures:
                    _add(results, failure, event.phase, attribution)
                if on_progress and event.label:
                    on_progress(event.phase, event.label, event.status)
            elif isinstance(event, engine.Problem):
                target = results.get(event.label)
                if target is not None:
                    target.add_error(event.message)
                else:
                    errors.append(f"{event.label}: {event.message}")
            elif isinstance(event, engine.Fatal):
                errors.append(f"fatal: {event.message}")
    return errors


def _add(results: dict[str, OperationResult], failure: engine.CheckFailure, phase: str,
         attribution: HeaderAttribution) -> None:
    label = failure.operation.label
    result = results.setdefault(label, OperationResult(label, failure.operation.operation_id))
    applied = tuple(sorted(attribution.deviations(failure.case_id))) if failure.check in EXPLAINABLE else ()
    finding = Finding(label, failure.check, failure.title, failure.message, failure.code_sample, phase, applied,
                      failure.status)
    if finding.key() not in {f.key() for f in result.findings}:
        result.findings.append(finding)
