"""What the mock knows about the request it is answering: one record per request, reached through `this_request()`.

The pipeline's before-request hook creates it; the endpoint, the routing-miss and crash handlers fill it in; the
after-request hook turns it into ledger and journal entries.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field

from flask import g

from jatos_mock.core.deviations.switch import RequestFidelity
from jatos_mock.core.faults.injector import Firing
from jatos_mock.core.profile import Profile

_KEY = "jatos_mock_request"


@dataclass
class RequestRecord:
    seq: int  # journal sequence number
    started: float  # time.perf_counter() at the start
    scope: RequestFidelity  # the request's profile and the deviations applied so far
    path_template: str | None  # the route's template in the contract's syntax; None: no route matched
    operation_id: str | None = None  # set by the endpoint that answers
    request_problems: list[str] = field(default_factory=list)  # how the request breaks the contract
    unmatched: bool = False  # a routing miss: no operation of the API
    crashed: str | None = None  # an unexpected exception, answered 500
    faults: Firing | None = None  # the injected faults that fire on this request
    token: contextvars.Token | None = field(default=None, repr=False)  # ends the fidelity scope at teardown
    served: tuple | None = field(default=None, repr=False)  # (version, validator) of the profile's version, once
    answer_slot: object = field(default=None, repr=False)  # answer_cache.Slot: the answer may be kept for reuse


    @property
    def profile(self) -> Profile:
        return self.scope.profile

    @property
    def applied(self) -> tuple[str, ...]:
        return tuple(self.scope.applied)


def start(record: RequestRecord) -> RequestRecord:
    setattr(g, _KEY, record)
    return record


_app_globals = g._get_current_object  # one context look-up instead of the proxy's per attribute


def this_request() -> RequestRecord | None:
    """The current request's record (None outside a request the pipeline began)."""
    return _app_globals().__dict__.get(_KEY)
