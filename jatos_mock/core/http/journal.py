"""The request journal: what the mock was asked and what it answered, in order."""

import itertools
import threading
from collections import deque
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    time: int  # epoch ms on the mock's clock
    method: str
    path: str
    query: str
    operation: str | None
    status: int
    duration_ms: float

    def as_dict(self) -> dict:
        return asdict(self)


class Journal:
    def __init__(self, maxlen: int = 10_000):
        self._entries: deque[JournalEntry] = deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self._seq = itertools.count(1)

    def next_seq(self) -> int:
        return next(self._seq)

    def record(self, entry: JournalEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self, since: int = 0) -> list[JournalEntry]:
        with self._lock:
            return [e for e in self._entries if e.seq >= since]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
