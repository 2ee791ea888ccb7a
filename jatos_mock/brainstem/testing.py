"""A mock BrainSTEM for tests, without pytest: the server and the handle a test drives it with (`BrainstemMock`,
what the plugin's `brainstem` fixture gives), on the core's (core/testing.py).

    server = BrainstemServer(Settings(port=0, seed=0)); server.start()
    server.begin_test()
    brainstem = BrainstemMock(server)
    client = BrainstemClient(token=brainstem.token("alice"), url=brainstem.url)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jatos_mock.core.testing import MockHandle, ServedMock, Unavailable, raise_unavailable

__all__ = ["BrainstemMock", "BrainstemServer", "Unavailable"]

if TYPE_CHECKING:
    from jatos_mock.brainstem.settings import Settings


class BrainstemServer(ServedMock):
    remote_note = "--brainstem-url points to a real BrainSTEM"

    def __init__(self, settings: Settings | None = None, remote_url: str | None = None):
        if settings is None:
            from jatos_mock.brainstem.settings import Settings
            settings = Settings(port=0)
        super().__init__(_create_app, settings, remote_url)


def _create_app(settings):
    from jatos_mock.brainstem.app import create_app

    return create_app(settings)


class BrainstemMock(MockHandle):
    """What a test gets from the `brainstem` fixture: the URL the clients take (`url`), the fixture users'
    tokens, and the browser's part of the device login."""

    relax_hint = "@pytest.mark.brainstem(strict=False) or --brainstem-no-strict"

    def __init__(self, server: BrainstemServer, strict: bool = True, skip=raise_unavailable):
        super().__init__(server, strict=strict, skip=skip)
        self._tokens = self.fixture_credentials()

    def token(self, username: str = "alice") -> str:
        """A fixture user's personal access token (alice owns the private fixture project)."""
        self._need_mock("fixture tokens")
        try:
            return self._tokens[username]
        except KeyError:
            raise LookupError(f"no fixture token for user {username!r}; fixture users: "
                              f"{', '.join(sorted(self._tokens))}") from None

    def headers(self, username: str = "alice", **extra) -> dict:
        return {"Authorization": f"Bearer {self.token(username)}", **extra}

    def credentials(self, username: str = "alice") -> dict:
        """{"username", "roles", "token", "email", "password"} of a fixture user."""
        self._need_mock("fixture credentials")
        return next(dict(t) for t in self.runtime.fixture_tokens if t["username"] == username)

    def pending_device_logins(self) -> list[dict]:
        from jatos_mock.brainstem.domain import device_login

        self._need_mock("device logins")
        store = self.runtime.store
        with store.read() as state:
            return device_login.pending(state, store.now())

    def approve_device_login(self, username: str = "alice", code: str | None = None) -> None:
        """Approves a pending device login (the only one, or the one with this device/user code) for a user, as
        they would in BrainSTEM's web page."""
        self._decide(code, username, approve=True)

    def deny_device_login(self, code: str | None = None) -> None:
        self._decide(code, None, approve=False)

    def _decide(self, code, username, approve: bool) -> None:
        from jatos_mock.brainstem.domain import device_login

        self._need_mock("device logins")
        store = self.runtime.store
        with store.write() as state:
            if code is None:
                waiting = device_login.pending(state, store.now())
                if len(waiting) != 1:
                    raise LookupError(f"{len(waiting)} device logins are pending; name one by its code")
                code = waiting[0]["device_code"]
            login = device_login.find(state, code)
            if login is None:
                raise LookupError(f"no device login {code!r}")
            user_id = None
            if approve:
                user_id = next(a.user_id for a in state.accounts.values() if a.username == username)
            device_login.decide(login, user_id, approve, store.now())
