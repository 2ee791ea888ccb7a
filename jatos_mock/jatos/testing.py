"""A mock JATOS for tests, without pytest: the server (a mock on a free port, or a real JATOS's address) and the
handle a test drives it with (`JatosMock`, what the plugin's `jatos` fixture gives), on the core's (core/testing.py).

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

from jatos_mock.core.testing import MockHandle, ServedMock, Unavailable, raise_unavailable
from jatos_mock.jatos.control_client import ControlClient, ControlError
from jatos_mock.jatos.remote_tokens import API_PATH, NoToken, RemoteTokens
from jatos_mock.jatos.versions import BY_API_VERSION

__all__ = ["JatosMock", "JatosServer", "Unavailable"]

if TYPE_CHECKING:  # the app is imported when the mock starts, so loading the pytest plugin stays cheap
    from jatos_mock.jatos.settings import Settings


class JatosServer(ServedMock):
    """One JATOS mock on a background server, or the address of a real JATOS (`remote_url`) with its tokens."""

    remote_note = "--jatos-url points to a real JATOS"

    def __init__(self, settings: Settings | None = None, remote_url: str | None = None,
                 remote_tokens: list[str] | None = None):
        if settings is None:
            from jatos_mock.jatos.settings import Settings
            settings = Settings(port=0)
        super().__init__(_create_app, settings, remote_url)
        self.remote_tokens = RemoteTokens(remote_url.rstrip("/"), remote_tokens or []) if remote_url else None

    def begin_test(self, fidelity: str | None = None, faults=(), config=None, version=None) -> None:
        """The core's reset (which restores the start configuration too), then the test's JATOS version (an
        UnknownVersion, a ValueError, names the known ones) and configuration keys (`config`: a ConfigError, a
        ValueError, names a bad one and the known keys)."""
        from jatos_mock.jatos.versions import resolve

        super().begin_test(fidelity=fidelity, faults=faults, version=resolve(version) if version else None)
        if config:
            from jatos_mock.jatos.http import config_control

            config_control.change(self.runtime, config)

    def end_test(self) -> None:
        from jatos_mock.jatos.http import config_control

        super().end_test()
        config_control.restore(self.runtime)


def _create_app(settings):
    from jatos_mock.jatos.app import create_app  # imported when the mock starts: loading the plugin stays cheap

    return create_app(settings)


class JatosMock(MockHandle):
    """What a test gets from the `jatos` fixture. `skip(reason)` is called when a helper cannot serve this target
    (a mock-only helper against a real JATOS, a user without a token); by default it raises Unavailable."""

    control_client = ControlClient
    relax_hint = "@pytest.mark.jatos(strict=False) or --jatos-no-strict"

    def __init__(self, server: JatosServer, strict: bool = True, skip=raise_unavailable):
        super().__init__(server, strict=strict, skip=skip)
        if self.runtime is not None:  # JATOS's root under jatos.urlBasePath, as --jatos-url gives a real one's
            from jatos_mock.jatos.http import config_control

            self.url += config_control.current(self.runtime).base_path.rstrip("/")
        self.api_url = self.url + API_PATH
        self._tokens = self.fixture_credentials()
        self._remote_version = None

    @property
    def version(self) -> str:
        """The JATOS version this test runs against ("3.10" or "3.9"): the mock's for this test, or what a real
        JATOS says its apiVersion is (asked once)."""
        if self.is_mock:
            return self.runtime.profile.version
        if self._remote_version is None:
            req = urllib.request.Request(self.api_url + "/admin/token", headers={**self.headers(),
                                                                                  "Accept": "application/json"})
            with urllib.request.urlopen(req, timeout=60) as response:
                api_version = json.loads(response.read()).get("apiVersion")
            self._remote_version = BY_API_VERSION.get(api_version, api_version)
        return self._remote_version

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
        if not body:
            return None
        document = json.loads(body)
        return document.get("data") if isinstance(document, dict) and "apiVersion" in document else document

    def import_study(self, path, user: str | None = None, **query) -> dict:
        """Imports a .jzip through the API (POST /studies, multipart part `study`; JATOS 3.9: POST /study); returns
        the study's JSON as the running version writes it."""
        from werkzeug.datastructures import FileStorage
        from werkzeug.test import encode_multipart  # the runtime's own multipart encoder

        archive = Path(path)
        part = FileStorage(io.BytesIO(archive.read_bytes()), filename=archive.name, content_type="application/zip")
        boundary, body = encode_multipart({"study": part})
        qs = ("?" + urllib.parse.urlencode({k: str(v).lower() if isinstance(v, bool) else v
                                            for k, v in query.items()})) if query else ""
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if self.version == "3.9":  # the import answer is an info object with the study's id
            info = self._api("POST", f"/study{qs}", user, data=body, headers=headers)
            return self._api("GET", f"/studies/{info['id']}/properties", user)
        return self._api("POST", f"/studies{qs}", user, data=body, headers=headers)

    def add_study(self, user: str | None = None, **properties) -> dict:
        """Creates a study through the API (POST /studies with JSON properties; JATOS 3.9: POST /studies/create);
        returns the study's JSON as the running version writes it."""
        properties.setdefault("title", "Test study")
        data, headers = json.dumps(properties).encode("utf-8"), {"Content-Type": "application/json"}
        if self.version == "3.9":  # the answer is {uuid, id}
            created = self._api("POST", "/studies/create", user, data=data, headers=headers)
            return self._api("GET", f"/studies/{created['id']}/properties", user)
        return self._api("POST", "/studies", user, data=data, headers=headers)

    def add_results(self, study_id, count: int = 1, data: str | bytes | None = "{}", state: str = "FINISHED",
                    worker_type: str | None = None, study_code: str | None = None) -> list[int]:
        """Adds `count` study results (one component result each, on the study's first component) straight into
        the mock's store (control API POST /__mock__/results); returns the study result ids.

        With `study_code` (e.g. from POST studies/{id}/studyCodes) the results are runs of that code: its batch,
        its worker type, its worker and comment (personal codes), and the studyCode in results metadata. Without
        one: each on a new `worker_type` worker (default GeneralMultiple) in the study's default batch."""
        self._need_mock("add_results")
        try:
            return self.control.add_results(study_id, count=count, data=data, state=state, worker_type=worker_type,
                                            study_code=study_code)
        except ControlError as exc:
            if exc.status == 404:
                raise LookupError(exc.message) from None
            raise
