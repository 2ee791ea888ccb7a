"""The workflows (jatos_mock.jatos.conformance.workflows) against the in-process mock in both fidelities, and against
deliberately broken mocks: each fault fails the workflow that meets it, naming the step. (The behaviour checks'
broken variants: tests/jatos/conformance/test_behaviour_checks.py.)"""

import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from flask import Response, request

from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.conformance import report
from jatos_mock.jatos.conformance import workflows as wf
from jatos_mock.jatos.conformance.runner import Options, Target, run
from jatos_mock.jatos.settings import Settings

NAMES = [w.name for w in wf.WORKFLOWS]
CROSS_CHECKS = [w.name for w in wf.WORKFLOWS if w.reads_only]


def make_app(fidelity: str = "jatos"):
    return create_app(Settings(seed=1, fidelity=fidelity))


def researcher(app) -> str:
    return next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if t["username"] == "researcher")


def run_one(app, name: str) -> wf.WorkflowResult:
    result = wf.run_workflow(wf.by_name(name), wf.AppSeam(app, researcher(app)))
    print(f"{name}: {result.status} {result.message} steps={result.steps}")
    return result


def studies_of(app) -> int:
    with app.extensions["jatos_mock"].store.read() as state:
        return len(state.studies)


@pytest.mark.parametrize("fidelity", ["jatos", "spec"])
@pytest.mark.parametrize("name", NAMES)
def test_workflow_passes_on_the_mock(fidelity, name):
    app = make_app(fidelity)
    before = studies_of(app)
    result = run_one(app, name)
    assert result.status == wf.PASSED, result.message
    assert result.step is None and len(result.steps) >= 5
    assert studies_of(app) == before  # the workflow deleted what it created


def test_read_only_skips_the_writing_workflows_and_sends_only_reads():
    from jatos_mock.jatos.conformance.read_only import is_read_only

    app = make_app()
    journal = app.extensions["jatos_mock"].journal
    since = journal.next_seq()
    results = wf.run_all(wf.AppSeam(app, researcher(app)), read_only=True)
    assert [r.name for r in results] == NAMES
    for result in results:
        if result.name in CROSS_CHECKS:
            assert result.status == wf.PASSED, result.message
        else:
            assert result.status == wf.SKIPPED and result.message == wf.READ_ONLY_REASON
    sent = [(e.method, e.path) for e in journal.entries(since)]
    assert sent and not [s for s in sent if not is_read_only(*s)], sent


# --- broken mocks ---------------------------------------------------------------------------------------------------

def _corrupt_export(app):
    @app.after_request
    def corrupt(response):  # keeps the zip's size but garbles its middle
        if request.method == "GET" and request.path.count("/") == 5 and request.path.startswith(
                "/jatos/api/v1/studies/") and response.status_code == 200:
            body = bytearray(response.get_data())
            body[10:60] = b"\0" * 50
            response.set_data(bytes(body))
        return response
    return app


def _drop_asset(app):
    """The export forgets the study's assets: a valid zip with only the .jas."""
    @app.after_request
    def drop(response):
        if request.method == "GET" and request.path.count("/") == 5 and request.path.startswith(
                "/jatos/api/v1/studies/") and response.status_code == 200:
            source = zipfile.ZipFile(io.BytesIO(response.get_data()))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as target:
                for name in source.namelist():
                    if name.endswith(".jas"):
                        target.writestr(name, source.read(name))
            response.set_data(out.getvalue())
        return response
    return app


def _fake_success(app, method: str, fragment: str, message: str):
    """`method` requests whose path contains `fragment` answer 200 and do nothing."""
    @app.before_request
    def nothing():
        if request.method == method and fragment in request.path:
            return Response(json.dumps({"apiVersion": "1.1.0", "message": message}), 200,
                            mimetype="application/json")
        return None
    return app


def _route_miss(app, method: str, suffix: str):
    @app.before_request
    def missing():
        if request.method == method and request.path.endswith(suffix):
            body = {"apiVersion": "1.1.0", "error": {"code": "NOT_FOUND", "message":
                    f"Requested page {request.method} {request.path} couldn't be found."}}
            return Response(json.dumps(body), 404, mimetype="application/json")
        return None
    return app


def _rewrite(app, method: str, fragment: str, change):
    @app.after_request
    def rewrite(response):
        if request.method == method and fragment in request.path and response.status_code == 200 and \
                response.is_json:
            document = json.loads(response.get_data())
            change(document)
            response.set_data(json.dumps(document))
        return response
    return app


def _set_checksum(document):
    for leaf in document["data"]:
        leaf["checksum"] = 1


BROKEN = {
    "corrupt export zip": (_corrupt_export, "import_export", "GET studies/{id} (export)", "zip"),
    "export without assets": (_drop_asset, "import_export", "GET studies/{id} (export)", "missing from the export"),
    "study DELETE does nothing": (
        lambda app: _fake_success(app, "DELETE", "/studies/", "Study deleted successfully"),
        "import_export", "GET studies/{id}/properties after the delete", "answered 200, expected 404"),
    "asset DELETE does nothing": (
        lambda app: _fake_success(app, "DELETE", "/assets/", "File deleted successfully"),
        "assets", "GET studies/{id}/assets/img/x.txt after the delete", "the download still answered 200"),
    "wrong asset checksum": (
        lambda app: _rewrite(app, "GET", "/assets/structure", _set_checksum),
        "assets", "GET studies/{id}/assets/structure?flatten=true", "checksum 1"),
    "study code of the wrong type": (
        lambda app: _rewrite(app, "GET", "/studyCodes/", lambda d: d["data"].update(type="GeneralSingle")),
        "batch_codes_results", "GET studyCodes/", "type is 'GeneralSingle'"),
    "no batch route": (
        lambda app: _route_miss(app, "POST", "/batches"),
        "batch_codes_results", "POST studies/{id}/batches",
        "not implemented by the target: POST /studies/{id}/batches"),
    "no asset upload route": (
        lambda app: _route_miss(app, "POST", "/assets/img/x.txt"),
        "assets", "POST studies/{id}/assets/img/x.txt",
        "not implemented by the target: POST /studies/{id}/assets/{filepath}"),
}


@pytest.mark.parametrize("fault", list(BROKEN))
def test_a_broken_mock_fails_the_workflow_at_the_step(fault):
    breaker, name, step, words = BROKEN[fault]
    app = breaker(make_app())
    result = run_one(app, name)
    assert result.status == wf.FAILED
    assert result.step.startswith(step), result.step
    assert f"step '{result.step}'" in result.message and words in result.message, result.message
    assert studies_of(make_app()) == studies_of(app) or fault == "study DELETE does nothing"  # cleaned up


def test_other_workflows_are_unaffected_by_a_fault_they_do_not_meet():
    app = _corrupt_export(make_app())
    assert run_one(app, "assets").status == wf.PASSED
    assert run_one(app, "batch_codes_results").status == wf.PASSED


# --- runner and report ----------------------------------------------------------------------------------------------

def _runner(app, read_only=False):
    return run(Target(token=researcher(app), app=app),
               Options(operations=("getCurrentApiToken",), phases=("coverage",), max_examples=1, workflows=True,
                       read_only=read_only))


def test_runner_reports_workflows_in_summary_and_junit(tmp_path):
    result = _runner(make_app())
    assert [w.status for w in result.workflows] == [wf.PASSED] * len(NAMES)
    assert result.ok and result.exit_code == 0
    text = report.summary(result)
    for flow in wf.WORKFLOWS:
        assert any(line.strip().startswith("ok") and flow.title in line for line in text.splitlines()), text
    assert f"{len(NAMES)} workflows: {len(NAMES)} passed, 0 failed, 0 skipped" in text
    path = tmp_path / "junit.xml"
    report.junit(result, path)
    suite = ET.parse(path).getroot().find("testsuite")
    names = [c.get("name") for c in suite.iter("testcase")]
    assert names[-len(NAMES):] == [f"workflow {n}" for n in NAMES]
    assert suite.get("tests") == str(len(names)) and suite.get("failures") == "0"


def test_runner_counts_a_failed_workflow_as_a_failure(tmp_path):
    result = _runner(_fake_success(make_app(), "DELETE", "/assets/", "File deleted successfully"))
    assert result.by_operation_id("getCurrentApiToken").status in ("passed", "known deviation")
    assert not result.ok and result.exit_code == 1
    text = report.summary(result)
    assert "FAIL    asset upload → overwrite → structure → download → delete: step 'GET studies/{id}/assets/" \
           "img/x.txt after the delete'" in text, text
    assert "blames DELETE /studies/{id}/assets/{filepath}" in text
    assert "Result: FAILED" in text
    path = tmp_path / "junit.xml"
    report.junit(result, path)
    case = next(c for c in ET.parse(path).getroot().iter("testcase") if c.get("name") == "workflow assets")
    assert "after the delete" in case.find("failure").get("message")


def test_runner_read_only_reports_writing_workflows_as_skipped(tmp_path):
    result = _runner(make_app(), read_only=True)
    assert [w.status for w in result.workflows] == [wf.PASSED if n in CROSS_CHECKS else wf.SKIPPED
                                                    for n in NAMES] and result.ok
    assert "skipped in read-only mode" in report.summary(result)
    path = tmp_path / "junit.xml"
    report.junit(result, path)
    skipped = [c for c in ET.parse(path).getroot().iter("testcase") if c.find("skipped") is not None]
    assert {c.get("name") for c in skipped} >= {f"workflow {n}" for n in NAMES if n not in CROSS_CHECKS}
