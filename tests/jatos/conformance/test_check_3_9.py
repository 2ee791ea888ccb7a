"""`jatos-mock check` against JATOS 3.9: the version found from apiVersion 1.0.1 (or given), 3.9's workflows over
its own routes and answers passing on a 3.9 mock on a real port, and failing, at the right workflow and naming the
3.9 operation, on a deliberately broken one."""

import itertools
import json
import re

import pytest
from click.testing import CliRunner
from flask import Response, request

from jatos_mock.cli import main
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.conformance import dialects
from jatos_mock.jatos.conformance import workflows as wf
from jatos_mock.jatos.conformance.read_only import is_read_only
from jatos_mock.jatos.settings import Settings

JATOS_3_9 = dialects.for_version("3.9")
NAMES_3_9 = [w.name for w in wf.workflows_for(JATOS_3_9)]
PLAIN = "text/plain; charset=utf-8"


def make_app(version: str = "3.9", fidelity: str = "jatos"):
    return create_app(Settings(seed=1, fidelity=fidelity, version=version))


def token(app, user: str = "researcher") -> str:
    return next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if t["username"] == user)


def _check(*args):
    result = CliRunner().invoke(main, ["check", *args])
    print(result.output)
    return result


def _workflow_lines(output: str, count: int) -> dict[str, str]:
    lines = output.splitlines()
    start = lines.index("Workflows:")
    return dict(zip(NAMES_3_9, (line.strip() for line in lines[start + 1:start + 1 + count])))


def test_3_9_runs_its_own_workflows_only():
    assert NAMES_3_9 == ["import_export", "batch_codes_results", "assets", "creates", "import_flags",
                         "results_delete", "results_agree", "selectors_agree", "assets_agree", "study_log_agrees",
                         "lists_match_items"]
    assert not set(NAMES_3_9) & wf.ONLY_3_10  # PATCH of properties, members, tokens, code info, sessions: 3.10 only
    assert set(NAMES_3_9) < {w.name for w in wf.WORKFLOWS}  # one copy of each, parametrized by the version


def test_the_version_comes_from_the_api_version_of_admin_token():
    for version, expected in (("3.9", "3.9"), ("3.9.7", "3.9"), ("3.10", "3.10")):
        app = make_app(version)
        assert dialects.detect(wf.AppSeam(app, token(app))).name == expected
    assert dialects.for_version("3.9.8").name == "3.9" and dialects.for_version("3.9.3").name == "3.9.6"


@pytest.mark.parametrize("fidelity", ["jatos", "spec"])
def test_check_passes_a_3_9_mock_over_http_with_3_9_requests(served, tmp_path, fidelity):
    server = served(make_app(fidelity=fidelity))
    with server.app.extensions["jatos_mock"].store.read() as state:
        studies = len(state.studies)
    result = _check("--url", server.url, "--token", token(server.app), "--admin-token", token(server.app, "admin"),
                    "--max-examples", "2")
    assert result.exit_code == 0, result.output
    assert f"Checking {server.url} (JATOS 3.9) against jatos-api-3.9.yaml" in result.output
    # by default the contract sweep runs too: every operation of the 3.9 contract, none failing; in spec fidelity
    # none needs a registered deviation either
    swept = re.search(r"^(\d+) operations: (\d+) passed, 0 failed, (\d+) known deviation, 0 missing$",
                      result.output, re.MULTILINE)
    assert swept and int(swept[1]) == 23, result.output
    if fidelity == "spec":
        assert swept[3] == "0" and "Known deviations" not in result.output, result.output
    lines = _workflow_lines(result.output, len(NAMES_3_9))
    assert all(line.startswith("ok") for line in lines.values()), lines
    assert f"{len(NAMES_3_9)} workflows: {len(NAMES_3_9)} passed, 0 failed, 0 skipped" in result.output
    # 3.9's routes went over the port: the import, the trailing-slash upload, GET study codes, PUT results/delete
    sent = {(e.method, e.path) for e in server.app.extensions["jatos_mock"].journal.entries()}
    for method, path in (("POST", "/jatos/api/v1/study"), ("PUT", "/jatos/api/v1/results/delete"),
                         ("POST", "/jatos/api/v1/studies/create")):
        assert (method, path) in sent, sorted(sent)[:30]
    assert any(m == "POST" and p.endswith("/assets/") for m, p in sent)
    assert any(m == "GET" and p.endswith("/studyCodes") for m, p in sent)
    assert not any(p.startswith("/jatos/api/v1/batches") or p.endswith("/components") for _, p in sent)
    with server.app.extensions["jatos_mock"].store.read() as state:  # the workflows removed what they created
        assert [s.title for s in state.studies.values() if s.title.startswith("jatos-mock ")] == []
        assert len(state.studies) > studies  # ...and the sweep's generated imports and creates stayed


def test_check_read_only_on_3_9_runs_the_cross_checks_and_sends_no_write(served):
    server = served(make_app())
    result = _check("--url", server.url, "--token", token(server.app), "--read-only", "--max-examples", "2")
    assert result.exit_code == 0, result.output
    lines = _workflow_lines(result.output, len(NAMES_3_9))
    for workflow in wf.workflows_for(JATOS_3_9):
        assert lines[workflow.name].startswith("ok" if workflow.reads_only else "skipped"), lines
    assert "cross-checked 13 component results (1 with files) of 3 studies" in lines["results_agree"]
    sent = [(e.method, e.path) for e in server.app.extensions["jatos_mock"].journal.entries()]
    assert sent and not [s for s in sent if not is_read_only(*s)], sent


def test_jatos_version_picks_the_workflows_whatever_the_server_says(served):
    """Checked as 3.9, a 3.10 server answers 3.9's routes with 3.10's shapes (its deprecated POST /study: 201 in the
    envelope): the check fails there."""
    server = served(make_app("3.10"))
    result = _check("--url", server.url, "--token", token(server.app), "--jatos-version", "3.9.8",
                    "--max-examples", "2", "--no-existing-ids")
    assert result.exit_code == 1, result.output
    assert "(JATOS 3.9)" in result.output
    lines = _workflow_lines(result.output, len(NAMES_3_9))
    assert lines["import_export"].startswith("FAIL") and "step 'POST study (import .jzip)': POST /study answered " \
        "201, expected 200" in lines["import_export"], lines


def test_an_unknown_jatos_version_is_a_usage_error_naming_the_known_ones(served):
    server = served(make_app())
    result = _check("--url", server.url, "--token", token(server.app), "--jatos-version", "3.8")
    assert result.exit_code == 2
    assert "--jatos-version" in result.output and "known versions: 3.10, 3.9, 3.9.7, 3.9.6" in result.output


# --- broken 3.9 mocks: each fault fails the workflow that meets it ------------------------------------------------

def _empty_200(app, method: str, path_end: str):
    """`method` requests whose path ends with `path_end` answer 3.9's empty 200 and do nothing."""
    @app.before_request
    def nothing():
        if request.method == method and request.path.endswith(path_end):
            return Response(b"", 200)
        return None
    return app


def _route_miss(app, method: str, path_end: str):
    @app.before_request
    def missing():
        if request.method == method and request.path.endswith(path_end):
            return Response(f"Requested page {request.path} couldn't be found.", 404, content_type=PLAIN)
        return None
    return app


def _rewrite_study(app):
    """The study properties name input data `studyInput`, as 3.10 does."""
    @app.after_request
    def rename(response):
        if request.path.endswith("/properties") and response.status_code == 200:
            document = json.loads(response.get_data())
            document["data"]["studyInput"] = document["data"].pop("jsonData")
            response.set_data(json.dumps(document))
        return response
    return app


def _wrapped_import(app):
    """The import answered as 3.10 would: inside the envelope."""
    @app.after_request
    def wrap(response):
        if request.method == "POST" and request.path == "/jatos/api/v1/study" and response.status_code == 200:
            response.set_data(json.dumps({"apiVersion": "1.0.1", "data": json.loads(response.get_data())}))
        return response
    return app


def _new_general_code(app):
    """Every general single study code request answers another code."""
    served = itertools.count()

    @app.after_request
    def fresh(response):
        if request.path.endswith("/studyCodes") and request.args.get("type") == "gs" and response.status_code == 200:
            document = json.loads(response.get_data())
            document["data"] = [c[:-1] + str(next(served) % 10) for c in document["data"]]
            response.set_data(json.dumps(document))
        return response
    return app


def _zip_named_zip(app):
    """3.9.7 naming its results archive .zip (3.9.8's default) instead of .jrzip."""
    @app.after_request
    def rename(response):
        if request.path == "/jatos/api/v1/results" and response.status_code == 200:
            response.headers["Content-Disposition"] = 'attachment; filename="jatos_results_20260101000000.zip"'
        return response
    return app


def _any_component_delete(app):
    """Component deletes answer an empty 200 and delete nothing (the id is not known in advance)."""
    @app.before_request
    def nothing():
        if request.method == "DELETE" and "/components/" in request.path:
            return Response(b"", 200)
        return None
    return app


BROKEN = {  # fault: (breaker, served version, workflow, step it fails at, blamed operation, words of the message)
    "results delete does nothing": (
        lambda app: _empty_200(app, "PUT", "/results/delete"), "3.9", "results_delete",
        "POST results/metadata {studyIds: [A]} after the delete", "PUT /results/delete", "answered success"),
    "the upload to the assets root stores nothing": (
        lambda app: _empty_200(app, "POST", "/assets/"), "3.9", "assets", "GET studies/{id}/assets/structure",
        "POST /studies/{id}/assets/", "the structure has no leaf 'root.txt'"),
    "no upload route for a nested path": (
        lambda app: _route_miss(app, "POST", "/assets/img/x.txt"), "3.9", "assets", "POST studies/{id}/assets/img",
        "POST /studies/{id}/assets/{filepath}", "not implemented by the target"),
    "a study object as 3.10 shows it": (
        lambda app: _rewrite_study(app), "3.9", "import_export", "GET studies/{id}/properties",
        "GET /studies/{id}/properties", "lacks ['jsonData'], has ['studyInput']"),
    "import answer wrapped": (
        _wrapped_import, "3.9", "import_export", "POST study (import .jzip)", "POST /study",
        "3.9 answers this with raw JSON"),
    "component delete does nothing": (
        _any_component_delete, "3.9", "creates", "the study's components after the delete",
        "DELETE /studies/{id}/components/{cid}", "still lists component"),
    "a new general study code each time": (
        _new_general_code, "3.9", "batch_codes_results", "GET studies/{id}/studyCodes type=gs #2",
        "GET /studies/{id}/studyCodes", "the same twice"),
    "3.9.7 results archive named .zip": (
        _zip_named_zip, "3.9.7", "results_agree", "POST results", "POST /results", "names the results archive "
                                                                                   ".jrzip"),
}


@pytest.mark.parametrize("fault", list(BROKEN))
def test_a_broken_3_9_mock_fails_the_workflow_that_meets_the_fault(fault):
    breaker, version, name, step, blamed, words = BROKEN[fault]
    intact = make_app(version)
    app = breaker(make_app(version))
    jatos = dialects.for_version(version)
    result = wf.run_workflow(wf.by_name(name, jatos), wf.AppSeam(app, token(app)))
    print(result.status, result.message)
    assert result.status == wf.FAILED
    assert result.step.startswith(step), result.step
    assert result.operation == blamed and words in result.message, (result.operation, result.message)
    assert wf.run_workflow(wf.by_name(name, jatos), wf.AppSeam(intact, token(intact))).status == wf.PASSED


def test_a_broken_3_9_mock_fails_the_check_over_http(served):
    server = served(_empty_200(make_app(), "PUT", "/results/delete"))
    result = _check("--url", server.url, "--token", token(server.app), "--max-examples", "2")
    assert result.exit_code == 1, result.output
    lines = _workflow_lines(result.output, len(NAMES_3_9))
    assert lines["results_delete"].startswith("FAIL"), lines
    assert all(line.startswith("ok") for name, line in lines.items() if name != "results_delete"), lines
    assert "blames PUT /results/delete" in result.output
    assert "reproduce: curl -sS -X PUT -H \"Authorization: Bearer $JATOS_TOKEN\" -H 'Content-Type: " \
           "application/json' --data-raw '{\"componentResultIds\": " in result.output
    assert "Result: FAILED" in result.output


# --- the contract sweep against 3.9: jatos-api-3.9.yaml and 3.9's answer rules ------------------------------------

RULES_3_9 = ("jatos39_answer_shape", "jatos39_plain_text_errors", "jatos39_auth_semantics")


def _sweep(app, *operation_ids, **options):
    from jatos_mock.jatos.conformance.runner import Options, Target, run

    result = run(Target(token=token(app, "admin"), app=app),
                 Options(operations=operation_ids, checks=RULES_3_9, phases=("examples", "coverage", "fuzzing"),
                         max_examples=3, seed=1, **options))
    for op in result.operations.values():
        print(op.label, op.status, [(f.check, f.message[:120]) for f in op.failures], op.errors)
    return result


def _failed(result, operation_id) -> set[str]:
    return {f.check for f in result.by_operation_id(operation_id).failures}


def test_the_3_9_sweep_takes_3_9_s_contract_and_its_answer_rules():
    result = _sweep(make_app(), "getCurrentApiToken", "getStudyProperties", "listStudyProperties")
    assert {op.label for op in result.operations.values()} == {
        "GET /jatos/api/v1/admin/token", "GET /jatos/api/v1/studies/{id}/properties",
        "GET /jatos/api/v1/studies/properties"}
    assert result.ok and result.cases > 0, [(op.label, op.failures) for op in result.operations.values()]


def test_the_3_9_rules_catch_a_3_10_shaped_answer():
    app = make_app()

    @app.after_request
    def like_3_10(response):
        if request.path == "/jatos/api/v1/admin/token" and response.status_code == 200:
            document = json.loads(response.get_data())
            response.set_data(json.dumps({**document, "apiVersion": "1.1.0"}))
        elif response.status_code >= 400 and request.path.startswith("/jatos/api/v1/studies/"):
            body = {"apiVersion": "1.1.0", "error": {"code": "NOT_FOUND", "message": response.get_data(as_text=True)}}
            response.set_data(json.dumps(body))
            response.headers["Content-Type"] = "application/json"
        return response

    result = _sweep(app, "getCurrentApiToken", "getStudyProperties")
    assert "jatos39_answer_shape" in _failed(result, "getCurrentApiToken")
    assert "jatos39_plain_text_errors" in _failed(result, "getStudyProperties")


def test_the_3_9_rules_catch_success_without_credentials():
    app = make_app()
    admin = token(app, "admin")
    inner = app.wsgi_app

    def no_auth(environ, start_response):  # a server that lets every caller in as the admin
        environ["HTTP_AUTHORIZATION"] = f"Bearer {admin}"
        return inner(environ, start_response)

    app.wsgi_app = no_auth
    assert "jatos39_auth_semantics" in _failed(_sweep(app, "getCurrentApiToken"), "getCurrentApiToken")


def test_check_with_contract_sweeps_3_9_against_its_contract(served):
    server = served(make_app())
    result = _check("--url", server.url, "--token", token(server.app, "admin"), "--contract", "--no-workflows",
                    "--operation", "getCurrentApiToken", "--max-examples", "2")
    assert "(JATOS 3.9) against jatos-api-3.9.yaml" in result.output
    assert "GET /jatos/api/v1/admin/token" in result.output and "1 operations:" in result.output
    assert "Workflows:" not in result.output


@pytest.mark.parametrize("release, skipped", [
    ("3.9.7", {}),
    ("3.9.6", {"creates": "JATOS 3.9.6 has no route creating a study or a component",
               "results_delete": "JATOS 3.9.6 has no route to create a component"}),
])
def test_the_older_3_9_releases_pass_their_workflows(release, skipped):
    """3.9.7 names the results archive .jrzip (checked by results_agree); 3.9.1-3.9.6 create studies by import and
    cannot create components."""
    app = make_app(release)
    results = wf.run_all(wf.AppSeam(app, token(app)), jatos=dialects.for_version(release))
    assert {r.name: r.message for r in results if r.status == wf.SKIPPED} == skipped
    assert all(r.status == wf.PASSED for r in results if r.name not in skipped), \
        [(r.name, r.message) for r in results if r.status != wf.PASSED]


def test_a_server_of_an_unknown_api_version_is_a_usage_error(served):
    app = make_app()

    @app.after_request
    def like_3_8(response):
        if request.path == "/jatos/api/v1/admin/token" and response.status_code == 200:
            response.set_data(json.dumps({**json.loads(response.get_data()), "apiVersion": "1.0.0"}))
        return response

    server = served(app)
    result = _check("--url", server.url, "--token", token(app))
    assert result.exit_code == 2, result.output
    assert "apiVersion '1.0.0'" in result.output and "1.0.1 = JATOS 3.9" in result.output
    assert "give --jatos-version" in result.output and "Checking" not in result.output
