"""The violation ledger: every place where the mock's traffic broke the contract.

A response that breaks the contract is the mock's own bug unless a registered deviation explains it; a request
that breaks the contract but was answered with success would pass here and fail on a stricter server.
"""

import threading
from collections import deque
from dataclasses import asdict, dataclass, field

RESPONSE, REQUEST, UNMATCHED = "response", "request", "unmatched"


@dataclass(frozen=True)
class Violation:
    kind: str  # response | request | unmatched
    method: str
    path: str
    operation: str | None
    status: int
    problems: tuple[str, ...]
    deviations: tuple[str, ...] = field(default_factory=tuple)  # ids that explain it, if any
    seq: int = 0  # journal sequence number of the request

    @property
    def registered(self) -> bool:
        return bool(self.deviations)

    def describe(self) -> str:
        where = f"{self.method} {self.path} -> {self.status}"
        op = f" ({self.operation})" if self.operation else ""
        known = f" [registered deviation {', '.join(self.deviations)}]" if self.deviations else ""
        return f"{self.kind} violation{op}: {where}: {'; '.join(self.problems)}{known}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["problems"] = list(self.problems)
        data["deviations"] = list(self.deviations)
        data["registered"] = self.registered
        return data


class Ledger:
    def __init__(self, maxlen: int = 10_000):
        self._lock = threading.Lock()
        self._entries: deque[Violation] = deque(maxlen=maxlen)  # a long-running server keeps the newest

    def record(self, violation: Violation) -> None:
        with self._lock:
            self._entries.append(violation)

    def entries(self, since: int = 0, unregistered_only: bool = False) -> list[Violation]:
        with self._lock:
            found = [v for v in self._entries if v.seq >= since]
        return [v for v in found if not v.registered] if unregistered_only else found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
