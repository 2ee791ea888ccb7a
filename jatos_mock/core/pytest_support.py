"""What every API's pytest plugin shares (each plugin lists this module in its `pytest_plugins`; pytest registers
it once, so the strict check runs once for all APIs): the session server, one test's handle with the marker's
fidelity and faults, and failing a strict test whose requests or responses broke the contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from jatos_mock.core.testing import MockHandle, ServedMock

HANDLE_OPTIONS = ("fidelity", "strict", "faults")  # what every API's marker takes


def marker_options(request, marker: str, allowed=HANDLE_OPTIONS) -> dict:
    """The keyword arguments of the test's closest `@pytest.mark.<marker>(...)`; unknown ones are a usage error."""
    found = request.node.get_closest_marker(marker)
    options = dict(found.kwargs) if found else {}
    unknown = set(options) - set(allowed)
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.{marker}: unknown argument(s) {', '.join(sorted(unknown))}")
    return options


def session_server(server: ServedMock, api: str) -> Iterator[ServedMock]:
    """Starts the session's server (a broken fixture directory is a usage error naming the file) and stops it."""
    from jatos_mock.core.state.fixtures import FixtureError

    try:
        server.start()
    except FixtureError as exc:
        raise pytest.UsageError(f"{api}-mock: {exc}") from None
    yield server
    server.stop()


def handle_for_test(server: ServedMock, make_handle: Callable[..., MockHandle], options: dict, strict: bool,
                marker: str, fidelities: tuple[str, ...]) -> Iterator[MockHandle]:
    """One test's handle: the mock reset, under the marker's fidelity and faults (and the API's own marker arguments,
    which its server's begin_test takes), restored after the test. Against a real server there is nothing to reset;
    faults and API arguments skip, and nothing is strict."""
    extra = {k: v for k, v in options.items() if k not in HANDLE_OPTIONS}  # an API's own marker arguments
    if not server.is_mock:
        if options.get("faults") or any(extra.values()):
            pytest.skip(f"faults and {', '.join(extra) or 'API settings'} need jatos-mock; {server.remote_note}")
        yield make_handle(server, strict=False, skip=pytest.skip)
        return
    from jatos_mock.core.faults import FaultError

    fidelity = options.get("fidelity")
    try:
        if fidelity is not None and fidelity not in fidelities:
            raise pytest.UsageError(f"@pytest.mark.{marker}: fidelity must be "
                                    f"{' or '.join(repr(f) for f in fidelities)}")
        try:
            server.begin_test(fidelity=fidelity, faults=options.get("faults") or [], **extra)
        except (FaultError, ValueError) as exc:  # a bad fault, or a bad value of an API's own argument
            raise pytest.UsageError(f"@pytest.mark.{marker}: {exc}") from None
        yield make_handle(server, strict=strict, skip=pytest.skip)
    finally:
        server.end_test()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # a test that failed already stays failed with its own error
    funcargs = getattr(item, "funcargs", None) or {}
    for handle in funcargs.values():
        if isinstance(handle, MockHandle) and handle.strict:
            problems = handle.problems()
            if problems:
                lines = "\n".join(f"  - {p}" for p in problems)
                pytest.fail(f"jatos-mock (strict): {len(problems)} contract problem(s) during this test:\n{lines}\n"
                            f"(relax with {handle.relax_hint})", pytrace=False)
    return result
