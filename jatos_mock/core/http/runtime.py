"""Everything one mock instance shares across requests; app.create_app builds it, handlers reach it here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from jatos_mock.core.contract.ledger import Ledger
from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.core.http.journal import Journal
from jatos_mock.core.http.version import ApiVersion
from jatos_mock.core.profile import Profile
from jatos_mock.core.state.store import Store

EXTENSION = "jatos_mock"


@dataclass
class Runtime:
    settings: Any  # the API's settings; their profile() is the default profile of a request
    store: Store
    validator: ContractValidator
    version: ApiVersion  # the API version this app serves: routes, views, envelope
    ledger: Ledger = field(default_factory=Ledger)
    journal: Journal = field(default_factory=Journal)
    fixture_tokens: list[dict] = field(default_factory=list)  # {username, roles, token} of the fixture users
    extras: dict = field(default_factory=dict)  # per-feature state (faults, app log, ...)
    # what else a reset restores: an API's own memory outside the store (its configuration, rate-limit counters)
    on_reset: list = field(default_factory=list)
    # what a request runs under unless its header asks otherwise: the settings' profile, or a test's (reset restores)
    profile: Profile = field(init=False)

    def __post_init__(self):
        self.reset_profile()

    def reset_profile(self) -> None:
        self.profile = self.settings.profile()


def runtime() -> Runtime:
    return current_app.extensions[EXTENSION]
