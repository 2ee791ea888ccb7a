"""The pytest plugin (pytest11 entry point `jatos_mock`): a mock JATOS on a free port and the `jatos` fixture.

    def test_token(jatos):
        r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("admin"))
        assert r.status_code == 200

One server per test process (so one per pytest-xdist worker), started the first time a test asks for `jatos`;
state, clock and faults are reset to the fixtures before every test. Strict by default: a test fails when, during
it, the mock answered a request that broke the contract, produced a response that breaks it, or got a request that
matched no operation (violations explained by registered JATOS deviations do not count).

Options: --jatos-fixtures DIR, --jatos-fidelity jatos|spec, --jatos-seed N, --jatos-no-strict, and --jatos-url URL
with --jatos-token [USER=]TOKEN (repeatable) to run the same tests against a real JATOS: `jatos.token(user)` is the
token given for that user; a bare token counts for the user it belongs to (asked once from GET admin/token). A test
asking for a user without a token, and helpers that need the mock, skip with the reason.
Marker: @pytest.mark.jatos(fidelity="spec", strict=False, faults=["error:503@getCurrentApiToken"]).
"""

from __future__ import annotations

from pathlib import Path

import pytest

MARKER = "jatos"
DEFAULT_SEED = 0
API_PATH = "/jatos/api/v1"


def pytest_addoption(parser):
    group = parser.getgroup("jatos", "jatos-mock (the `jatos` fixture)")
    group.addoption("--jatos-fixtures", metavar="DIR", default=None,
                    help="fixture directory for the mock instead of the built-in one")
    group.addoption("--jatos-fidelity", choices=("jatos", "spec"), default="jatos",
                    help="behave like real JATOS 3.10 (default) or as its published spec says")
    group.addoption("--jatos-seed", type=int, default=DEFAULT_SEED, metavar="N",
                    help=f"seed of UUIDs, codes, tokens and faults; freezes the clock (default {DEFAULT_SEED})")
    group.addoption("--jatos-no-strict", action="store_true", default=False,
                    help="do not fail tests on contract violations or unmatched requests")
    group.addoption("--jatos-url", metavar="URL", default=None,
                    help="run against this real JATOS instead of the mock")
    group.addoption("--jatos-token", metavar="[USER=]TOKEN", action="append", default=None,
                    help="API token for --jatos-url, repeatable: USER=jap_... per user, or a bare jap_... that "
                         "counts for the user it belongs to; tests asking for another user skip")


def pytest_configure(config):
    _parse_tokens(config.getoption("jatos_token") or [])  # a malformed --jatos-token is a usage error at once
    config.addinivalue_line(
        "markers", "jatos(fidelity=None, strict=True, faults=None): settings of the `jatos` fixture for one test "
                   "(fidelity 'jatos' or 'spec', strict contract checking, faults as specs or JSON objects)")


class JatosServer:
    """The session's mock: one app on a background waitress server, or the address of a real JATOS."""

    def __init__(self, config):
        self.remote_url = config.getoption("jatos_url")
        self.remote_token, self.remote_tokens = _parse_tokens(config.getoption("jatos_token") or [])
        self._owner: tuple[str | None, str] | None = None  # (username of the bare token, or None and why not)
        self.default_strict = not config.getoption("jatos_no_strict")
        self._config = config
        self.server = None
        self.runtime = None

    @property
    def is_mock(self) -> bool:
        return self.remote_url is None

    def start(self) -> None:
        if not self.is_mock or self.server is not None:
            return
        from jatos_mock.app import create_app
        from jatos_mock.domain.fixtures import FixtureError
        from jatos_mock.server import MockServer
        from jatos_mock.settings import Settings

        fixtures = self._config.getoption("jatos_fixtures")
        settings = Settings(host="127.0.0.1", port=0, fixtures_dir=Path(fixtures) if fixtures else None,
                            seed=self._config.getoption("jatos_seed"),
                            fidelity=self._config.getoption("jatos_fidelity"), threads=4)
        try:
            app = create_app(settings)
        except FixtureError as exc:
            raise pytest.UsageError(f"jatos-mock: {exc}") from None
        self.runtime = app.extensions["jatos_mock"]
        self.server = MockServer(app, "127.0.0.1", 0, threads=4).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    @property
    def url(self) -> str:
        return self.remote_url.rstrip("/") if not self.is_mock else self.server.url

    # --- tokens of a real JATOS ---
    def _bare_token_owner(self) -> tuple[str | None, str]:
        """Whose the bare --jatos-token is (GET admin/token, asked once): (username, "") or (None, why not)."""
        if self._owner is None:
            import json
            import urllib.request

            req = urllib.request.Request(self.url + API_PATH + "/admin/token",
                                         headers={"Authorization": f"Bearer {self.remote_token}"})
            try:
                with urllib.request.urlopen(req, timeout=30) as response:
                    username = json.loads(response.read())["data"]["username"]
                self._owner = (str(username), "")
            except Exception as exc:  # noqa: BLE001 - any failure only means: unknown owner
                self._owner = (None, f"GET {API_PATH}/admin/token failed: {exc}")
        return self._owner

    def remote_token_for(self, username: str | None) -> str:
        """The token for `username` (None: the default user) on the real JATOS; skips the test without one."""
        if self.remote_token is None and not self.remote_tokens:
            pytest.skip("no --jatos-token given for the real JATOS")
        if username is None:
            if self.remote_token is not None:
                return self.remote_token
            return self.remote_tokens.get("admin") or next(iter(self.remote_tokens.values()))
        if username in self.remote_tokens:
            return self.remote_tokens[username]
        given = ", ".join(sorted(self.remote_tokens))
        if self.remote_token is None:
            pytest.skip(f"no --jatos-token for user {username!r} (given for: {given}); "
                        f"add --jatos-token {username}=jap_...")
        owner, why = self._bare_token_owner()
        if owner == username:
            return self.remote_token
        if owner is None:
            pytest.skip(f"cannot tell whose --jatos-token it is ({why}), so there is no token for user "
                        f"{username!r}; name its user: --jatos-token {username}=jap_...")
        pytest.skip(f"the --jatos-token belongs to {owner!r}, not {username!r}; give one per user: "
                    f"--jatos-token {username}=jap_...")


def _parse_tokens(values: list[str]) -> tuple[str | None, dict[str, str]]:
    """--jatos-token values -> (the bare token or None, {username: token})."""
    bare, named = None, {}
    for value in values:
        user, sep, token = value.partition("=")
        if not sep:
            if bare is not None:
                raise pytest.UsageError("--jatos-token: more than one token without a user; "
                                        "name the others: --jatos-token USER=jap_...")
            bare = value
        elif not user.strip() or not token.strip():
            raise pytest.UsageError(f"--jatos-token: {value!r} is not USER=TOKEN")
        elif user.strip() in named:
            raise pytest.UsageError(f"--jatos-token: two tokens for user {user.strip()!r}")
        else:
            named[user.strip()] = token.strip()
    return bare, named


class JatosMock:
    """What a test gets from the `jatos` fixture."""

    def __init__(self, server: JatosServer, strict: bool):
        self._server = server
        self.url = server.url
        self.api_url = self.url + API_PATH
        self.strict = strict
        self.runtime = server.runtime  # None against a real JATOS
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
            pytest.skip(f"{what} needs jatos-mock; --jatos-url points to a real JATOS")

    @property
    def control(self):
        """The control API client (jatos_mock.client.ControlClient)."""
        self._need_mock("the control API")
        if self._control is None:
            from jatos_mock.client import ControlClient
            self._control = ControlClient(self.url)
        return self._control

    # --- auth ---
    def token(self, username: str | None = None) -> str:
        """The API token of a user (default: admin on the mock; the bare or admin's --jatos-token on a real JATOS).
        Against a real JATOS a user without a --jatos-token skips the test, with the reason."""
        if not self.is_mock:
            return self._server.remote_token_for(username)
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
        import json
        import urllib.error
        import urllib.request

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
        import urllib.parse
        import uuid

        archive = Path(path)
        boundary = f"jatosmock{uuid.uuid4().hex}"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"study\"; filename=\"{archive.name}\"\r\n"
                f"Content-Type: application/zip\r\n\r\n").encode() + archive.read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        qs = ("?" + urllib.parse.urlencode({k: str(v).lower() if isinstance(v, bool) else v
                                            for k, v in query.items()})) if query else ""
        return self._api("POST", f"/studies{qs}", user, data=body,
                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def add_study(self, user: str | None = None, **properties) -> dict:
        """Creates a study through the API (POST /studies with JSON properties); returns the study's JSON."""
        import json

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
        from jatos_mock.client import ControlError

        try:
            return self.control.add_results(study_id, count=count, data=data, state=state, worker_type=worker_type,
                                            study_code=study_code)
        except ControlError as exc:
            if exc.status == 404:
                raise LookupError(exc.message) from None
            raise

    # --- what happened during this test ---
    def journal(self) -> list[dict]:
        self._need_mock("journal()")
        """The API requests of this test, in order (control API calls left out)."""
        entries = self.runtime.journal.entries(self._start)
        return [e.as_dict() for e in entries if not e.path.startswith("/__mock__/")]

    def violations(self, unregistered_only: bool = True) -> list:
        """Contract violations seen during this test (by default only those no registered deviation explains)."""
        self._need_mock("violations()")
        return self.runtime.ledger.entries(self._start, unregistered_only=unregistered_only)

    def add_fault(self, fault) -> dict:
        """Adds a fault (spec string or JSON form) for this test; a bad one raises FaultError."""
        self._need_mock("faults")
        return _faults_of(self.runtime).add(fault).as_dict()


def _faults_of(rt):
    """The runtime's faults, checking targets against the operationIds of its own contract."""
    return rt.extras["faults"]


@pytest.fixture(scope="session")
def jatos_server(request) -> JatosServer:
    """The session's mock server (started on first use), or the real JATOS given with --jatos-url."""
    server = JatosServer(request.config)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def jatos(request, jatos_server: JatosServer) -> JatosMock:
    """The mock JATOS for one test, reset to the fixtures; see JatosMock."""
    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker else {}
    unknown = set(options) - {"fidelity", "strict", "faults"}
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.jatos: unknown argument(s) {', '.join(sorted(unknown))}")
    strict = bool(options.get("strict", jatos_server.default_strict))
    rt = jatos_server.runtime
    if rt is None:
        if options.get("faults"):
            pytest.skip("faults need jatos-mock; --jatos-url points to a real JATOS")
        yield JatosMock(jatos_server, strict=False)
        return
    from jatos_mock.http.control import reset_runtime
    from jatos_mock.faults import FaultError

    reset_runtime(rt)
    fidelity_before = rt.settings.fidelity
    if options.get("fidelity") is not None:
        if options["fidelity"] not in ("jatos", "spec"):
            raise pytest.UsageError("@pytest.mark.jatos: fidelity must be 'jatos' or 'spec'")
        rt.settings.fidelity = options["fidelity"]
    try:
        try:
            _faults_of(rt).add_all(options.get("faults") or [])
        except FaultError as exc:
            raise pytest.UsageError(f"@pytest.mark.jatos: {exc}") from None
        mock = JatosMock(jatos_server, strict=strict)
        yield mock
    finally:
        rt.settings.fidelity = fidelity_before
        rt.extras["faults"].clear()


def problems_of(mock: JatosMock) -> list[str]:
    """What makes a strict test fail: unregistered violations and unmatched requests during the test."""
    if not mock.is_mock:
        return []
    return [v.describe() for v in mock.violations(unregistered_only=True)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # a test that failed already stays failed with its own error
    funcargs = getattr(item, "funcargs", None)
    mock = funcargs.get("jatos") if funcargs else None
    if isinstance(mock, JatosMock) and mock.strict:
        problems = problems_of(mock)
        if problems:
            lines = "\n".join(f"  - {p}" for p in problems)
            pytest.fail(f"jatos-mock (strict): {len(problems)} contract problem(s) during this test:\n{lines}\n"
                        "(relax with @pytest.mark.jatos(strict=False) or --jatos-no-strict)", pytrace=False)
    return result
