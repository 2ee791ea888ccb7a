"""A mock for tests, without pytest: the server (a mock app on a free port, or a real server's address) and the base
of the handle a test drives it with. An API's testing module subclasses both (jatos_mock.jatos.testing).

    server = ServedMock(create_app, settings).start()
    server.begin_test(fidelity="spec")
    ...
    server.end_test(); server.stop()
"""

from __future__ import annotations

from collections.abc import Callable

from jatos_mock.core.client import ControlClient


class Unavailable(Exception):
    """What the handle was asked for needs the mock (or a credential) this target does not have."""


def raise_unavailable(reason: str):
    raise Unavailable(reason)


class ServedMock:
    """One mock app (`create_app(settings)`) on a background waitress server, or the address of a real server
    (`remote_url`; then nothing is started)."""

    remote_note = "the tests run against a real server"  # why a mock-only helper cannot serve (an API says how)

    def __init__(self, create_app: Callable, settings, remote_url: str | None = None):
        self._create_app = create_app
        self.settings = settings
        self.remote_url = remote_url
        self.server = None
        self.runtime = None  # the mock's Runtime; None against a real server

    @property
    def is_mock(self) -> bool:
        return self.remote_url is None

    def start(self):
        """Starts the mock (a FixtureError says what is wrong with the fixtures); nothing to do for a real server."""
        if self.is_mock and self.server is None:
            from jatos_mock.core.http.runtime import EXTENSION
            from jatos_mock.core.server import MockServer

            app = self._create_app(self.settings)
            self.runtime = app.extensions[EXTENSION]
            self.server = MockServer(app, self.settings.host, self.settings.port,
                                     threads=self.settings.threads).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    @property
    def url(self) -> str:
        return self.remote_url.rstrip("/") if not self.is_mock else self.server.url

    def begin_test(self, fidelity: str | None = None, faults=(), version: str | None = None) -> None:
        """Back to the fixtures, the start clock, the settings' profile and no faults; then the test's own fidelity
        and version (its default profile, which a request header still overrides) and faults (a FaultError names a
        bad one)."""
        from jatos_mock.core.http.control import reset_runtime

        rt = self.runtime
        reset_runtime(rt)
        if fidelity is not None:
            rt.profile = rt.profile.with_fidelity(fidelity)
        if version is not None:
            rt.profile = rt.profile.with_version(version)
        rt.extras["faults"].add_all(faults)

    def end_test(self) -> None:
        self.runtime.reset_profile()
        self.runtime.extras["faults"].clear()


class MockHandle:
    """What a test gets from an API's fixture: the target, the control API, and what happened during the test.
    `skip(reason)` is called when a helper cannot serve this target (a mock-only helper against a real server, a
    user without a credential); by default it raises Unavailable."""

    control_client = ControlClient  # an API's handle names its own client class
    relax_hint = "strict=False in the API's marker"  # how a strict test stops failing on violations (said per API)

    def __init__(self, server: ServedMock, strict: bool = True, skip=raise_unavailable):
        self._server = server
        self._skip = skip
        self.url = server.url
        self.strict = strict
        self.runtime = server.runtime  # None against a real server
        self._start = self.runtime.journal.next_seq() if self.runtime is not None else 0
        self._control = None

    # --- targets ---
    @property
    def is_mock(self) -> bool:
        return self.runtime is not None

    @property
    def version(self) -> str | None:
        """The API version this test runs under (the mock's profile; an API's handle asks a real server)."""
        return self.runtime.profile.version if self.runtime is not None else None

    def _need_mock(self, what: str) -> None:
        if not self.is_mock:
            self._skip(f"{what} needs jatos-mock; {self._server.remote_note}")

    @property
    def control(self):
        """The control API client of this mock."""
        self._need_mock("the control API")
        if self._control is None:
            self._control = self.control_client(self._server.url)  # /__mock__/ at the server's root, always
        return self._control

    def fixture_credentials(self) -> dict[str, str]:
        """{username: token or api key} of the fixture users whose credentials work."""
        if self.runtime is None:
            return {}
        return {t["username"]: t["token"] for t in self.runtime.fixture_tokens if t.get("active", True)}

    # --- what happened during this test ---
    def journal(self) -> list[dict]:
        """The API requests of this test, in order (control API calls left out)."""
        self._need_mock("journal()")
        entries = self.runtime.journal.entries(self._start)
        return [e.as_dict() for e in entries if not e.path.startswith("/__mock__/")]

    def violations(self, unregistered_only: bool = True) -> list:
        """Contract violations seen during this test (by default only those no registered deviation explains)."""
        self._need_mock("violations()")
        return self.runtime.ledger.entries(self._start, unregistered_only=unregistered_only)

    def problems(self) -> list[str]:
        """What makes a strict test fail: unregistered violations and unmatched requests during the test."""
        if not self.is_mock:
            return []
        return [v.describe() for v in self.violations(unregistered_only=True)]

    def add_fault(self, fault) -> dict:
        """Adds a fault (spec string or JSON form) for this test; a bad one raises FaultError."""
        self._need_mock("faults")
        return self.runtime.extras["faults"].add(fault).as_dict()
