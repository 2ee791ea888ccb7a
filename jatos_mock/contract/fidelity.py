"""The fidelity switch. `deviates("A34")` is the one place where a registered deviation is applied.

In `jatos` fidelity it answers True and records the id for the current request, so a response that breaks the
contract is attributed to the deviations that explain it; in `spec` fidelity it answers False.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field

from jatos_mock.contract.deviations import load_registry

JATOS, SPEC = "jatos", "spec"
FIDELITIES = (JATOS, SPEC)


@dataclass
class RequestFidelity:
    fidelity: str = JATOS
    applied: list[str] = field(default_factory=list)


_current: contextvars.ContextVar[RequestFidelity | None] = contextvars.ContextVar("jatos_mock_fidelity", default=None)


def deviates(deviation_id: str) -> bool:
    if deviation_id not in load_registry():
        raise KeyError(f"unregistered deviation {deviation_id!r}: add it to jatos_mock/contract/deviations.yaml")
    current = _current.get()
    if current is not None and current.fidelity == SPEC:
        return False
    if current is not None and deviation_id not in current.applied:
        current.applied.append(deviation_id)
    return True


def current() -> RequestFidelity | None:
    return _current.get()


@contextmanager
def fidelity_scope(fidelity: str):
    """Runs a request (or a test) under one fidelity and collects the deviations it applies."""
    scope = RequestFidelity(fidelity)
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def begin(fidelity: str) -> tuple[RequestFidelity, contextvars.Token]:
    scope = RequestFidelity(fidelity)
    return scope, _current.set(scope)


def end(token: contextvars.Token) -> None:
    _current.reset(token)
