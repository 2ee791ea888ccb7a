"""Everything one mock instance shares across requests; app.create_app builds it, handlers reach it here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, has_request_context

from jatos_mock.core.contract.ledger import Ledger
from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.core.http.answer_cache import AnswerCache
from jatos_mock.core.http.journal import Journal
from jatos_mock.core.http.record import this_request
from jatos_mock.core.http.version import ApiVersion
from jatos_mock.core.profile import Profile
from jatos_mock.core.state.store import Store

EXTENSION = "jatos_mock"


@dataclass
class Runtime:
    settings: Any  # the API's settings; their profile() is the default profile of a request
    store: Store
    validator: ContractValidator | None  # the default version's contract (None: a version without one)
    version: ApiVersion  # the API version this app serves by default: routes, views, envelope
    ledger: Ledger = field(default_factory=Ledger)
    journal: Journal = field(default_factory=Journal)
    fixture_tokens: list[dict] = field(default_factory=list)  # {username, roles, token} of the fixture users
    extras: dict = field(default_factory=dict)  # per-feature state (faults, app log, ...)
    answers: AnswerCache = field(default_factory=AnswerCache)  # reads reused at an unchanged state
    # what else a reset restores: an API's own memory outside the store (its configuration, rate-limit counters)
    on_reset: list = field(default_factory=list)
    # the other versions a request or a test may ask for: name -> (version, its contract's validator or None)
    others: dict[str, tuple[ApiVersion, ContractValidator | None]] = field(default_factory=dict)
    # what a request runs under unless its header asks otherwise: the settings' profile, or a test's (reset restores)
    profile: Profile = field(init=False)

    def __post_init__(self):
        self.reset_profile()

    def reset_profile(self) -> None:
        self.profile = self.settings.profile()

    def version_names(self) -> list[str]:
        """Every version this app serves: the default first."""
        return [self.version.name, *self.others]

    def served(self, name: str | None) -> tuple[ApiVersion, ContractValidator | None]:
        """A version by name and its contract's validator; the default for None or a name the app does not serve."""
        if name is not None and name != self.version.name and name in self.others:
            return self.others[name]
        return self.version, self.validator

    @property
    def request_version(self) -> ApiVersion:
        """The version the current request runs under (its profile's), outside a request the app's default."""
        return self._request_served()[0]

    @property
    def request_validator(self) -> ContractValidator | None:
        """The contract of the current request's version (None: that version has no contract to check against)."""
        return self._request_served()[1]

    def _request_served(self) -> tuple[ApiVersion, ContractValidator | None]:
        record = this_request() if has_request_context() else None
        if record is None:
            return self.version, self.validator
        if record.served is None:  # a request's profile is fixed when it begins: look its version up once
            record.served = self.served(record.profile.version)
        return record.served


_app = current_app._get_current_object  # one context look-up instead of the proxy's


def runtime() -> Runtime:
    return _app().extensions[EXTENSION]
