"""The BrainSTEM check: a contract sweep (the list and a detail of every model, on both portals, each answer checked
against brainstem-api.yaml), the behaviour workflows, then the engine's generated requests for every operation of
the contract (fuzzing.py), against a base URL or an in-process mock app."""

from __future__ import annotations

import time
from dataclasses import dataclass

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.conformance import fuzzing, workflows
from jatos_mock.brainstem.conformance.contract_seam import CheckingSeam
from jatos_mock.brainstem.resources import contract_path
from jatos_mock.core.conformance.flow import READ_ONLY_REASON, SKIPPED, WorkflowResult, run_workflow
from jatos_mock.core.conformance.results import RunResult
from jatos_mock.core.conformance.transport import AppSeam, HttpSeam
from jatos_mock.core.contract.spec import load_spec
from jatos_mock.core.contract.validation import ContractValidator

PREFIX = "/"  # the seam's paths start with api/...


@dataclass
class Target:
    token: str
    url: str | None = None
    app: object = None  # an in-process mock app instead of a URL

    def describe(self) -> str:
        return self.url or "in-process mock"


def run(target: Target, *, read_only: bool = False, spec: str | None = None, on_progress=None,
        max_examples: int = fuzzing.MAX_EXAMPLES, seed: int | None = 1) -> RunResult:
    location = str(spec or contract_path())
    validator = ContractValidator(load_spec(location))
    inner = AppSeam(target.app, target.token, prefix=PREFIX) if target.app is not None else \
        HttpSeam(target.url, target.token, prefix=PREFIX)
    results: dict = {}
    seam = CheckingSeam(inner, validator, results)
    started = time.perf_counter()
    _sweep(seam, on_progress)
    done = []
    for workflow in workflows.READ_ONLY + workflows.WRITING:
        if read_only and workflow in workflows.WRITING:
            done.append(WorkflowResult(workflow.name, workflow.title, SKIPPED, READ_ONLY_REASON))
            continue
        done.append(run_workflow(workflow, seam, read_only=read_only))
        if on_progress:
            on_progress("workflow", workflow.name, done[-1].status)
    errors = []
    if max_examples > 0:  # after the workflows, which expect the target's own records
        errors = fuzzing.run(location, results, token=target.token, url=target.url, app=target.app,
                             only_reads=read_only, max_examples=max_examples, seed=seed, on_progress=on_progress)
    result = RunResult(target.describe(), results, time.perf_counter() - started, seed, errors)
    result.workflows = done
    return result


def _sweep(seam: CheckingSeam, on_progress) -> None:
    """Every documented model's list (limit 2) and the detail of its first record, on both portals."""
    for model in catalog.MODELS:
        portals = ("private",) if model.access in (catalog.APPROVAL, catalog.INVITATION) else catalog.PORTALS
        for portal in portals:
            path = f"api/{portal}/{model.app}/{model.slug}/"
            answer = seam.request("GET", path, params={"limit": "2"})
            if on_progress:
                on_progress("sweep", path, str(answer.status))
            try:
                records = answer.json().get(model.plural) if answer.status == 200 else None
            except ValueError:
                records = None
            if records:
                seam.request("GET", f"{path}{records[0]['id']}/")


def summary(result: RunResult) -> str:
    lines = [f"BrainSTEM check of {result.target}: {result.cases} answers in {result.elapsed:.1f} s"]
    for op in sorted(result.operations.values(), key=lambda r: r.label):
        statuses = ", ".join(f"{code}x{n}" for code, n in sorted(op.statuses.items()))
        lines.append(f"  {op.status:15} {op.label}  ({statuses})")
        for finding in op.findings:
            known = f" [known: {', '.join(finding.deviations)}]" if finding.known else ""
            lines.append(f"      {finding.status}: {finding.message.splitlines()[0][:160]}{known}")
    for w in result.workflows:
        lines.append(f"  workflow {w.name:20} {w.status:8} {w.line()}")
    lines.extend(f"  error: {error}" for error in result.errors)
    lines.append("OK: only known deviations" if result.ok else "FAILED")
    return "\n".join(lines)
