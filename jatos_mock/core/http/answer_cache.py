"""Answers of reads reused for the same request at the same state, so a test suite polling an unchanged mock pays
for auth and bookkeeping only.

An operation opts in when its handler's answer depends on nothing but the state, the request, the caller's
configuration and profile, and the clock. An answer is reused only when all of these are provably the same:
- the request: method, path, query, body, headers, client address and server name (the key);
- the state: the store's version (core/state/undo.changed: every write and every change outside a write counts),
  read under the store's lock before and after the handler; an answer computed while any state changed is not kept;
- the clock: if the handler read it, the clock was frozen throughout and has not been set, advanced or unfrozen
  since;
- the app's profile (a test may change it) and no fault registered (faults decide per request);
- whatever else the API's `recheck` proves when it runs again for the request: its configuration unchanged, the
  caller still authenticated (tokens expire), the rate limit not reached.
A reused answer skips routing, binding and the handler; everything that would come out the same (the answer's
bytes, request and response validation, the deviations it applied) is taken from the first computation. Still
done for every request: the API's recheck, the journal, the ledger and the app log (`pipeline.account`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# what of the WSGI environ a handler may read besides the headers (not the client's port: keep-alive reconnects)
_KEYED = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH",
          "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "REMOTE_ADDR", "wsgi.url_scheme")
METHODS = ("GET", "POST")  # what is reused (HEAD is answered by GET's view without a body: computed each time)
MAX_BODY = 1 << 20  # larger answers are not kept
MAX_BYTES = 32 << 20  # the kept answers' bodies together: the oldest go first
MAX_REQUEST_BODY = 1 << 16  # larger request bodies are not read ahead for a key

# The API's check, run again for each reused request: the headers to set on this answer (its rate-limit headers,
# say), or None when the answer may not be reused for it (auth refuses, configuration changed): then the request
# is computed. It may leave a note in the environ for that computation (the rate-limit hit it already counted).
Recheck = Callable[[dict], "Mapping[str, str] | None"]


@dataclass(frozen=True)
class Answer:
    status: str  # the status line, '200 OK'
    headers: tuple[tuple[str, str], ...]  # as the app sent them
    body: bytes
    exchange: object  # pipeline.Exchange: what the journal, the ledger and the app log get for it


@dataclass
class Slot:
    """One request's way to the cache: opened before its handler runs, kept when it ran on an unchanged state."""

    key: tuple
    version: int
    profile: object  # the app's profile when the request began
    request_profile: object  # the request's own (its headers may ask for another fidelity or version)
    recheck: Recheck  # run under the request's profile, so the deviations it asks about answer as they did
    reads: int  # the clock's reads on this thread before the handler
    clock: int | None  # the clock's count of changes when it is frozen; None: it runs
    read_clock: bool = False  # the handler read the clock
    fresh: bool = False  # the handler ran on one state from start to end


def request_key(environ: dict, body: bytes) -> tuple:
    return (tuple(environ.get(name) for name in _KEYED),
            tuple(sorted((k, v) for k, v in environ.items() if k.startswith("HTTP_"))), body)


class AnswerCache:
    def __init__(self, size: int = 256, max_bytes: int = MAX_BYTES):
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple, tuple[Slot, Answer]] = OrderedDict()

    def open(self, store, environ: dict, body: bytes, profile, request_profile, recheck: Recheck) -> Slot:
        """Before the handler of an operation that opts in: the slot its answer may be kept under."""
        clock = store.clock
        return Slot(request_key(environ, body), store.version(), profile, request_profile, recheck, clock.reads(),
                    clock.changes if clock.frozen else None)

    @staticmethod
    def close(slot: Slot, store) -> None:
        """After the handler: the answer may be kept if no state changed and the clock it read stood still."""
        clock = store.clock
        slot.read_clock = clock.reads() != slot.reads
        if slot.read_clock and (slot.clock is None or not clock.frozen or clock.changes != slot.clock):
            return  # the time it read runs, or was changed meanwhile
        slot.fresh = store.version() == slot.version

    def wants(self, slot: Slot) -> bool:
        """Whether the slot's answer would be kept (so it is worth taking down)."""
        return slot.fresh and self._size > 0

    def keep(self, slot: Slot, answer: Answer) -> None:
        if not self.wants(slot) or len(answer.body) > MAX_BODY:
            return
        with self._lock:
            old = self._answers.pop(slot.key, None)
            if old is not None:
                self._bytes -= len(old[1].body)
            self._answers[slot.key] = (slot, answer)
            self._bytes += len(answer.body)
            while len(self._answers) > self._size or self._bytes > self._max_bytes:
                self._bytes -= len(self._answers.popitem(last=False)[1][1].body)

    def find(self, store, environ: dict, body: bytes, profile) -> tuple[Slot, Answer] | None:
        """The answer kept for the same request at the same state, clock and profile, if any."""
        with self._lock:
            found = self._answers.get(request_key(environ, body))
        if found is None:
            return None
        kept, answer = found
        clock = store.clock
        if kept.profile != profile or (kept.read_clock and (not clock.frozen or clock.changes != kept.clock)):
            return None
        if store.version() != kept.version:
            return None
        return kept, answer

    def __len__(self) -> int:
        return len(self._answers)

    def __bool__(self) -> bool:
        return bool(self._answers)
