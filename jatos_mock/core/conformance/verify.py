"""Write → read verification, for any API's workflows: a write is followed by the read that shows its effect, and
the effect is compared with what the write asked for. A schema-valid answer to the write proves nothing by itself:
a server may answer success and change nothing, change something else, or let a refused write through.

Every failure blames the write (the operation whose effect is missing), at the step of the read that showed it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jatos_mock.core.conformance.flow import Flow, WorkflowFailure
from jatos_mock.core.conformance.transport import Answer


@dataclass
class Request:
    """One request of a workflow: what to send, what status to expect, the operation it names."""

    step: str
    method: str
    path: str
    operation: str
    expect: tuple[int, ...] = (200,)
    kw: dict = field(default_factory=dict)  # params, json, files, data, seam, token_label

    def send(self, flow: Flow) -> Answer:
        return flow.call(self.step, self.method, self.path, self.expect, self.operation, **self.kw)


def show(value) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 160 else text[:160] + "…"


def differences(asked: dict, seen, unordered: Iterable[str] = ()) -> list[str]:
    """Each asked field whose seen value differs, as "field: asked X, saw Y" (lists in `unordered` as sets)."""
    if not isinstance(seen, dict):
        return [f"the read is not an object: {show(seen)}"]
    unordered = set(unordered)
    problems = []
    for key, wanted in asked.items():
        if key not in seen:
            problems.append(f"{key}: asked {show(wanted)}, the read has no such field")
            continue
        got = seen[key]
        if isinstance(wanted, (dict, list)) and isinstance(got, str):
            try:  # a JSON value asked for may read back as its JSON text (JATOS's studyInput in the contract)
                got = json.loads(got)
            except ValueError:
                pass
        if key in unordered and isinstance(wanted, list) and isinstance(got, list):
            same = sorted(map(show, wanted)) == sorted(map(show, got))
        else:
            same = wanted == got and type(wanted) is type(got)
        if not same:
            problems.append(f"{key}: asked {show(wanted)}, saw {show(got)}")
    return problems


def mismatch(one, other) -> str:
    """Where two read values differ, briefly: the differing fields of two objects, else both values."""
    if isinstance(one, dict) and isinstance(other, dict):
        keys = sorted(k for k in set(one) | set(other) if one.get(k, "<absent>") != other.get(k, "<absent>"))
        return "; ".join(f"{k}: {show(one.get(k, '<absent>'))} vs {show(other.get(k, '<absent>'))}" for k in keys)
    return f"{show(one)} vs {show(other)}"


def write_then_read(flow: Flow, write: Request, read: Request, asked: dict,
                    view: Callable = lambda data: data, unordered: Iterable[str] = ()):
    """Sends `write`, then `read`; `view(read's data)` must show every field of `asked`. Returns that view."""
    write.send(flow)
    seen = view(flow.data(read.step, read.send(flow)))
    expect_shown(flow, read.step, write.operation, read.operation, asked, seen, unordered)
    return seen


def expect_shown(flow: Flow, step: str, write_operation: str, read_operation: str, asked: dict, seen,
                 unordered: Iterable[str] = ()) -> None:
    problems = differences(asked, seen, unordered)
    if problems:
        raise WorkflowFailure(step, f"{write_operation} answered success, but {read_operation} shows "
                                    + "; ".join(problems), write_operation)


def refused_unchanged(flow: Flow, write: Request, read: Request, view: Callable = lambda data: data):
    """A write the server must refuse (`write.expect` holds the refusal's statuses): the read before and after
    must agree, i.e. the refusal changed nothing. Returns the read's view."""
    before = view(flow.data(read.step + " (before the refused write)", read.send(flow)))
    try:
        write.send(flow)
    except WorkflowFailure as failure:
        raise WorkflowFailure(failure.step, f"a write that must be refused was not: {failure.message}",
                              write.operation) from None
    after = view(flow.data(read.step + " (after the refused write)", read.send(flow)))
    if after != before:
        raise WorkflowFailure(read.step, f"{write.operation} was refused, yet {read.operation} changed (before vs "
                                         f"after: {mismatch(before, after)})", write.operation)
    return after


def same_twice(flow: Flow, read: Request, view: Callable = lambda answer: answer.body):
    """The same read twice gives the same answer (`view` picks what must not change). Returns it."""
    first = view(read.send(flow))
    second = view(read.send(flow))
    if first != second:
        raise WorkflowFailure(read.step, f"{read.operation} answered differently to the same request (first vs "
                                         f"second: {mismatch(first, second)})", read.operation)
    return first
