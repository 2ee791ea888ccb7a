"""`jatos-mock check --api brainstem --url ...` against a served mock: the contract sweep and the workflows pass
(failures explained by registered deviations only), and the check catches a server without the top-level count."""

from click.testing import CliRunner

from jatos_mock.brainstem.app import create_app
from jatos_mock.brainstem.settings import Settings
from jatos_mock.cli import main
from jatos_mock.core.server import MockServer

ALICE = "5f1c0a7e2b9d4c6a8e0f1b3d5c7a9e2f4b6d8a0c"


def _check(fidelity: str, *extra):
    server = MockServer(create_app(Settings(seed=2, fidelity=fidelity)), "127.0.0.1", 0, threads=2).start()
    try:
        return CliRunner().invoke(main, ["check", "--api", "brainstem", "--url", server.url, "--token", ALICE,
                                         *extra])
    finally:
        server.stop()


def test_check_passes_against_the_mock():
    result = _check("brainstem")
    assert result.exit_code == 0, result.output
    assert "known: BS1" in result.output  # the top-level count is registered, not new
    assert "workflow write_and_read_back  passed" in result.output
    assert result.output.rstrip().endswith("OK: only known deviations")
    # the engine's generated requests: operations neither the sweep nor the workflows send
    fuzzed = [line for line in result.output.splitlines() if line.strip().startswith("passed") and " PUT /api/" in line]
    assert fuzzed, result.output


def test_check_read_only_skips_the_writing_workflows():
    result = _check("brainstem", "--read-only")
    assert result.exit_code == 0, result.output
    assert "workflow write_and_read_back  skipped" in result.output


def test_check_finds_a_server_without_count():
    result = _check("spec", "--max-examples", "0")  # the docs' envelope: load_all would stop after one page
    assert result.exit_code == 1
    assert "workflow paging               failed" in result.output and "no integer top-level count" in result.output


def test_check_help_is_the_apis_own():
    result = CliRunner().invoke(main, ["check", "--api", "brainstem", "--help"])
    assert result.exit_code == 0 and "--read-only" in result.output and "--own-study" not in result.output
