"""A mock PyBossa for tests, without pytest: the server (a mock on a free port, or a real PyBossa's address) and the
handle a test drives it with (`PybossaMock`, what the plugin's `pybossa` fixture gives), on the core's
(core/testing.py).

    server = PybossaServer(Settings(port=0, seed=0)); server.start()
    server.begin_test()
    pybossa = PybossaMock(server)
    requests.get(f"{pybossa.api_url}/project", params={"api_key": pybossa.api_key("owner")})
    server.stop()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jatos_mock.core.testing import MockHandle, ServedMock, Unavailable, raise_unavailable
from jatos_mock.pybossa.control_client import ControlClient

__all__ = ["PybossaMock", "PybossaServer", "Unavailable"]

if TYPE_CHECKING:
    from jatos_mock.pybossa.settings import Settings


class PybossaServer(ServedMock):
    """One PyBossa mock on a background server, or a real PyBossa (`remote_url`) with {user: api key}."""

    remote_note = "--pybossa-url points to a real PyBossa"

    def __init__(self, settings: Settings | None = None, remote_url: str | None = None,
                 remote_keys: dict[str, str] | None = None):
        if settings is None:
            from jatos_mock.pybossa.settings import Settings
            settings = Settings(port=0)
        super().__init__(_create_app, settings, remote_url)
        self.remote_keys = dict(remote_keys or {})


def _create_app(settings):
    from jatos_mock.pybossa.app import create_app  # imported when the mock starts: loading the plugin stays cheap

    return create_app(settings)


class PybossaMock(MockHandle):
    """What a test gets from the `pybossa` fixture: `url` (the server, what pbclient's endpoint and pbs's --server
    take), `api_url`, the users' API keys, and the control API's PyBossa calls."""

    control_client = ControlClient
    relax_hint = "@pytest.mark.pybossa(strict=False) or --pybossa-no-strict"

    def __init__(self, server: PybossaServer, strict: bool = True, skip=raise_unavailable):
        super().__init__(server, strict=strict, skip=skip)
        self.api_url = self.url + "/api"
        self._keys = self.fixture_credentials() if self.is_mock else dict(server.remote_keys)

    def api_key(self, username: str | None = None) -> str:
        """A user's API key (default: the admin on the mock; against a real PyBossa, a user without a
        --pybossa-key skips the test)."""
        if username is None:
            username = next((t["username"] for t in self.runtime.fixture_tokens if "ADMIN" in t["roles"]),
                            None) if self.is_mock else next(iter(self._keys), None)
        if username not in self._keys:
            if not self.is_mock:
                self._skip(f"no --pybossa-key for user {username!r}")
            raise LookupError(f"no fixture API key for user {username!r}; fixture users: "
                              f"{', '.join(sorted(self._keys)) or 'none'}")
        return self._keys[username]

    def publish(self, project_id: int, published: bool = True) -> dict:
        """Publishes a project (PyBossa has no API for it)."""
        return self.control.publish(project_id, published)

    def secret_key(self, project_id: int) -> str:
        return self.control.secret_key(project_id)
