"""The one in-memory store of an app instance: the state, its lock, the seeded random source and the clock.

Writes run under the lock and roll back as a whole when a domain operation fails half-way, so no request leaves
half-written state. A write costs what it touches: the state's entities and containers record each change in the
write's undo journal (undo.py, tracked.py), and a failure undoes it newest first, in place. Blobs are not rolled
back: they are immutable and named by content, so a stray one changes nothing the API shows (as before).
Reset restores a pickled snapshot (fast: entity tables of small dataclasses, no file contents).
"""

import pickle
import random
import threading
import uuid
from contextlib import contextmanager
from typing import Iterator

from jatos_mock.core.state import undo as journal
from jatos_mock.core.state.blobs import BlobStore
from jatos_mock.core.state.clock import Clock


class Store:
    state_type: type  # the API's state: a dataclass of entity tables (set by the API's subclass)

    def __init__(self, seed: int | None = None, clock: Clock | None = None, blobs: BlobStore | None = None):
        self.lock = threading.RLock()
        self.state = self.state_type()
        self.seed = seed
        self.rng = random.Random(seed)
        self.clock = clock or Clock()
        self.blobs = blobs or BlobStore()
        self._baseline: bytes | None = None

    # --- randomness: one seeded source for UUIDs, codes and tokens ---
    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def now(self) -> int:
        return self.clock.now_ms()

    # --- access ---
    @contextmanager
    def read(self) -> Iterator:
        with self.lock:
            yield self.state

    @contextmanager
    def write(self) -> Iterator:
        with self.lock:
            state, rng_state = self.state, self.rng.getstate()  # a write may replace the state (import) or draw
            changes = journal.begin()
            try:
                yield state
            except BaseException:
                journal.end(changes, keep=False)
                changes.undo()
                self.state = state
                self.rng.setstate(rng_state)
                raise
            journal.end(changes, keep=True)

    # --- snapshots ---
    def snapshot(self) -> bytes:
        with self.lock:
            return pickle.dumps((self.state, self.rng.getstate()), protocol=pickle.HIGHEST_PROTOCOL)

    def restore(self, snapshot: bytes) -> None:
        with self.lock:
            self.state, rng_state = pickle.loads(snapshot)
            self.rng.setstate(rng_state)

    def mark_baseline(self) -> None:
        """Remembers the current state (the loaded fixtures) as what reset returns to."""
        self._baseline = self.snapshot()

    def reset(self) -> None:
        if self._baseline is not None:
            self.restore(self._baseline)
