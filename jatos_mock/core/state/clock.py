"""The one injectable clock. Time is epoch milliseconds, as JATOS serialises it."""

import threading
import time

# A fixed start for deterministic runs: 2024-01-01T00:00:00Z.
FIXED_EPOCH_MS = 1_704_067_200_000


class _Reads(threading.local):
    count = 0


class Clock:
    """Real time plus an offset, or frozen at a fixed instant; both can be set and advanced."""

    def __init__(self, frozen_at_ms: int | None = None):
        self._lock = threading.Lock()
        self._frozen_at = frozen_at_ms
        self._offset = 0
        self._reads = _Reads()
        self._changes = 0  # set, advanced, frozen or unfrozen

    @property
    def changes(self) -> int:
        """How often the clock was set, advanced, frozen or unfrozen."""
        return self._changes

    def reads(self) -> int:
        """How often this thread has read the time: a change says an answer may depend on it."""
        return self._reads.count

    def now_ms(self) -> int:
        self._reads.count += 1
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return int(time.time() * 1000) + self._offset

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze(self, at_ms: int | None = None) -> None:
        now = self.now_ms() if at_ms is None else at_ms
        with self._lock:
            self._frozen_at = now
            self._changes += 1

    def unfreeze(self) -> None:
        now = self.now_ms()
        with self._lock:
            self._frozen_at = None
            self._offset = now - int(time.time() * 1000)
            self._changes += 1

    def set(self, at_ms: int) -> None:
        with self._lock:
            self._changes += 1
            if self._frozen_at is not None:
                self._frozen_at = at_ms
            else:
                self._offset = at_ms - int(time.time() * 1000)

    def advance(self, ms: int) -> None:
        with self._lock:
            self._changes += 1
            if self._frozen_at is not None:
                self._frozen_at += ms
            else:
                self._offset += ms

    def state(self) -> dict:
        return {"now": self.now_ms(), "frozen": self.frozen}
