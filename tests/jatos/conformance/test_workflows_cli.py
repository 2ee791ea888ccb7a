"""`jatos-mock check --url` runs the example-based workflows against a mock on a real loopback port and reports them:
one summary line and one JUnit testcase per workflow; a failed workflow fails the run; read-only skips them."""

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from flask import Response, request

from jatos_mock.cli import main
from jatos_mock.jatos.conformance.read_only import is_read_only
from jatos_mock.jatos.conformance.workflows import WORKFLOWS

TITLES = [w.title for w in WORKFLOWS]
CROSS_CHECKS = [w.name for w in WORKFLOWS if w.reads_only]


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


@pytest.mark.parametrize("fidelity", ["spec", "jatos"])
def test_check_runs_the_workflows_over_http_and_reports_them(served, mock_app, token_of, tmp_path, fidelity):
    server = served(mock_app(fidelity))
    before = _studies(server.app)
    junit = tmp_path / "junit.xml"
    result = _check(*_args(server, token_of(server.app), "--workflows", "--junit", str(junit)))
    assert result.exit_code == 0, result.output
    lines = _workflow_lines(result.output)
    assert [line.split(None, 1)[0] for line in lines] == ["ok"] * len(WORKFLOWS)
    assert all(title in line for title, line in zip(TITLES, lines)), lines
    assert f"{len(WORKFLOWS)} workflows: {len(WORKFLOWS)} passed, 0 failed, 0 skipped" in result.output
    assert "Result: PASSED" in result.output
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
    assert "the download still answered 200" in lines[2] and "Result: FAILED" in result.output
    assert all(line.startswith("ok") for line in lines[3:]), lines
    # the failure names the operation it blames and the requests that show it, as curl commands
    assert "blames DELETE /studies/{id}/assets/{filepath}" in result.output
    assert "reproduce: curl -sS -X DELETE -H \"Authorization: Bearer $JATOS_TOKEN\"" in result.output
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("failures") == "1"
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["workflow assets"]


def test_read_only_runs_only_the_cross_checks_and_sends_no_write(served, token_of, tmp_path):
    server = served()
    before = server.app.extensions["jatos_mock"].journal.next_seq()
    junit = tmp_path / "junit.xml"
    result = _check(*_args(server, token_of(server.app), "--workflows", "--read-only", "--junit", str(junit)))
    assert result.exit_code == 0, result.output
    lines = dict(zip([w.name for w in WORKFLOWS], _workflow_lines(result.output)))
    for name, line in lines.items():
        if name in CROSS_CHECKS:
            assert line.startswith("ok"), line
        else:
            assert line.startswith("skipped") and "skipped in read-only mode" in line, line
    assert "cross-checked 13 component results (1 with files) of 3 studies" in lines["results_agree"]
    skipped = len(WORKFLOWS) - len(CROSS_CHECKS)
    assert f"{len(WORKFLOWS)} workflows: {len(CROSS_CHECKS)} passed, 0 failed, {skipped} skipped" in result.output
    # the journal proves it: nothing but reads (GET, HEAD, the result-export POSTs) reached the mock
    sent = [(e.method, e.path) for e in server.app.extensions["jatos_mock"].journal.entries(before)]
    assert any(p == "/jatos/api/v1/results/files" for _, p in sent) and any("/log" in p for _, p in sent)
    assert not [s for s in sent if not is_read_only(*s)], sent
    skipped_cases = [c.get("name") for c in ET.parse(junit).getroot().iter("testcase")
                     if c.find("skipped") is not None]
    assert set(skipped_cases) >= {f"workflow {w.name}" for w in WORKFLOWS if not w.reads_only}


def test_workflows_are_off_with_operation_or_no_workflows(served, token_of):
    server = served()
    tokens = token_of(server.app)
    for extra in ((), ("--no-workflows",)):
        result = _check(*_args(server, tokens, *extra))
        assert result.exit_code == 0, result.output
        assert "Workflows:" not in result.output and "workflows:" not in result.output


def test_a_stale_write_let_through_fails_the_check_over_http(served, mock_app, token_of, monkeypatch):
    from jatos_mock.jatos.domain import sessions

    original = sessions._compare_and_set
    monkeypatch.setattr(sessions, "_compare_and_set",  # the optimistic lock switched off: any version wins
                        lambda entity, data, expected, what: original(entity, data, None, what))
    server = served(mock_app("jatos"))
    result = _check(*_args(server, token_of(server.app), "--workflows"))
    assert result.exit_code == 1, result.output
    lines = dict(zip([w.name for w in WORKFLOWS], _workflow_lines(result.output)))
    assert lines["sessions"].startswith("FAIL") and "a write that must be refused was not" in lines["sessions"]
    assert "blames PATCH /batches/{id}/session" in result.output
    assert f"reproduce: curl -sS -X PATCH -H \"Authorization: Bearer $JATOS_TOKEN\" -H 'Content-Type: " \
           f"application/json' --data-raw '{{\"stale\": true}}' '{server.url}/jatos/api/v1/batches/" in result.output
