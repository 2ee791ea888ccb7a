"""Runs the conformance suite: schemathesis's engine (examples, coverage, fuzzing, stateful) with its built-in checks
and our JATOS checks, against a base URL or an in-process mock app; sorts failures into new and known."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jatos_mock.conformance import checks as jatos_checks
from jatos_mock.conformance import compat, credentials
from jatos_mock.conformance.attribution import Attribution, HeaderAttribution, install_http
from jatos_mock.conformance.baseline import Baseline
from jatos_mock.conformance.preflight import describe_body
from jatos_mock.conformance.selection import is_read_only
from jatos_mock.contract.deviations import deviations_for_operation, load_registry

BUILTIN_CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
                  "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
                  "positive_data_acceptance", "ignored_auth", "use_after_free", "ensure_resource_availability")
PHASES = ("examples", "coverage", "fuzzing", "stateful")
EXISTING_ID_EXAMPLES = 5  # per operation in the existing-ids pass
ROUTE_MISS = b"Requested page"  # JATOS's 404 for a route it does not have

# schemathesis masks the token in its curl samples; the report asks the shell for it instead
FILTERED_AUTH = "'Authorization: [Filtered]'"
TOKEN_VAR, ADMIN_TOKEN_VAR = "$JATOS_TOKEN", "$JATOS_ADMIN_TOKEN"

PASSED, FAILED, KNOWN, MISSING, NOT_RUN = "passed", "failed", "known deviation", "missing", "not run"


@dataclass
class Target:
    """What to check: a base URL, or a mock app in this process (then attribution through its ledger is exact)."""

    token: str
    url: str | None = None
    app: object | None = None
    admin_token: str | None = None

    def describe(self) -> str:
        return self.url or "in-process mock"


@dataclass
class Options:
    spec: str | Path | None = None  # path or URL; None: our jatos-api.yaml
    read_only: bool = False
    baseline: Baseline | None = None  # None: in-process exact attribution, else derived from the registry
    max_examples: int = 10
    seed: int | None = 1
    workers: int = 1
    phases: tuple[str, ...] = PHASES
    checks: tuple[str, ...] | None = None  # None: all built-in + JATOS checks
    stateful_steps: int = 10
    operations: tuple[str, ...] | None = None  # operationIds to limit the run to
    parameters: dict | None = None  # fixed parameter values, e.g. {"path.id": 1} (schemathesis `parameters`)
    workflows: bool = False  # also run the example-based workflows (workflows.py) after the engine's run
    existing_ids: bool = True  # first a short pass with ids that exist on the target, read-only (discovery.py)
    own_study: bool = False  # then one with the run's own imported study, writes included (not when read-only)


@dataclass
class Finding:
    operation: str
    check: str
    title: str
    message: str
    curl: str
    phase: str
    deviations: tuple[str, ...] = ()
    status: int | None = None  # the answer's status code
    answer: str = ""  # the answer in one line: status and JATOS error code and message

    @property
    def known(self) -> bool:
        return bool(self.deviations)

    def key(self) -> tuple:
        return (self.operation, self.check, self.title, self.message.split("\n")[0][:200])


@dataclass
class OperationResult:
    label: str
    operation_id: str | None = None
    cases: int = 0
    route_misses: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # each distinct error once...
    error_counts: dict[str, int] = field(default_factory=dict)  # ...and how often it happened

    def add_error(self, message: str) -> None:
        if message not in self.error_counts:
            self.errors.append(message)
        self.error_counts[message] = self.error_counts.get(message, 0) + 1

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.known]

    @property
    def known(self) -> list[Finding]:
        return [f for f in self.findings if f.known]

    @property
    def missing(self) -> bool:
        """Every answer was JATOS's 404 for an unknown route: the server lacks this operation."""
        return self.cases > 0 and self.route_misses == self.cases

    @property
    def status(self) -> str:
        if self.missing:
            return MISSING
        if self.failures or self.errors:
            return FAILED
        if self.known:
            return KNOWN
        return PASSED if self.cases else NOT_RUN


@dataclass
class RunResult:
    target: str
    operations: dict[str, OperationResult]
    elapsed: float
    seed: int | None
    errors: list[str] = field(default_factory=list)  # run-level problems
    workflows: list = field(default_factory=list)  # workflows.WorkflowResult, in order (skipped when read-only)

    @property
    def cases(self) -> int:
        return sum(r.cases for r in self.operations.values())

    @property
    def rate(self) -> float:
        return self.cases / self.elapsed if self.elapsed else 0.0

    def with_status(self, *statuses: str) -> list[OperationResult]:
        return [r for r in self.operations.values() if r.status in statuses]

    @property
    def ok(self) -> bool:
        """Nothing failed but known, registered deviations (and no workflow failed)."""
        return not self.errors and not self.with_status(FAILED, MISSING) and \
            not any(w.failed for w in self.workflows)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def by_operation_id(self, operation_id: str) -> OperationResult | None:
        return next((r for r in self.operations.values() if r.operation_id == operation_id), None)


class _Observer:
    """Counts test cases, statuses and route misses per operation (a schemathesis check that never fails)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.results: dict[str, OperationResult] | None = None

    def __call__(self, ctx, response, case):
        results = self.results
        if results is None:
            return None
        label = case.operation.label
        with self.lock:
            result = results.get(label)
            if result is None:
                return None
            result.cases += 1
            result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
            if response.status_code == 404 and ROUTE_MISS in (response.content or b"")[:300]:
                result.route_misses += 1
        return None


_observer = _Observer()
_own: list[credentials.OwnCredentials | None] = [None]  # the running run's own token and user ids
_run_lock = threading.Lock()  # one engine run per process at a time: checks are registered globally
_setup_done = False


def _setup() -> None:
    global _setup_done
    if _setup_done:
        return
    import schemathesis

    compat.apply()
    # JATOS imports studies as application/zip bodies; let schemathesis send bytes for them
    schemathesis.serializer.alias("application/zip", "application/octet-stream")
    # ...and real study archives as those bytes: its stock sample files (a PNG, a PDF) are rightly refused
    for media_type in ("application/zip", "application/octet-stream"):
        schemathesis.openapi.media_type(media_type, _study_archives())

    def jatos_observe(ctx, response, case):
        return _observer(ctx, response, case)

    schemathesis.check(jatos_observe)
    schemathesis.hook("before_call")(lambda ctx, case, kwargs: credentials.guard(case, _own[0]))
    jatos_checks.register()
    _setup_done = True


def _study_archives():
    """Small valid .jzip archives, each with a new study UUID (so imports create studies)."""
    from hypothesis import strategies as st

    from jatos_mock.conformance.workflows import build_jzip

    def archive(ids) -> bytes:
        study_uuid, component_uuid = str(ids[0]), str(ids[1])
        return build_jzip(study_uuid, f"Conformance {study_uuid[:8]}", f"conformance_{study_uuid[:8]}",
                          component_uuid, {"index.html": b"<p>conformance</p>"})

    return st.tuples(st.uuids(), st.uuids()).map(archive)


def load_schema(spec: str | Path | None):
    import schemathesis

    from jatos_mock.resources import contract_path

    location = str(spec or contract_path())
    if location.startswith(("http://", "https://")):
        return schemathesis.openapi.from_url(location)
    return schemathesis.openapi.from_path(location)


def admin_only(operation) -> bool:
    return "(admin tokens only)" in (operation.definition.raw.get("summary") or "")


def _configure(schema, target: Target, options: Options):
    from schemathesis.config import HealthCheck  # noqa: F401  (import check: fails early on a wrong version)

    # before operations are built: each operation keeps the app and base URL it was built with
    if target.app is not None:
        schema.app = target.app
    else:
        schema.config.update(base_url=target.url.rstrip("/"))
    labels = [op.ok().label for op in schema.get_all_operations()]
    selected = []
    for op in schema.get_all_operations():
        operation = op.ok()
        if options.read_only and not is_read_only(operation.method, operation.path):
            continue
        if options.operations and operation.definition.raw.get("operationId") not in options.operations:
            continue
        selected.append(operation.label)
    if not selected:
        raise ValueError("no operation of the contract is selected")
    if len(selected) != len(labels):
        schema = schema.include(name=selected)

    schema.config.update(workers=options.workers)
    if options.seed is not None:
        schema.config.seed = options.seed
    schema.config.generation.update(max_examples=options.max_examples, database="none")
    phases = list(options.phases)
    if "stateful" in phases and not _has_links(schema, selected):
        phases.remove("stateful")  # links need both their ends among the selected operations
    if options.parameters:
        schema.config.update(parameters=dict(options.parameters))
    schema.config.phases.update(phases=phases)
    schema.config.phases.stateful.max_steps = options.stateful_steps
    if options.read_only:
        schema.config.phases.coverage.unexpected_methods = set()  # no probes with other methods
    names = list(options.checks) if options.checks is not None else \
        list(BUILTIN_CHECKS) + list(jatos_checks.RULES)
    schema.config.checks.update(included_check_names=names + ["jatos_observe"])

    token, admin_token = target.token, target.admin_token or target.token

    class JatosToken:
        def get(self, case, ctx):
            return admin_token if admin_only(case.operation) else token

        def set(self, case, data, ctx):
            case.headers = dict(case.headers or {})
            case.headers["Authorization"] = f"Bearer {data}"

    schema.auth(cache_by_key=lambda case, ctx: "admin" if admin_only(case.operation) else "user")(JatosToken)
    return schema, selected


def _has_links(schema, selected: list[str]) -> bool:
    ids = {}
    for op in schema.get_all_operations():
        operation = op.ok()
        ids[operation.definition.raw.get("operationId")] = operation.label
    chosen = set(selected)
    for op in schema.get_all_operations():
        operation = op.ok()
        if operation.label not in chosen:
            continue
        for response in (operation.definition.raw.get("responses") or {}).values():
            for link in (response.get("links") or {}).values() if isinstance(response, dict) else ():
                if ids.get(link.get("operationId")) in chosen:
                    return True
    return False


def run(target: Target, options: Options | None = None,
        on_progress: Callable[[str, str, str], None] | None = None) -> RunResult:
    """Runs the suite; `on_progress(phase, operation, status)` is called after each scenario."""
    from schemathesis.engine import Status, events, from_schema

    options = options or Options()
    workflow_results = None
    with _run_lock:
        _setup()
        schema, selected = _configure(load_schema(options.spec), target, options)
        results = {label: OperationResult(label) for label in selected}
        for op in schema.get_all_operations():
            operation = op.ok()
            if operation.label in results:
                results[operation.label].operation_id = operation.definition.raw.get("operationId")
        attribution = Attribution(target.app) if target.app is not None and "jatos_mock" in \
            getattr(target.app, "extensions", {}) else None
        # over HTTP: a jatos-mock names the deviations each answer applied; a real JATOS does not
        http_attribution = HeaderAttribution() if attribution is None and target.url else None
        registry = load_registry()
        _own[0] = None if options.read_only else credentials.find_own(_seams(target))  # before any write
        if options.workflows:  # before fuzzing, while the credentials are intact: it may revoke the token
            from jatos_mock.conformance import workflows
            workflow_results = workflows.run_all(workflows.seam_for(target), read_only=options.read_only)
        run_errors: list[str] = []
        seen: set[tuple] = set()

        def execute(schema, note: str = "") -> None:
            for event in from_schema(schema).execute():
                if isinstance(event, events.ScenarioFinished):
                    _collect(event, results, seen, attribution or http_attribution, options.baseline, registry,
                             separate_admin=bool(target.admin_token), note=note)
                    if on_progress and event.recorder.label:
                        status = {Status.SUCCESS: "ok", Status.FAILURE: "FAILED", Status.ERROR: "ERROR",
                                  Status.SKIP: "skipped"}.get(event.status, str(event.status))
                        on_progress(event.phase.value + note, event.recorder.label, status)
                elif isinstance(event, events.NonFatalError):
                    message = f"{event.info.title}: {event.info.message}".strip()
                    if event.label in results:
                        results[event.label].add_error(message)
                    elif f"{event.label}: {message}" not in run_errors:
                        run_errors.append(f"{event.label}: {message}")
                elif isinstance(event, events.FatalError):
                    run_errors.append(f"fatal: {event.exception}")

        _observer.results = results
        install_http(http_attribution)
        started = time.perf_counter()
        try:
            if options.existing_ids and not options.parameters:  # first, while the token is intact: the
                for note, extra in _existing_id_passes(schema, target, options):  # run may revoke it
                    execute(extra, note=note)
            execute(schema)
        finally:
            _observer.results = None
            _own[0] = None
            install_http(None)
        elapsed = time.perf_counter() - started
    result = RunResult(target.describe(), results, elapsed, options.seed, run_errors)
    if workflow_results is not None:
        result.workflows = workflow_results
    return result


def _seams(target: Target) -> list:
    from jatos_mock.conformance import workflows

    seams = [workflows.seam_for(target)]
    if target.admin_token:
        from dataclasses import replace
        seams.append(workflows.seam_for(replace(target, token=target.admin_token)))
    return seams


def pasteable_curl(curl: str, variable: str = TOKEN_VAR) -> str:
    """A curl sample that can be pasted: the masked token becomes a shell variable (double quotes expand it)."""
    return curl.replace(FILTERED_AUTH, f'"Authorization: Bearer {variable}"')


def _existing_id_passes(schema, target: Target, options: Options):
    """Before the generated run (the token is intact then), short passes with ids fixed, so success answers get
    checked: per kind (study, component, batch), the read-only operations on an id that exists on the target;
    with `own_study` (never when read-only), also every operation on the run's own imported study, its component
    and batch (the deletes last, the study deleted in the end). Yields (note, configured schema)."""
    from dataclasses import replace

    from jatos_mock.conformance import discovery, workflows

    reads: dict[str, list[str]] = {}
    writes: dict[str, list[str]] = {}
    deletes: dict[str, list[str]] = {}
    for op in schema.get_all_operations():
        operation = op.ok()
        operation_id = operation.definition.raw.get("operationId")
        kind = discovery.id_kind(operation.method, operation.path, writes=True)
        if not kind or not operation_id:
            continue
        if discovery.id_kind(operation.method, operation.path):
            reads.setdefault(kind, []).append(operation_id)
        (deletes if operation.method.upper() == "DELETE" else writes).setdefault(kind, []).append(operation_id)

    def configured(operation_ids, value):
        extra = replace(options, operations=tuple(operation_ids), parameters={"path.id": value},
                        phases=("fuzzing",), max_examples=min(options.max_examples, EXISTING_ID_EXAMPLES))
        return _configure(load_schema(options.spec), target, extra)[0]

    if not reads and not writes and not deletes:
        return
    seam = workflows.seam_for(target)
    found = discovery.discover(seam)
    for kind, operation_ids in reads.items():
        if kind in found:
            yield f" ({kind} {found[kind]})", configured(operation_ids, found[kind])
    if options.read_only or not options.own_study:
        return
    own = discovery.create_own_study(seam)
    if own is None:
        return
    study_id, ids = own
    try:
        for group in (writes, deletes):
            for kind in ("study", "component", "batch") if group is writes else ("component", "batch", "study"):
                if kind in ids and group.get(kind):
                    yield f" (own {kind} {ids[kind]})", configured(group[kind], ids[kind])
    finally:
        discovery.delete_study(seam, study_id)


def _collect(event, results, seen, attribution, baseline, registry, separate_admin=False, note="") -> None:
    recorder = event.recorder
    for case_id, nodes in recorder.checks.items():
        case_node = recorder.cases.get(case_id)
        if case_node is None:
            continue
        operation = case_node.value.operation
        label = operation.label
        result = results.get(label)
        if result is None:
            continue
        for node in nodes:
            info = node.failure_info
            if info is None:
                continue
            failure = info.failure
            interaction = recorder.interactions.get(case_id)
            response = interaction.response if interaction else None
            status = response.status_code if response is not None else None
            if node.name == "positive_data_acceptance" and response is not None and \
                    jatos_checks.is_state_conflict(status, response.content or b""):
                continue
            finding = Finding(operation=label, check=node.name, title=failure.title or node.name,
                              message=failure.message or "",
                              curl=pasteable_curl(info.code_sample or "", ADMIN_TOKEN_VAR
                                                  if separate_admin and admin_only(operation) else TOKEN_VAR),
                              phase=event.phase.value + note, status=status,
                              answer=f"{status}{describe_body(response.content or b'')}" if response is not None
                              else "")
            finding.deviations = _explain(finding, case_id, operation, attribution, baseline, registry)
            if finding.key() in seen:
                continue
            seen.add(finding.key())
            result.findings.append(finding)


def _explain(finding, case_id, operation, attribution, baseline, registry) -> tuple[str, ...]:
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
    from jatos_mock.conformance.baseline import from_registry
    return tuple(from_registry([finding.operation], registry).match(finding.operation, finding.check,
                                                                    finding.status))
