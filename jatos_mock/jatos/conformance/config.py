"""What a conformance run checks and how: the target, the options, and the engine's schema configured from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jatos_mock.core.conformance import engine
from jatos_mock.core.conformance.selection import admin_only
from jatos_mock.jatos.conformance import checks as jatos_checks
from jatos_mock.jatos.conformance.baseline import Baseline
from jatos_mock.jatos.conformance.dialects import JATOS_3_10, Dialect
from jatos_mock.jatos.conformance.read_only import is_read_only
from jatos_mock.jatos.resources import contract_path

EXISTING_ID_EXAMPLES = 5  # per operation in the existing-ids pass


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
    phases: tuple[str, ...] = engine.PHASES
    checks: tuple[str, ...] | None = None  # None: all built-in + JATOS checks
    stateful_steps: int = 10
    operations: tuple[str, ...] | None = None  # operationIds to limit the run to
    parameters: dict | None = None  # fixed parameter values, e.g. {"path.id": 1} (schemathesis `parameters`)
    workflows: bool = False  # also run the example-based workflows (workflows.py) after the engine's run
    existing_ids: bool = True  # first a short pass with ids that exist on the target, read-only (discovery.py)
    own_study: bool = False  # then one with the run's own imported study, writes included (not when read-only)
    version: str | None = None  # the target's JATOS version (a name or release); None: from its apiVersion
    contract: bool | None = None  # the contract sweep (generated requests); None: the version's default


def contract_for(jatos: Dialect) -> Path:
    """jatos-mock's contract of the version (one for the three 3.9 releases)."""
    return contract_path(jatos.contract_line)


def configured(target: Target, options: Options, jatos: Dialect = JATOS_3_10) -> tuple[object, list[engine.Operation]]:
    """The engine's schema for one run of `options` against `target` of version `jatos` (its contract and answer
    rules), and the operations it selects."""
    schema, operations = engine.load(str(options.spec or contract_for(jatos)), app=target.app, base_url=target.url)
    selected = [op for op in operations if _selected(op, options)]
    if not selected:
        raise ValueError("no operation of the contract is selected")
    labels = [op.label for op in selected]
    phases = list(options.phases)
    if "stateful" in phases and not has_links(operations, labels):
        phases.remove("stateful")  # links need both their ends among the selected operations
    names = list(options.checks) if options.checks is not None else \
        list(engine.BUILTIN_CHECKS) + list(jatos_checks.rules_for(jatos.modern))
    token, admin_token = target.token, target.admin_token or target.token
    schema = engine.configure(
        schema, include=labels if len(selected) != len(operations) else None, workers=options.workers,
        seed=options.seed, max_examples=options.max_examples, phases=phases, parameters=options.parameters,
        stateful_steps=options.stateful_steps, read_only=options.read_only, checks=names,
        token_for=lambda op: admin_token if admin_only(op) else token,
        auth_key=lambda op: "admin" if admin_only(op) else "user")
    return schema, selected


def _selected(operation: engine.Operation, options: Options) -> bool:
    if options.read_only and not is_read_only(operation.method, operation.path):
        return False
    return not options.operations or operation.operation_id in options.operations


def has_links(operations: list[engine.Operation], selected: list[str]) -> bool:
    """Whether a response link of a selected operation leads to another selected one (the stateful phase's food)."""
    labels = {op.operation_id: op.label for op in operations}
    chosen = set(selected)
    for operation in operations:
        if operation.label not in chosen:
            continue
        for response in (operation.definition.get("responses") or {}).values():
            for link in (response.get("links") or {}).values() if isinstance(response, dict) else ():
                if labels.get(link.get("operationId")) in chosen:
                    return True
    return False
