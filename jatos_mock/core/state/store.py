"""The one in-memory store of an app instance: the state, its lock, the random source and the clock.

Randomness: without a seed, UUIDs and codes come from the operating system (`random.SystemRandom`) and tokens from
`secrets`, so nothing the mock keeps or writes predicts them. With a seed they are reproducible by design: UUIDs and
codes from one seeded generator (its state travels in the state file, so a restart continues the sequence), each
token from its own generator derived from the seed and the token's id (no generator state reveals it).

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
from collections.abc import Iterator
from contextlib import contextmanager

from jatos_mock.core.state import undo as journal
from jatos_mock.core.state.blobs import BlobStore
from jatos_mock.core.state.clock import Clock


class StateError(Exception):
    """A state (document) that cannot be imported; the message names where and what."""


class Store:
    state_type: type  # the API's state: a dataclass of entity tables (set by the API's subclass)
    api: str  # the API's name, written into state files (set by the API's subclass)
    api_version: str | None = None  # the API version the app serves by default, written into state files

    def __init__(self, seed: int | None = None, clock: Clock | None = None, blobs: BlobStore | None = None):
        self.lock = threading.RLock()
        self.state = self.state_type()
        self.seed = seed
        self.rng: random.Random = random.Random(seed) if seed is not None else random.SystemRandom()
        self.clock = clock or Clock()
        self.blobs = blobs or BlobStore()
        self._baseline: bytes | None = None
        self._pristine: tuple | None = None  # the fingerprint when the state last was the baseline

    # --- randomness: one seeded source for UUIDs, codes and tokens ---
    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def token_rng(self, token_id: int) -> random.Random | None:
        """The source of one token's value: None (`secrets`) without a seed, else derived from seed and id."""
        if self.seed is None:
            return None
        return random.Random(f"jatos-mock token {self.seed} {token_id}")

    def rng_state(self):
        """The seeded generator's state (None without a seed: the system source has none)."""
        return self.rng.getstate() if self.seed is not None else None

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
            state, rng_state = self.state, self.rng_state()  # a write may replace the state (import) or draw
            journal.changed()
            changes = journal.begin()
            try:
                yield state
            except BaseException:
                journal.end(changes, keep=False)
                changes.undo()
                self.state = state
                if rng_state is not None:  # the system source has no state to take back
                    self.rng.setstate(rng_state)
                raise
            finally:
                journal.changed()
            journal.end(changes, keep=True)

    @property
    def state(self):
        return self._state

    @state.setter
    def state(self, state) -> None:  # a new state (import, restore, rollback) is a change too
        self._state = state
        journal.changed()

    def version(self) -> int:
        """A count that differs whenever any state may have changed since it was last read (under the lock, so no
        write is half done); equal counts prove the state unchanged in between."""
        with self.lock:
            return journal.change_count()

    def check_state(self, state) -> None:
        """Raises StateError when an imported state is not one the API's handlers can work on (its references);
        the API's subclass says what to check."""

    # --- snapshots ---
    def snapshot(self) -> bytes:
        with self.lock:
            return pickle.dumps((self.state, self.rng_state()), protocol=pickle.HIGHEST_PROTOCOL)

    def restore(self, snapshot: bytes) -> None:
        with self.lock:
            self.state, rng_state = pickle.loads(snapshot)
            if rng_state is not None:
                self.rng.setstate(rng_state)

    def mark_baseline(self) -> None:
        """Remembers the current state (the loaded fixtures) as what reset returns to."""
        self._baseline = self.snapshot()
        self._pristine = self._fingerprint()

    def reset(self) -> None:
        if self._baseline is None:
            return
        with self.lock:
            if self._pristine == self._fingerprint():
                return  # no change since the baseline was taken or restored: the state is the baseline
            self.restore(self._baseline)
            self._pristine = self._fingerprint()

    def _fingerprint(self) -> tuple:
        """What proves the state and the random source unchanged: the change count (of every store, so another
        store's change only costs a restore) and the generator's state."""
        return self.version(), self.rng_state()
