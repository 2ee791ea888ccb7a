"""`jatos-mock check` against a mock on a real loopback port: exit codes, summary, curl, JUnit, read-only, baseline."""

import json
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from jatos_mock.cli import main
from jatos_mock.jatos.conformance.read_only import is_read_only

TOKEN_OP = "GET /jatos/api/v1/admin/token"


def _check(*args):
    result = CliRunner().invoke(main, ["check", *args])
    print(result.output)
    return result


def test_usage_errors_exit_2():
    assert _check().exit_code == 2  # no --url / --token
    assert _check("--url", "localhost:9000", "--token", "jap_x").exit_code == 2
    assert _check("--url", "http://127.0.0.1:1", "--token", "x", "--max-examples", "0").exit_code == 2


def test_check_passes_on_the_mock_and_writes_junit(served, mock_app, token_of, tmp_path):
    server = served()
    report = tmp_path / "junit.xml"
    result = _check("--url", server.url, "--token", token_of(server.app)["admin"], "--operation", "getCurrentApiToken",
                    "--max-examples", "3", "--junit", str(report))
    assert result.exit_code == 0, result.output
    assert TOKEN_OP in result.output and "test cases/s" in result.output and "Result: PASSED" in result.output
    assert "only known deviations" not in result.output  # there were none
    cases = ET.parse(report).getroot().iter("testcase")
    assert [c.get("name") for c in cases] == [TOKEN_OP]


def test_check_fails_on_a_broken_server_and_prints_a_curl(served, mock_app, token_of):
    app = mock_app()

    @app.after_request
    def unwrap(response):  # the token metadata without JATOS's envelope
        if response.status_code == 200 and response.is_json and b'"userId"' in response.get_data():
            response.set_data(json.dumps(json.loads(response.get_data())["data"]))
        return response

    server = served(app)
    result = _check("--url", server.url, "--token", token_of(app)["admin"], "--operation", "getCurrentApiToken",
                    "--max-examples", "3")
    assert result.exit_code == 1
    assert "FAIL" in result.output and "jatos_envelope" in result.output
    assert "reproduce: curl -X GET" in result.output and f"{server.url}/jatos/api/v1/admin/token" in result.output
    assert "[Filtered]" not in result.output
    assert '-H "Authorization: Bearer $JATOS_TOKEN"' in result.output
    assert result.output.count("$JATOS_TOKEN stands for the token given with --token") == 1


def test_a_baseline_turns_the_failure_into_a_known_deviation(served, mock_app, token_of, tmp_path):
    app = mock_app()

    @app.after_request
    def accepted(response):
        if response.status_code == 200 and b'"userId"' in response.get_data():
            response.status_code = 202
        return response

    server = served(app)
    args = ["--url", server.url, "--token", token_of(app)["admin"], "--operation", "getCurrentApiToken",
            "--max-examples", "2"]
    written, strict = tmp_path / "baseline.yaml", tmp_path / "strict.yaml"
    strict.write_text("known: []\n")  # no known deviations at all
    assert _check(*args, "--baseline", str(strict), "--write-baseline", str(written)).exit_code == 1
    assert "status_code_conformance" in written.read_text()
    result = _check(*args, "--baseline", str(written))
    assert result.exit_code == 0, result.output
    assert "Known deviations" in result.output and "PASSED" in result.output


def test_read_only_run_changes_nothing(served, mock_app, token_of):
    """The journal of a mock that was checked read-only holds only GET, HEAD and the result-export POSTs."""
    server = served(mock_app("jatos"))
    runtime = server.app.extensions["jatos_mock"]
    before = runtime.store.snapshot() if hasattr(runtime.store, "snapshot") else None
    result = _check("--url", server.url, "--token", token_of(server.app)["researcher"],
                    "--admin-token", token_of(server.app)["admin"], "--read-only", "--max-examples", "2")
    assert result.exit_code in (0, 1), result.output  # failures may exist; the point is what was sent
    entries = runtime.journal.entries()
    assert len(entries) > 50
    sent = {(e.method, e.path) for e in entries}
    changing = sorted((m, p) for m, p in sent if not is_read_only(m, p))
    assert not changing, changing[:10]
    assert {m for m, _ in sent} >= {"GET", "HEAD", "POST"}
    del before


def test_read_only_selection():
    assert is_read_only("GET", "/jatos/api/v1/studies/{id}")
    assert is_read_only("HEAD", "/jatos/api/v1/users/{id}")
    assert is_read_only("POST", "/jatos/api/v1/results/data")
    assert not is_read_only("POST", "/jatos/api/v1/results/delete")
    assert not is_read_only("DELETE", "/jatos/api/v1/studies/{id}")
    assert not is_read_only("PATCH", "/jatos/api/v1/batches/{id}")


def test_a_wrong_token_exits_2_before_the_run(served, token_of):
    server = served()
    result = _check("--url", server.url, "--token", "jap_wrong0000000000000000000000000000000",
                    "--operation", "getCurrentApiToken", "--max-examples", "2")
    assert result.exit_code == 2, result.output
    assert "--token was not accepted" in result.output and "401" in result.output
    assert "AUTH_ERROR" in result.output and "Checking" not in result.output


def test_a_wrong_admin_token_exits_2(served, token_of):
    server = served()
    result = _check("--url", server.url, "--token", token_of(server.app)["researcher"],
                    "--admin-token", "jap_wrong0000000000000000000000000000000", "--operation", "getCurrentApiToken")
    assert result.exit_code == 2, result.output
    assert "--admin-token was not accepted" in result.output


def test_bad_report_paths_and_a_missing_spec_are_usage_errors(tmp_path):
    """Checked before anything is sent: the server at port 1 is never asked."""
    base = ["--url", "http://127.0.0.1:1", "--token", "jap_x"]
    for extra in (["--junit", "/nonexistent/dir/r.xml"], ["--write-baseline", "/nonexistent/dir/b.yaml"],
                  ["--spec", "/nonexistent.yaml"], ["--spec", str(tmp_path)]):
        result = _check(*base, *extra)
        assert result.exit_code == 2, (extra, result.output)
        assert extra[0] in result.output


def test_an_unreachable_server_reports_each_distinct_error_once():
    from jatos_mock.jatos.conformance import report
    from jatos_mock.jatos.conformance.runner import Options, Target, run

    result = run(Target(token="jap_x", url="http://127.0.0.1:1"),
                 Options(operations=("getCurrentApiToken",), max_examples=3))
    op = result.by_operation_id("getCurrentApiToken")
    assert len(op.errors) == len(set(op.errors)) >= 1
    assert set(op.error_counts) == set(op.errors)
    assert max(op.error_counts.values()) > 1  # an error did happen more than once
    text = report.summary(result)
    # each distinct error on one line with how often it happened, whichever came first and whatever else a loaded
    # machine adds (a second kind of network error, say)
    error_lines = [line for line in text.splitlines() if line.startswith(f"- {TOKEN_OP}: error:")]
    expected = [f"- {TOKEN_OP}: error: {error.splitlines()[0]}"
                + (f" ({op.error_counts[error]} times)" if op.error_counts[error] > 1 else "") for error in op.errors]
    assert error_lines == expected, text
    assert text.rstrip().endswith("Result: FAILED")
