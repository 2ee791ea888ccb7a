"""The run loop: the engine's passes (existing ids first, then the generated run) with its built-in checks and our
JATOS checks, against a base URL or an in-process mock app, and the workflows; failures sorted into new and known.

The names a caller needs come from here: `run`, `Target`, `Options` and the statuses of the result model."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from jatos_mock.core.conformance import engine
from jatos_mock.core.conformance.attribution import HeaderAttribution
from jatos_mock.core.conformance.results import FAILED, KNOWN, MISSING, NOT_RUN, PASSED, OperationResult, RunResult
from jatos_mock.core.conformance.transport import is_route_miss, seam_for
from jatos_mock.jatos.conformance import checks as jatos_checks
from jatos_mock.jatos.conformance import credentials, dialects, explain, ids
from jatos_mock.jatos.conformance.attribution import Attribution
from jatos_mock.jatos.conformance.config import Options, Target, configured
from jatos_mock.jatos.conformance.jzip import conformance_archive
from jatos_mock.jatos.deviations import load_registry

__all__ = ["run", "Target", "Options", "RunResult", "OperationResult", "PASSED", "FAILED", "KNOWN", "MISSING",
           "NOT_RUN"]


class _Observer:
    """Counts test cases, statuses and route misses per operation (fed by a check that never fails)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.results: dict[str, OperationResult] | None = None

    def __call__(self, label: str, status: int, body: bytes) -> None:
        results = self.results
        if results is None:
            return
        with self.lock:
            result = results.get(label)
            if result is None:
                return
            result.cases += 1
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if is_route_miss(status, body):
                result.route_misses += 1


_observer = _Observer()
_own: list[credentials.OwnCredentials | None] = [None]  # the running run's own token and user ids


def run(target: Target, options: Options | None = None,
        on_progress: Callable[[str, str, str], None] | None = None) -> RunResult:
    """Runs the suite; `on_progress(phase, operation, status)` is called after each scenario."""
    options = options or Options()
    workflow_results = None
    jatos = _dialect(target, options)
    attribution = Attribution(target.app) if target.app is not None and "jatos_mock" in \
        getattr(target.app, "extensions", {}) else None
    # over HTTP: a jatos-mock names the deviations each answer applied; a real JATOS does not
    http_attribution = HeaderAttribution() if attribution is None and target.url else None
    hooks = engine.Hooks(observe=_observer, before_call=lambda case: credentials.guard(case, _own[0]),
                         rules=jatos_checks.ALL_RULES, archive=conformance_archive,  # configure picks the version's
                         answered=http_attribution.record if http_attribution is not None else None,
                         follow_redirects=False)  # 3.9's 303 to its sign-in page is the answer under test
    with engine.session(hooks):  # one engine run per process at a time, whichever API's
        schema, selected = configured(target, options, jatos) if sweeps(options, jatos) else (None, [])
        results = {op.label: OperationResult(op.label, op.operation_id) for op in selected}
        registry = _registry_of(jatos)
        _own[0] = None if options.read_only else credentials.find_own(_seams(target))  # before any write
        if options.workflows:  # before fuzzing, while the credentials are intact: it may revoke the token
            from jatos_mock.jatos.conformance import workflows
            workflow_results = workflows.run_all(seam_for(target), read_only=options.read_only, jatos=jatos)
        run_errors: list[str] = []
        seen: set[tuple] = set()

        def execute(schema, note: str = "") -> None:
            for event in engine.execute(schema):
                if isinstance(event, engine.Scenario):
                    explain.collect(event, results, seen, attribution or http_attribution, options.baseline,
                                    registry, separate_admin=bool(target.admin_token), note=note)
                    if on_progress and event.label:
                        on_progress(event.phase + note, event.label, event.status)
                elif isinstance(event, engine.Problem):
                    if event.label in results:
                        results[event.label].add_error(event.message)
                    elif f"{event.label}: {event.message}" not in run_errors:
                        run_errors.append(f"{event.label}: {event.message}")
                elif isinstance(event, engine.Fatal):
                    run_errors.append(f"fatal: {event.message}")

        _observer.results = results
        started = time.perf_counter()
        try:
            if schema is not None and options.existing_ids and not options.parameters:  # first, while the token
                for note, extra in ids.existing_id_passes(selected, target, options, jatos):  # is intact: the run
                    execute(extra, note=note)  # may revoke it
            if schema is not None:
                execute(schema)
        finally:
            _observer.results = None
            _own[0] = None
        elapsed = time.perf_counter() - started
    result = RunResult(target.describe(), results, elapsed, options.seed, run_errors)
    if workflow_results is not None:
        result.workflows = workflow_results
    return result


def sweeps(options: Options, jatos: dialects.Dialect) -> bool:
    """Whether the run checks the operations against the contract with generated requests: as asked, else by the
    version's default, unless the caller named a contract or operations."""
    if options.contract is not None:
        return options.contract
    return jatos.contract_sweep or options.spec is not None or bool(options.operations)


def _registry_of(jatos: dialects.Dialect) -> dict:
    """The registered deviations established for the target's version line (3.9's for 3.9.6-3.9.8)."""
    line = jatos.contract_line
    return {key: deviation for key, deviation in load_registry().items()
            if any(v == line or v.startswith(line + ".") for v in deviation.versions)}


def _dialect(target: Target, options: Options) -> dialects.Dialect:
    """The target's version: as asked, else an in-process mock's default (asking it would be a request before the
    attribution hooks in), else by the apiVersion the server answers."""
    if options.version:
        return dialects.for_version(options.version)
    if target.app is not None and "jatos_mock" in getattr(target.app, "extensions", {}):
        return dialects.for_version(target.app.extensions["jatos_mock"].version.name)
    return dialects.detect(seam_for(target))


def _seams(target: Target) -> list:
    seams = [seam_for(target)]
    if target.admin_token:
        seams.append(seam_for(replace(target, token=target.admin_token)))
    return seams
