"""Exact attribution for an in-process mock: which deviations each test case's requests applied.

The engine tags every request with its test case's id (engine.CASE_HEADER). A hook on the mock's app records, per
test case, the registered deviations the request applied (the fidelity scope) and its journal sequence number, so
the violation ledger's entries can be traced back to the test case too.

Over HTTP (`HeaderAttribution`, core/conformance/attribution.py) a jatos-mock server names the deviations each
answer applied in a response header; a server without that header (a real JATOS) leaves the failures to the
registry baseline.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from flask import request

from jatos_mock.core.conformance.engine import CASE_HEADER
from jatos_mock.core.http.record import this_request


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
            record = this_request()
            with self._lock:
                if record is not None:
                    self._applied[case_id].update(record.applied)
                    self._seqs[record.seq] = case_id
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
