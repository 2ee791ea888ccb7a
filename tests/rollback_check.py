"""The suite's proof that a rollback is complete: every write the tests make is undone and redone once more.

`CheckedStore` replaces the store of every app the tests build (tests/conftest.py). After each outermost write
succeeds it pickles the state, undoes the write's journal and requires the state to pickle to the same bytes as
before the write, then redoes the journal and requires the bytes after the write; after a write fails, the rolled
back state must pickle to the bytes before it. A change the journal missed
(an untracked container, a mutation that bypasses the tracked types) fails the test that made it, naming where.
"""

import dataclasses
import pickle
from contextlib import contextmanager

from jatos_mock.core.state import undo as journal
from jatos_mock.jatos.store import Store


def state_bytes(store: Store) -> bytes:
    return pickle.dumps(store.state, protocol=pickle.HIGHEST_PROTOCOL)


def first_difference(a, b, path: str = "state") -> str | None:
    """Where two states differ (values, types or dict order), for the failure message."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            found = first_difference(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
            if found:
                return found
        return None
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)[:20]} != {list(b)[:20]}"
        return next((d for k in a if (d := first_difference(a[k], b[k], f"{path}[{k!r}]"))), None)
    if isinstance(a, list) and len(a) == len(b):
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := first_difference(x, y, f"{path}[{i}]"))), None)
    return None if a == b else f"{path}: {a!r} != {b!r}"


def check(expected: bytes, store: Store, what: str) -> None:
    actual = state_bytes(store)
    if actual != expected:
        where = first_difference(pickle.loads(expected), store.state) or "same values, other pickle bytes"
        raise AssertionError(f"the write's journal does not {what}: {where}")


class CheckedWrites:
    """Mixed into an API's store: every outermost write is undone and redone, every failed one checked."""

    @contextmanager
    def write(self):
        if journal.current() is not None:  # a nested write: the outermost one checks everything
            with super().write() as state:
                yield state
            return
        with self.lock:
            before = state_bytes(self)
            try:
                with super().write() as state:
                    yield state
                    changes = journal.current()
                    after = state_bytes(self)
                    changes.undo()
                    check(before, self, "take back everything the write changed")
                    changes.redo()
                    check(after, self, "redo the write exactly")
            except BaseException:
                check(before, self, "roll back the failed write whole")
                raise


class CheckedStore(CheckedWrites, Store):
    pass
