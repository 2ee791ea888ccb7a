"""Answers of reads reused for the same request at the same state, so a test suite polling an unchanged mock pays
for routing, auth and bookkeeping only.

An operation opts in when its handler's answer depends on nothing but the state, the request, the caller's
configuration and profile, and the clock. An answer is reused only when all of these are provably the same:
- the request: method, path, query, body, headers, client address and server name (the key);
- the state: the store's version (core/state/undo.changed: every write and every change outside a write counts),
  read under the store's lock before and after the handler; an answer computed while any state changed is not kept;
- the clock: if the handler read it, the clock was frozen throughout and has not been set, advanced or unfrozen
  since;
- the request's profile (fidelity, version) and the configuration object (immutable, swapped whole).
Still done for every request: routing, faults, binding, auth, request validation, the journal, the ledger and the app
log. Reused: the handler's answer (status, headers, body), the deviations it applied and the problems response
validation found in it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Response

from jatos_mock.core.contract.validation import NOT_GIVEN

# what of the WSGI environ a handler may read besides the headers (not the client's port: keep-alive reconnects)
_KEYED = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH",
          "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "REMOTE_ADDR", "wsgi.url_scheme")
MAX_BODY = 1 << 20  # larger answers are not kept


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    document: object  # the JSON value behind the body (NOT_GIVEN: none)
    deviations: tuple[tuple[str, str | None], ...]  # (id, what it explains) the handler applied, in order
    problems: tuple[str, ...]  # what response validation found


@dataclass
class Slot:
    """One request's way to the cache: opened before its handler runs, kept when it ran on an unchanged state."""

    key: tuple
    version: int
    context: tuple  # (profile, configuration)
    reads: int  # the clock's reads on this thread before the handler
    clock: int | None  # the clock's count of changes when it is frozen; None: it runs
    read_clock: bool = False  # the handler read the clock
    fresh: bool = False  # the handler ran on one state from start to end
    deviations: tuple[tuple[str, str | None], ...] = ()


class AnswerCache:
    def __init__(self, size: int = 256):
        self._size = size
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple, tuple[Slot, Answer]] = OrderedDict()

    def open(self, store, environ, body: bytes, profile, config) -> tuple[Slot, Answer | None]:
        """The request's slot and, if one is provably fresh, the answer computed for the same request before."""
        key = (tuple(environ.get(name) for name in _KEYED),
               tuple(sorted((k, v) for k, v in environ.items() if k.startswith("HTTP_"))), body)
        clock = store.clock
        slot = Slot(key, store.version(), (profile, config), clock.reads(), clock.changes if clock.frozen else None)
        with self._lock:
            found = self._answers.get(key)
        if found is not None:
            kept, answer = found
            if (kept.version == slot.version and kept.context[0] == profile and kept.context[1] is config
                    and (not kept.read_clock or kept.clock == slot.clock)):
                return slot, answer
        return slot, None

    @staticmethod
    def close(slot: Slot, store, deviations: tuple) -> None:
        """After the handler: the answer may be kept if no state changed and the clock it read stood still."""
        clock = store.clock
        slot.read_clock = clock.reads() != slot.reads
        if slot.read_clock and (slot.clock is None or not clock.frozen or clock.changes != slot.clock):
            return  # the time it read runs, or was changed meanwhile
        slot.fresh = store.version() == slot.version
        slot.deviations = deviations

    def keep(self, slot: Slot, response: Response, document, problems: list[str]) -> None:
        if not slot.fresh or response.is_streamed or response.direct_passthrough:
            return
        body = response.get_data()
        if len(body) > MAX_BODY:
            return
        answer = Answer(response.status_code, tuple(response.headers.items()), body, document, slot.deviations,
                        tuple(problems))
        with self._lock:
            self._answers[slot.key] = (slot, answer)
            self._answers.move_to_end(slot.key)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)

    def __len__(self) -> int:
        return len(self._answers)


def response_of(answer: Answer) -> Response:
    """A new Response with the kept answer's status, headers (in their order) and body."""
    response = Response(answer.body, status=answer.status, headers=list(answer.headers))
    if answer.document is not NOT_GIVEN:
        response.json_document = answer.document
    return response
