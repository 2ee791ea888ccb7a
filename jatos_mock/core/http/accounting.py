"""What one answered request leaves behind: its journal entry, its ledger entries and its app log line, written the
same way for a computed answer (pipeline) and a reused one (replay)."""

import time
from dataclasses import dataclass, replace

from jatos_mock.core.contract.ledger import Violation
from jatos_mock.core.http.journal import JournalEntry


@dataclass(frozen=True)
class Exchange:
    """What one answered request leaves in the journal, the ledger (its violations, without their sequence number)
    and the app log: the same for a reused answer as for the request that computed it."""

    method: str
    path: str  # as the client sent it
    query: str  # redacted
    operation: str | None
    status: int
    violations: tuple[Violation, ...]


def account(rt, exchange: Exchange, seq: int, started: float) -> None:
    """Journal, ledger and app log entries of one answered request (`started`: its time.perf_counter())."""
    for violation in exchange.violations:
        rt.ledger.record(replace(violation, seq=seq))
    elapsed = (time.perf_counter() - started) * 1000
    rt.journal.record(JournalEntry(seq, rt.store.now(), exchange.method, exchange.path, exchange.query,
                                   exchange.operation, exchange.status, round(elapsed, 3)))
    app_log = rt.extras.get("app_log")
    if app_log is not None:
        app_log.request(exchange.method, exchange.path, exchange.status, exchange.query)
