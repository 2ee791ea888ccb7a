"""What a conformance run found: per operation its test cases, statuses and findings, and the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field

PASSED, FAILED, KNOWN, MISSING, NOT_RUN = "passed", "failed", "known deviation", "missing", "not run"


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
    workflows: list = field(default_factory=list)  # flow.WorkflowResult, in order (skipped when read-only)

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
