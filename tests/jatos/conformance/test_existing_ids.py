"""The existing-ids pass: read-only operations on a study, component or batch get an id that exists on the target,
so their success answers are checked too (generated ids almost never exist)."""

import json

from jatos_mock.jatos.conformance import discovery
from jatos_mock.jatos.conformance.runner import Options, Target, run

OPS = ("listStudyMembers", "getBatch", "getComponent", "updateBatch")


def _run(target, *operation_ids, **options):
    return run(target, Options(operations=operation_ids, max_examples=3, seed=1,
                               phases=("examples", "coverage", "fuzzing"), **options))


def _successes(result, operation_id):
    return sum(n for status, n in result.by_operation_id(operation_id).statuses.items() if 200 <= status < 300)


def test_ids_are_discovered_from_the_studies_properties(mock_app, token_of):
    from jatos_mock.jatos.conformance.workflows import seam_for

    app = mock_app()
    assert discovery.discover(seam_for(Target(token=token_of(app)["admin"], app=app))) == \
        {"study": 1, "component": 1, "batch": 1}
    assert discovery.id_kind("GET", "/jatos/api/v1/studies/{id}/members") == "study"
    assert discovery.id_kind("HEAD", "/jatos/api/v1/studies/{id}") == "study"
    assert discovery.id_kind("GET", "/jatos/api/v1/batches/{id}/groups") == "batch"
    assert discovery.id_kind("DELETE", "/jatos/api/v1/studies/{id}") is None  # never a write on a real study
    assert discovery.id_kind("PATCH", "/jatos/api/v1/components/{id}") is None
    assert discovery.id_kind("GET", "/jatos/api/v1/studiesx/{id}") is None


def test_read_only_operations_on_existing_ids_answer_success(mock_app, token_of):
    app = mock_app()
    target = Target(token=token_of(app)["admin"], app=app)
    without = _run(target, *OPS, existing_ids=False)
    assert _successes(without, "getBatch") == 0 and _successes(without, "listStudyMembers") == 0
    app = mock_app()
    result = _run(Target(token=token_of(app)["admin"], app=app), *OPS)
    assert result.ok
    for operation_id in ("listStudyMembers", "getBatch", "getComponent"):
        assert _successes(result, operation_id) > 0, operation_id
    patches = [e for e in app.extensions["jatos_mock"].journal.entries()
               if e.method == "PATCH" and e.path == "/jatos/api/v1/batches/1"]
    assert not patches  # the pass writes nothing on the existing batch


def _batch_without_id(app):
    @app.after_request
    def broken(response):
        from flask import request
        if request.path == "/jatos/api/v1/batches/1" and response.status_code == 200 and response.is_json:
            body = json.loads(response.get_data())
            body["data"].pop("id", None)
            response.set_data(json.dumps(body))
        return response
    return app


def test_a_broken_success_answer_is_found_only_through_an_existing_id(mock_app, token_of):
    app = _batch_without_id(mock_app())
    assert _run(Target(token=token_of(app)["admin"], app=app), "getBatch", existing_ids=False).ok
    app = _batch_without_id(mock_app())
    result = _run(Target(token=token_of(app)["admin"], app=app), "getBatch")
    assert not result.ok
    assert {f.check for f in result.by_operation_id("getBatch").failures} >= {"response_schema_conformance"}
    assert any("(batch 1)" in f.phase for f in result.by_operation_id("getBatch").failures)


def test_the_pass_works_over_http(served, mock_app, token_of):
    server = served(mock_app("jatos"))
    result = _run(Target(token=token_of(server.app)["researcher"], url=server.url,
                         admin_token=token_of(server.app)["admin"]), "listStudyMembers", "getBatch")
    assert result.ok, [(op.label, op.failures) for op in result.with_status("failed")]
    assert _successes(result, "getBatch") > 0


def test_the_cli_switch(served, mock_app, token_of):
    from click.testing import CliRunner

    from jatos_mock.cli import main

    for flag, expected in (("--existing-ids", True), ("--no-existing-ids", False)):
        server = served(mock_app())
        result = CliRunner().invoke(main, ["check", "--url", server.url, "--token", token_of(server.app)["admin"],
                                           "--operation", "getBatch", "--max-examples", "2", flag])
        assert result.exit_code == 0, result.output
        hit = any(e.path == "/jatos/api/v1/batches/1" and e.status == 200
                  for e in server.app.extensions["jatos_mock"].journal.entries())
        assert hit is expected, flag


WRITES = ("updateBatch", "updateStudyProperties", "deleteComponent", "getBatch")


def _own_study_ids(app):
    """The run's study imports (the generated run itself has no POST /studies among WRITES)."""
    return [e for e in app.extensions["jatos_mock"].journal.entries()
            if e.method == "POST" and e.path == "/jatos/api/v1/studies"]


def test_the_own_study_pass_sends_writes_to_an_imported_study_and_deletes_it(mock_app, token_of):
    from jatos_mock.jatos.conformance.workflows import seam_for

    twin = mock_app("jatos")  # the same fixture, unchecked (an app that served a request takes no more hooks)
    before = {s["id"] for s in seam_for(Target(token=token_of(twin)["admin"], app=twin))
              .request("GET", "studies/properties").json()["data"]}
    app = mock_app("jatos")
    target = Target(token=token_of(app)["admin"], app=app)
    result = _run(target, *WRITES, own_study=True)
    assert result.ok, [(op.label, op.failures) for op in result.with_status("failed")]
    for operation_id in ("updateBatch", "updateStudyProperties", "deleteComponent"):
        assert _successes(result, operation_id) > 0, operation_id
    after = {s["id"] for s in seam_for(target).request("GET", "studies/properties").json()["data"]}
    assert after == before  # the run's own study is gone again, the fixture's studies untouched
    writes_on_fixture = [e for e in app.extensions["jatos_mock"].journal.entries()
                         if e.method in ("PATCH", "DELETE") and e.path in ("/jatos/api/v1/batches/1",
                                                                          "/jatos/api/v1/components/1",
                                                                          "/jatos/api/v1/studies/1/properties")]
    assert not writes_on_fixture


def test_without_the_switch_and_when_read_only_no_study_is_imported(served, mock_app, token_of):
    app = mock_app("jatos")
    _run(Target(token=token_of(app)["admin"], app=app), *WRITES)
    assert not _own_study_ids(app)
    server = served(mock_app("jatos"))
    _run(Target(token=token_of(server.app)["admin"], url=server.url), *WRITES, own_study=True, read_only=True)
    assert not _own_study_ids(server.app)
