"""The undo journal of an open write: what the write changed, so that a failure can take it back whole.

The state's entities and containers (core/state/tracked.py) record a change in the journal of their thread's open write
just before they make it, so a write costs what it touches. An entry is (swap, target, key, saved): `swap` puts
`saved` back into `target` and returns what it replaced. Undo swaps the entries newest first; swapping them again,
oldest first, redoes the write (the test suite's rollback check undoes and redoes every write it runs).

The journal belongs to the thread, not to a store: a store's lock keeps one writer at a time, and state that other
threads change outside a write is not recorded, as before. A write inside a write gets its own journal; when it
succeeds its entries move to the enclosing write's, so a failure of the outer write takes back both.
"""

from __future__ import annotations

import threading

MISSING = object()  # "no value": a key or attribute that did not exist


class Journal:
    __slots__ = ("entries", "whole", "outer")

    def __init__(self, outer: Journal | None):
        self.entries: list[tuple] = []
        self.whole: set[int] = set()  # ids of containers saved whole; their entries keep them alive
        self.outer = outer

    def record(self, swap, target, key, saved) -> None:
        self.entries.append((swap, target, key, saved))

    def saved_whole(self, container) -> bool:
        """True when the container's contents are saved already: later changes in this write need no entry."""
        return id(container) in self.whole

    def record_whole(self, swap, container, copy) -> None:
        """Saves the container's contents once per write (copy(container) is called only the first time)."""
        if id(container) not in self.whole:
            self.whole.add(id(container))
            self.entries.append((swap, container, None, copy(container)))

    def undo(self) -> None:
        entries = self.entries
        for i in range(len(entries) - 1, -1, -1):
            swap, target, key, saved = entries[i]
            entries[i] = (swap, target, key, swap(target, key, saved))

    def redo(self) -> None:
        entries = self.entries
        for i in range(len(entries)):
            swap, target, key, saved = entries[i]
            entries[i] = (swap, target, key, swap(target, key, saved))


_changes = [0]  # state changes seen, of any store: see changed()
_changes_lock = threading.Lock()


def changed() -> None:
    """Counts a change of a state: each write (at its start and its end, so whatever it does lies between) and each
    change made outside a write. Monotonic, so an unchanged count proves that no state changed in between."""
    with _changes_lock:
        _changes[0] += 1


def change_count() -> int:
    return _changes[0]


class _Open(threading.local):
    journal: Journal | None = None


_open = _Open()


def current() -> Journal | None:
    """The journal of this thread's innermost open write, or None outside writes."""
    return _open.journal


def begin() -> Journal:
    journal = Journal(_open.journal)
    _open.journal = journal
    return journal


def end(journal: Journal, keep: bool) -> None:
    """Closes the innermost journal; kept entries move to the enclosing write's journal, if there is one."""
    if _open.journal is not journal:
        raise RuntimeError("writes must end in the reverse order of their start")
    _open.journal = outer = journal.outer
    if keep and outer is not None:
        outer.entries.extend(journal.entries)
        outer.whole |= journal.whole
