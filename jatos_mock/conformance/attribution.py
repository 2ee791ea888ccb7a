"""Exact attribution for an in-process mock: which deviations each test case's requests applied.

schemathesis tags every request with `X-Schemathesis-TestCaseId`. A hook on the mock's app records, per test case,
the registered deviations the request applied (the fidelity scope) and its journal sequence number, so the
violation ledger's entries can be traced back to the test case too.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from flask import g, request

CASE_HEADER = "X-Schemathesis-TestCaseId"


class Attribution:
    def __init__(self, app):
        self.runtime = app.extensions["jatos_mock"]
        self._lock = threading.Lock()
        self._applied: dict[str, set[str]] = defaultdict(set)
        self._seqs: dict[int, str] = {}
        app.after_request(self._record)  # runs before the pipeline's own after_request (registered earlier)

    def _record(self, response):
        case_id = request.headers.get(CASE_HEADER)
        if case_id:
            scope = g.get("fidelity")
            with self._lock:
                if scope is not None:
                    self._applied[case_id].update(scope.applied)
                if g.get("seq") is not None:
                    self._seqs[g.seq] = case_id
        return response

    def deviations(self, case_id: str) -> set[str]:
        with self._lock:
            return set(self._applied.get(case_id, ()))

    def unregistered_violations(self, case_id: str) -> list:
        """Ledger entries of this test case's requests that no registered deviation explains: mock bugs."""
        with self._lock:
            seqs = {seq for seq, cid in self._seqs.items() if cid == case_id}
        return [v for v in self.runtime.ledger.entries() if v.seq in seqs and not v.registered
                and v.kind != "unmatched"]
