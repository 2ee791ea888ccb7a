"""The fidelity switch. An API builds one `Switch` over its registry; its `deviates("A34")` is the one place where a
registered deviation is applied.

It asks the profile of the current request (contract/profile.py): in the real server's fidelity it answers True
for an entry established for the profile's version and records the id for the request, so a response that breaks
the contract is attributed to the deviations that explain it; in `spec` fidelity (unless the entry applies in
every fidelity: the mock cannot answer otherwise), or for another version, it answers False.
"""

import contextvars
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from jatos_mock.core.deviations.registry import Deviation
from jatos_mock.core.profile import Profile


@dataclass
class RequestFidelity:
    profile: Profile
    applied: list[str] = field(default_factory=list)
    explains: dict[str, str | None] = field(default_factory=dict)  # id -> the violations it may explain

    def explaining(self, kind: str) -> tuple[str, ...]:
        """The applied deviations that may explain a `kind` ("request" or "response") violation."""
        return tuple(i for i in self.applied if self.explains.get(i) in (None, kind))


_current: contextvars.ContextVar[RequestFidelity | None] = contextvars.ContextVar("jatos_mock_fidelity", default=None)


class Switch:
    """The switch of one API, over its registry (a function giving `{id: Deviation}`)."""

    def __init__(self, registry: Callable[[], dict[str, Deviation]], where: str):
        self._registry = registry
        self._where = where  # the registry file, for the message about an unknown id

    def deviates(self, deviation_id: str) -> bool:
        entry = self._registry().get(deviation_id)
        if entry is None:
            raise KeyError(f"unregistered deviation {deviation_id!r}: add it to {self._where}")
        current = _current.get()
        if current is None:
            return True
        profile = current.profile
        if (profile.is_spec and not entry.in_every_fidelity) or \
                (profile.version is not None and profile.version not in entry.versions):
            return False
        if deviation_id not in current.applied:
            current.applied.append(deviation_id)
            current.explains[deviation_id] = entry.explains
        return True


def current() -> RequestFidelity | None:
    return _current.get()


def _profile(profile: Profile | str) -> Profile:
    # a bare fidelity (domain tests outside a request): no particular API or version
    return profile if isinstance(profile, Profile) else Profile(api=None, version=None, fidelity=profile)


@contextmanager
def fidelity_scope(profile: Profile | str):
    """Runs a request (or a test) under one profile and collects the deviations it applies."""
    scope, token = begin(profile)
    try:
        yield scope
    finally:
        end(token)


def begin(profile: Profile | str) -> tuple[RequestFidelity, contextvars.Token]:
    scope = RequestFidelity(_profile(profile))
    return scope, _current.set(scope)


def end(token: contextvars.Token) -> None:
    _current.reset(token)
