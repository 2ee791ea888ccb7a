"""`jatos-mock check --url` runs the example-based workflows against a mock on a real loopback port and reports them:
one summary line and one JUnit testcase per workflow; a failed workflow fails the run; read-only skips them."""

import json
import xml.etree.ElementTree as ET

from click.testing import CliRunner
from flask import Response, request

from jatos_mock.cli import main
from jatos_mock.core.conformance.selection import is_read_only
from jatos_mock.jatos.conformance.workflows import WORKFLOWS

TITLES = [w.title for w in WORKFLOWS]


def _check(*args):
    result = CliRunner().invoke(main, ["check", *args])
    print(result.output)
    return result


def _args(server, tokens, *extra):
    return ["--url", server.url, "--token", tokens["researcher"], "--admin-token", tokens["admin"],
            "--operation", "getCurrentApiToken", "--max-examples", "2", *extra]


def _workflow_lines(output: str) -> list[str]:
    lines = output.splitlines()
    start = lines.index("Workflows:")
    return [line.strip() for line in lines[start + 1:start + 1 + len(WORKFLOWS)]]


def _studies(app) -> int:
    with app.extensions["jatos_mock"].store.read() as state:
        return len(state.studies)


def test_check_runs_the_workflows_over_http_and_reports_them(served, token_of, tmp_path):
    server = served()
    before = _studies(server.app)
    junit = tmp_path / "junit.xml"
    result = _check(*_args(server, token_of(server.app), "--workflows", "--junit", str(junit)))
    assert result.exit_code == 0, result.output
    lines = _workflow_lines(result.output)
    assert [line.split(None, 1)[0] for line in lines] == ["ok"] * 3
    assert all(title in line for title, line in zip(TITLES, lines)), lines
    assert "3 workflows: 3 passed, 0 failed, 0 skipped" in result.output and "Result: PASSED" in result.output
    names = [c.get("name") for c in ET.parse(junit).getroot().iter("testcase")]
    assert names == ["GET /jatos/api/v1/admin/token"] + [f"workflow {w.name}" for w in WORKFLOWS]
    # the requests really went over the port, and the workflows removed what they created
    sent = {(e.method, e.path) for e in server.app.extensions["jatos_mock"].journal.entries()}
    assert any(m == "POST" and p.endswith("/assets/img/x.txt") for m, p in sent), sorted(sent)[:20]
    assert any(m == "GET" and p.startswith("/jatos/api/v1/studyCodes/") for m, p in sent), sorted(sent)[:20]
    assert _studies(server.app) == before


def test_a_failed_workflow_fails_the_check(served, mock_app, token_of, tmp_path):
    app = mock_app("jatos")

    @app.before_request
    def delete_does_nothing():
        if request.method == "DELETE" and "/assets/" in request.path:
            return Response(json.dumps({"apiVersion": "1.1.0", "message": "File deleted successfully"}), 200,
                            mimetype="application/json")
        return None

    server = served(app)
    junit = tmp_path / "junit.xml"
    result = _check(*_args(server, token_of(app), "--workflows", "--junit", str(junit)))
    assert result.exit_code == 1, result.output
    lines = _workflow_lines(result.output)
    assert lines[0].startswith("ok") and lines[1].startswith("ok")
    assert lines[2].startswith("FAIL") and "step 'GET studies/{id}/assets/img/x.txt after the delete'" in lines[2]
    assert "answered 200, expected 404" in lines[2] and "Result: FAILED" in result.output
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("failures") == "1"
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["workflow assets"]


def test_read_only_reports_the_workflows_as_skipped_and_sends_none_of_them(served, token_of, tmp_path):
    server = served()
    junit = tmp_path / "junit.xml"
    result = _check(*_args(server, token_of(server.app), "--workflows", "--read-only", "--junit", str(junit)))
    assert result.exit_code == 0, result.output
    lines = _workflow_lines(result.output)
    assert all(line.startswith("skipped") and "skipped in read-only mode" in line for line in lines), lines
    assert "3 workflows: 0 passed, 0 failed, 3 skipped" in result.output
    sent = {(e.method, e.path) for e in server.app.extensions["jatos_mock"].journal.entries()}
    assert not [s for s in sent if not is_read_only(*s)], sent
    skipped = [c.get("name") for c in ET.parse(junit).getroot().iter("testcase") if c.find("skipped") is not None]
    assert set(skipped) >= {f"workflow {w.name}" for w in WORKFLOWS}


def test_workflows_are_off_with_operation_or_no_workflows(served, token_of):
    server = served()
    tokens = token_of(server.app)
    for extra in ((), ("--no-workflows",)):
        result = _check(*_args(server, tokens, *extra))
        assert result.exit_code == 0, result.output
        assert "Workflows:" not in result.output and "workflows:" not in result.output
