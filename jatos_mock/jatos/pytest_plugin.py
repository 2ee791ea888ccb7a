"""The pytest plugin (pytest11 entry point `jatos_mock`): a mock JATOS on a free port and the `jatos` fixture.

    def test_token(jatos):
        r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("admin"))
        assert r.status_code == 200

One server per test process (so one per pytest-xdist worker), started the first time a test asks for `jatos`;
state, clock and faults are reset to the fixtures before every test. Strict by default: a test fails when, during
it, the mock answered a request that broke the contract, produced a response that breaks it, or got a request that
matched no operation (violations explained by registered JATOS deviations do not count).

Options: --jatos-fixtures DIR, --jatos-fidelity jatos|spec, --jatos-version 3.10|3.9, --jatos-seed N,
--jatos-no-strict, and --jatos-url URL with --jatos-token [USER=]TOKEN (repeatable) to run the same tests against a
real JATOS: `jatos.token(user)` is the token given for that user; a bare token counts for the user it belongs to
(asked once from GET admin/token). A test asking for a user without a token, and helpers that need the mock, skip
with the reason.
Marker: @pytest.mark.jatos(fidelity="spec", version="3.9", strict=False, faults=["error:503@getCurrentApiToken"],
config={"jatos.api.allowed": False}).
One test against both JATOS versions: @pytest.mark.parametrize("jatos", ["3.10", "3.9"], indirect=True); the test
asks `jatos.version` where the versions answer differently (the helpers work on both).

The server and the handle live in jatos_mock/jatos/testing.py (usable without pytest), the tokens of a real JATOS
in jatos_mock/jatos/remote_tokens.py, what every API's plugin shares (and the strict check) in
jatos_mock/core/pytest_support.py; this module holds the options, the marker and the fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jatos_mock.jatos.remote_tokens import TokenOptionError, parse_tokens
from jatos_mock.jatos.testing import JatosMock, JatosServer
from jatos_mock.jatos.versions import NAMES, UnknownVersion, resolve

pytest_plugins = ["jatos_mock.core.pytest_support"]  # the strict check, registered once however many APIs load it
MARKER = "jatos"
DEFAULT_SEED = 0
FIDELITIES = ("jatos", "spec")


def pytest_addoption(parser):
    group = parser.getgroup("jatos", "jatos-mock (the `jatos` fixture)")
    group.addoption("--jatos-fixtures", metavar="DIR", default=None,
                    help="fixture directory for the mock instead of the built-in one")
    group.addoption("--jatos-fidelity", choices=FIDELITIES, default="jatos",
                    help="behave like real JATOS 3.10 (default) or as its published spec says")
    group.addoption("--jatos-version", metavar="VERSION", default=None,
                    help=f"the JATOS version the mock behaves like: {', '.join(NAMES)} (default {NAMES[0]}); a "
                         "marker's version= overrides it for one test")
    group.addoption("--jatos-seed", type=int, default=DEFAULT_SEED, metavar="N",
                    help=f"seed of UUIDs, codes, tokens and faults; freezes the clock (default {DEFAULT_SEED})")
    group.addoption("--jatos-no-strict", action="store_true", default=False,
                    help="do not fail tests on contract violations or unmatched requests")
    group.addoption("--jatos-config", metavar="KEY=VALUE", action="append", default=None,
                    help="set a key of JATOS's conf/jatos.conf for the mock, e.g. jatos.api.allowed=false or "
                         "jatos.urlBasePath=/base/ (repeatable)")
    group.addoption("--jatos-url", metavar="URL", default=None,
                    help="run against this real JATOS instead of the mock")
    group.addoption("--jatos-token", metavar="[USER=]TOKEN", action="append", default=None,
                    help="API token for --jatos-url, repeatable: USER=jap_... per user, or a bare jap_... that "
                         "counts for the user it belongs to; tests asking for another user skip")


def pytest_configure(config):
    _tokens_option(config)  # a malformed --jatos-token is a usage error at once
    _config_option(config)  # so is an unknown or bad --jatos-config
    _version_option(config)  # and an unknown --jatos-version
    config.addinivalue_line(
        "markers", "jatos(fidelity=None, version=None, strict=True, faults=None, config=None): settings of the "
                   "`jatos` fixture for one test (fidelity 'jatos' or 'spec', JATOS version '3.10' or '3.9', strict "
                   "contract checking, faults as specs or JSON objects, JATOS configuration keys and values)")


def _version_option(config) -> str | None:
    value = config.getoption("jatos_version")
    if value is None:
        return None
    try:
        return resolve(value)
    except UnknownVersion as exc:
        raise pytest.UsageError(f"--jatos-version: {exc}") from None


def _tokens_option(config) -> list[str]:
    values = config.getoption("jatos_token") or []
    try:
        parse_tokens(values)
    except TokenOptionError as exc:
        raise pytest.UsageError(str(exc)) from None
    return values


def _config_option(config) -> dict:
    from jatos_mock.jatos.domain.config import ConfigError
    from jatos_mock.jatos.serving import config_keys

    try:
        return config_keys(config.getoption("jatos_config") or [])
    except ConfigError as exc:
        raise pytest.UsageError(f"--jatos-config: {exc}") from None


def _server(config) -> JatosServer:
    from jatos_mock.jatos.settings import Settings

    fixtures = config.getoption("jatos_fixtures")
    # the --jatos-fidelity option is the app's setting; a marker changes only one test's profile
    settings = Settings(host="127.0.0.1", port=0, fixtures_dir=Path(fixtures) if fixtures else None,
                        seed=config.getoption("jatos_seed"), fidelity=config.getoption("jatos_fidelity"), threads=4,
                        jatos_keys=_config_option(config))
    version = _version_option(config)
    if version is not None:
        settings.version = version
    return JatosServer(settings, remote_url=config.getoption("jatos_url"), remote_tokens=_tokens_option(config))


@pytest.fixture(scope="session")
def jatos_server(request) -> JatosServer:
    """The session's mock server (started on first use), or the real JATOS given with --jatos-url."""
    from jatos_mock.core.pytest_support import session_server  # imported by pytest first (pytest_plugins)

    yield from session_server(_server(request.config), "jatos")


@pytest.fixture
def jatos(request, jatos_server: JatosServer) -> JatosMock:
    """The mock JATOS for one test, reset to the fixtures; see jatos_mock.jatos.testing.JatosMock."""
    from jatos_mock.core.pytest_support import HANDLE_OPTIONS, handle_for_test, marker_options

    # config and version: JatosServer.begin_test's own arguments
    options = marker_options(request, MARKER, HANDLE_OPTIONS + ("config", "version"))
    if hasattr(request, "param"):  # @pytest.mark.parametrize("jatos", ["3.10", "3.9"], indirect=True)
        options["version"] = request.param
    strict = bool(options.get("strict", not request.config.getoption("jatos_no_strict")))
    yield from handle_for_test(jatos_server, JatosMock, options, strict, MARKER, FIDELITIES)
