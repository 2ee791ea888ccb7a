"""The one injectable clock. Time is epoch milliseconds, as JATOS serialises it."""

import threading
import time

# A fixed start for deterministic runs: 2024-01-01T00:00:00Z.
FIXED_EPOCH_MS = 1_704_067_200_000


class Clock:
    """Real time plus an offset, or frozen at a fixed instant; both can be set and advanced."""

    def __init__(self, frozen_at_ms: int | None = None):
        self._lock = threading.Lock()
        self._frozen_at = frozen_at_ms
        self._offset = 0

    def now_ms(self) -> int:
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

    def unfreeze(self) -> None:
        now = self.now_ms()
        with self._lock:
            self._frozen_at = None
            self._offset = now - int(time.time() * 1000)

    def set(self, at_ms: int) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = at_ms
            else:
                self._offset = at_ms - int(time.time() * 1000)

    def advance(self, ms: int) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += ms
            else:
                self._offset += ms

    def state(self) -> dict:
        return {"now": self.now_ms(), "frozen": self.frozen}
