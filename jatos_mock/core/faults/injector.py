"""The active faults of one app and when they fire: the request hooks call before_request and after_request.

A fault applies to one operation (its operationId, or `METHOD /path` as in the contract, with or without the API's
prefix; `*` wildcards allowed) or to every API request (no target). Faults never touch the mock's own pages
(/__mock__/, the docs page, /openapi.yaml). Random draws (latency, probability) come from the faults' own seeded
generator, so the same seed gives the same faults.
"""

import fnmatch
import itertools
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response

from jatos_mock.core.faults import transport
from jatos_mock.core.faults.api_profile import ApiFaultProfile
from jatos_mock.core.faults.model import Drop, ErrorAnswer, Fault, Latency, RateLimit, Truncate
from jatos_mock.core.faults.ratelimit import RateLimiter
from jatos_mock.core.faults.spec import build

FAULT_FREE = ("/__mock__/", "/docs", "/openapi.yaml")  # the mock's own pages


@dataclass(frozen=True)
class Firing:
    """What fired on one request, kept by the request hooks from before_request to after_request."""

    chosen: list[Fault]
    limit_headers: dict | None


class Faults:
    """The registry of one app's faults, checked against its API (`api`) and timed by its clock.

    `api` is the API's profile, or a function giving the profile of the version running now (an app serving several
    versions): targets are checked against that version's operationIds when added, and an injected error is answered
    the way the request's version answers errors."""

    def __init__(self, api: ApiFaultProfile | Callable[[], ApiFaultProfile], clock, seed: int | None = None,
                 sleep=time.sleep):
        self._api = api if callable(api) else (lambda: api)
        self._clock = clock
        self._seed = seed
        self._sleep = sleep
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._limiters: dict[int, RateLimiter] = {}  # fault id -> the window count of a ratelimit fault
        self._ids = itertools.count(1)
        self.rng = random.Random(seed)

    @property
    def api(self) -> ApiFaultProfile:
        return self._api()

    # --- management ---
    def add(self, item) -> Fault:
        return self.add_all([item])[0]

    def add_all(self, items) -> list[Fault]:
        built = [build(item, self.api) for item in items]  # all or nothing
        with self._lock:
            for fault in built:
                fault.id = next(self._ids)
                self._faults.append(fault)
                if isinstance(fault, RateLimit):
                    self._limiters[fault.id] = RateLimiter(fault.limit, fault.window, self._clock)
        return built

    def remove(self, fault_id: int) -> bool:
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if f.id != fault_id]
            self._limiters.pop(fault_id, None)
            return len(self._faults) != before

    def clear(self) -> None:
        """Removes every fault and reseeds the generator, so a new test sees the same draws."""
        with self._lock:
            self._faults = []
            self._limiters = {}
            self.rng = random.Random(self._seed)

    def describe(self) -> list[dict]:
        with self._lock:
            return [f.as_dict() for f in self._faults]

    def __bool__(self) -> bool:
        return bool(self._faults)

    # --- matching ---
    def _matches(self, fault: Fault, request, operation: str | None, template: str | None) -> bool:
        if fault.target is None:
            return True
        target = fault.target
        if " " not in target:
            return operation is not None and fnmatch.fnmatchcase(operation, target)
        method, path = target.split(None, 1)
        if method.upper() != request.method and method != "*":
            return False
        prefix = self.api.api_prefix
        candidates = {request.path}
        if template:
            candidates.add(template)
            if prefix and template.startswith(prefix):
                candidates.add(template[len(prefix):])
        if prefix and request.path.startswith(prefix):
            candidates.add(request.path[len(prefix):])
        return any(fnmatch.fnmatchcase(c, path) for c in candidates)

    def _active(self, request, operation: str | None, template: str | None) -> list[Fault]:
        """The faults that fire on this request; each counts the hit and draws its probability."""
        if not self._faults or request.path.startswith(FAULT_FREE):
            return []
        chosen = []
        with self._lock:
            for fault in self._faults:
                if not self._matches(fault, request, operation, template):
                    continue
                if fault.times is not None and fault.hits >= fault.times:
                    continue
                if fault.probability < 1 and self.rng.random() >= fault.probability:
                    continue
                fault.hits += 1
                chosen.append(fault)
        return chosen

    def delay_ms(self, fault: Latency) -> float:
        with self._lock:
            return fault.distribution.draw(self.rng)

    # --- hooks ---
    def before_request(self, request, operation: str | None, template: str | None) -> tuple[Response | None, Firing]:
        """Sleeps the latencies, then answers a request over a rate limit, or an injected error (None: go on);
        the Firing goes back to after_request. `operation`, `template`: the request's operationId and route template
        in the contract's syntax (None when it matched no route)."""
        chosen = self._active(request, operation, template)
        for fault in chosen:
            if isinstance(fault, Latency):
                self._sleep(self.delay_ms(fault) / 1000)
        answer, limit_headers = self._rate_limit(chosen)
        if answer is None:
            answer = next((self.api.render_error(f.status, f.code, f.message, None)
                           for f in chosen if isinstance(f, ErrorAnswer)), None)
        return answer, Firing(chosen, limit_headers)

    def _rate_limit(self, chosen: list[Fault]) -> tuple[Response | None, dict | None]:
        """Counts the request in each rate limit that fires: the first one exceeded answers 429; the headers are
        those of the last one counted."""
        headers = None
        for fault in chosen:
            limiter = self._limiters.get(fault.id) if isinstance(fault, RateLimit) else None
            if limiter is None:  # not a rate limit (or removed meanwhile)
                continue
            decision = limiter.hit()
            headers = decision.headers()
            if not decision.allowed:
                code, message = self.api.default_error(429)
                return (self.api.render_error(429, code, message,
                                              {**headers, "Retry-After": str(decision.retry_after_s)}), headers)
        return None, headers

    @staticmethod
    def after_request(response: Response, firing: Firing | None) -> Response:
        """Adds the rate-limit headers, then drops or truncates the answer if a transport fault fired."""
        if firing is None:
            return response
        for name, value in (firing.limit_headers or {}).items():
            response.headers.setdefault(name, value)
        for fault in firing.chosen:
            if isinstance(fault, Drop):
                return transport.dropped(response)
            if isinstance(fault, Truncate):
                return transport.truncated(response, fault.bytes)
        return response

