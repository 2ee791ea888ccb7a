"""A mock JATOS for tests, without pytest: the server (a mock on a free port, or a real JATOS's address) and the
handle a test drives it with (`JatosMock`, what the plugin's `jatos` fixture gives).

    server = JatosServer(Settings(port=0, seed=0)); server.start()
    server.begin_test(fidelity="spec")
    jatos = JatosMock(server)
    ...
    server.stop()
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from jatos_mock.jatos.remote_tokens import API_PATH, NoToken, RemoteTokens

if TYPE_CHECKING:  # the app is imported when the mock starts, so loading the pytest plugin stays cheap
    from jatos_mock.jatos.settings import Settings


class Unavailable(Exception):
    """What the handle was asked for needs the mock (or a token) this target does not have."""


def _unavailable(reason: str):
    raise Unavailable(reason)


class JatosServer:
    """One mock app on a background waitress server, or the address of a real JATOS (`remote_url`)."""

    def __init__(self, settings: Settings | None = None, remote_url: str | None = None,
                 remote_tokens: list[str] | None = None):
        if settings is None:
            from jatos_mock.jatos.settings import Settings
            settings = Settings(port=0)
        self.settings = settings
        self.remote_url = remote_url
        self.remote_tokens = RemoteTokens(remote_url.rstrip("/"), remote_tokens or []) if remote_url else None
        self.server = None
        self.runtime = None  # the mock's Runtime; None against a real JATOS

    @property
    def is_mock(self) -> bool:
        return self.remote_url is None

    def start(self) -> JatosServer:
        """Starts the mock (a FixtureError says what is wrong with the fixtures); nothing to do for a real JATOS."""
        if self.is_mock and self.server is None:
            from jatos_mock.core.http.runtime import EXTENSION
            from jatos_mock.core.server import MockServer
            from jatos_mock.jatos.app import create_app

            app = create_app(self.settings)
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

    def begin_test(self, fidelity: str | None = None, faults=(), config=None) -> None:
        """Back to the fixtures, the start configuration and clock, the settings' profile and no faults; then the
        test's own fidelity (its default profile, which a request header still overrides), faults (a FaultError
        names a bad one) and JATOS configuration keys (a ConfigError names a bad one)."""
        from jatos_mock.jatos.http import config_control
        from jatos_mock.jatos.http.control import reset_runtime

        rt = self.runtime
        reset_runtime(rt)
        if config:
            config_control.change(rt, config)
        if fidelity is not None:
            rt.profile = rt.profile.with_fidelity(fidelity)
        rt.extras["faults"].add_all(faults)

    def end_test(self) -> None:
        from jatos_mock.jatos.http import config_control

        self.runtime.reset_profile()
        config_control.restore(self.runtime)
        self.runtime.extras["faults"].clear()


class JatosMock:
    """What a test gets from the `jatos` fixture. `skip(reason)` is called when a helper cannot serve this target
    (a mock-only helper against a real JATOS, a user without a token); by default it raises Unavailable."""

    def __init__(self, server: JatosServer, strict: bool = True, skip=_unavailable):
        self._server = server
        self._skip = skip
        self.strict = strict
        self.runtime = server.runtime  # None against a real JATOS
        self.url = server.url  # JATOS's root: under jatos.urlBasePath on the mock, as given for a real JATOS
        if self.runtime is not None:
            from jatos_mock.jatos.http import config_control
            self.url += config_control.current(self.runtime).url_base_path.rstrip("/")
        self.api_url = self.url + API_PATH
        self._start = self.runtime.journal.next_seq() if self.runtime is not None else 0
        self._control = None
        self._tokens = ({t["username"]: t["token"] for t in self.runtime.fixture_tokens if t.get("active", True)}
                        if self.runtime is not None else {})

    # --- targets ---
    @property
    def is_mock(self) -> bool:
        return self.runtime is not None

    def _need_mock(self, what: str) -> None:
        if not self.is_mock:
            self._skip(f"{what} needs jatos-mock; --jatos-url points to a real JATOS")

    @property
    def control(self):
        """The control API client (jatos_mock.core.client.ControlClient)."""
        self._need_mock("the control API")
        if self._control is None:
            from jatos_mock.core.client import ControlClient
            self._control = ControlClient(self._server.url)  # /__mock__/ stays at the server's root
        return self._control

    # --- auth ---
    def token(self, username: str | None = None) -> str:
        """The API token of a user (default: admin on the mock; the bare or admin's --jatos-token on a real JATOS).
        Against a real JATOS a user without a --jatos-token skips the test, with the reason."""
        if not self.is_mock:
            try:
                return self._server.remote_tokens.token_for(username)
            except NoToken as exc:
                self._skip(str(exc))
        username = username or "admin"
        try:
            return self._tokens[username]
        except KeyError:
            raise LookupError(f"no fixture token for user {username!r}; fixture users: "
                              f"{', '.join(sorted(self._tokens)) or 'none'}") from None

    def headers(self, username: str | None = None, **extra) -> dict:
        return {"Authorization": f"Bearer {self.token(username)}", **extra}

    def mint_token(self, username: str, expires: int | None = None, name: str | None = None) -> str:
        """A new token for any user (control API); returns its value."""
        return self.control.mint_token(username, expires=expires, name=name)["token"]

    # --- seeding through the API ---
    def _api(self, method: str, path: str, user: str | None, **kwargs) -> dict:
        req = urllib.request.Request(self.api_url + path, method=method, headers=self.headers(user, **kwargs.pop(
            "headers", {})), data=kwargs.pop("data", None))
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path} answered {exc.code}: {exc.read()[:500]!r}") from None
        return json.loads(body).get("data") if body else None

    def import_study(self, path, user: str | None = None, **query) -> dict:
        """Imports a .jzip through the API (POST /studies, multipart part `study`); returns the study's JSON."""
        from werkzeug.datastructures import FileStorage
        from werkzeug.test import encode_multipart  # the runtime's own multipart encoder

        archive = Path(path)
        part = FileStorage(io.BytesIO(archive.read_bytes()), filename=archive.name, content_type="application/zip")
        boundary, body = encode_multipart({"study": part})
        qs = ("?" + urllib.parse.urlencode({k: str(v).lower() if isinstance(v, bool) else v
                                            for k, v in query.items()})) if query else ""
        return self._api("POST", f"/studies{qs}", user, data=body,
                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def add_study(self, user: str | None = None, **properties) -> dict:
        """Creates a study through the API (POST /studies with JSON properties); returns the study's JSON."""
        properties.setdefault("title", "Test study")
        return self._api("POST", "/studies", user, data=json.dumps(properties).encode("utf-8"),
                         headers={"Content-Type": "application/json"})

    def add_results(self, study_id, count: int = 1, data: str | bytes | None = "{}", state: str = "FINISHED",
                    worker_type: str | None = None, study_code: str | None = None) -> list[int]:
        """Adds `count` study results (one component result each, on the study's first component) straight into
        the mock's store (control API POST /__mock__/results); returns the study result ids.

        With `study_code` (e.g. from POST studies/{id}/studyCodes) the results are runs of that code: its batch,
        its worker type, its worker and comment (personal codes), and the studyCode in results metadata. Without
        one: each on a new `worker_type` worker (default GeneralMultiple) in the study's default batch."""
        self._need_mock("add_results")
        from jatos_mock.core.client import ControlError

        try:
            return self.control.add_results(study_id, count=count, data=data, state=state, worker_type=worker_type,
                                            study_code=study_code)
        except ControlError as exc:
            if exc.status == 404:
                raise LookupError(exc.message) from None
            raise

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
