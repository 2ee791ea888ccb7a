"""The suite catches real faults: each deliberately broken mock fails `check`'s runner, the intact one passes."""

import json

from jatos_mock.jatos.conformance.runner import FAILED, Options, Target, run

TOKEN_PATH = "/jatos/api/v1/admin/token"
SMALL = dict(max_examples=3, seed=1)


def _run(app, *operation_ids, phases=("examples", "coverage", "fuzzing"), **options):
    result = run(Target(token=app.extensions["jatos_mock"].fixture_tokens[0]["token"], app=app),
                 Options(operations=operation_ids, phases=phases, **{**SMALL, **options}))
    print(f"{result.cases} test cases, {result.rate:.0f}/s")
    return result


def _failed_checks(result, operation_id):
    op = result.by_operation_id(operation_id)
    return {f.check for f in op.failures} | ({"error"} if op.errors else set())


def _rewrite_json(app, path, change):
    @app.after_request
    def broken(response):
        from flask import request
        if request.path == path and response.status_code == 200 and response.is_json:
            body = json.loads(response.get_data())
            change(body)
            response.set_data(json.dumps(body))
        return response
    return app


def test_intact_mock_passes_the_same_runs(mock_app):
    app = mock_app()
    result = _run(app, "getCurrentApiToken", "exportStudy", parameters={"path.id": 1})
    assert result.ok, [(op.label, op.failures, op.errors) for op in result.with_status(FAILED)]
    assert result.by_operation_id("getCurrentApiToken").cases > 0


def test_missing_required_field_fails_schema_conformance(mock_app):
    app = _rewrite_json(mock_app(), TOKEN_PATH, lambda body: body["data"].pop("id"))
    result = _run(app, "getCurrentApiToken")
    assert not result.ok and result.exit_code == 1
    assert "response_schema_conformance" in _failed_checks(result, "getCurrentApiToken")


def test_wrong_type_fails_schema_conformance(mock_app):
    app = _rewrite_json(mock_app(), TOKEN_PATH, lambda body: body["data"].update(id="seven"))
    result = _run(app, "getCurrentApiToken")
    assert "response_schema_conformance" in _failed_checks(result, "getCurrentApiToken")


def test_missing_envelope_fails_the_jatos_envelope_check(mock_app):
    app = mock_app()

    @app.after_request
    def unwrap(response):
        from flask import request
        if request.path == TOKEN_PATH and response.status_code == 200:
            response.set_data(json.dumps(json.loads(response.get_data())["data"]))
        return response

    result = _run(app, "getCurrentApiToken")
    assert "jatos_envelope" in _failed_checks(result, "getCurrentApiToken")


def test_wrong_status_fails_status_code_conformance(mock_app):
    app = mock_app()

    @app.after_request
    def accepted(response):
        from flask import request
        if request.path == TOKEN_PATH and response.status_code == 200:
            response.status_code = 202
        return response

    result = _run(app, "getCurrentApiToken")
    assert "status_code_conformance" in _failed_checks(result, "getCurrentApiToken")


def test_wrong_content_type_fails_content_type_conformance(mock_app):
    app = mock_app()

    @app.after_request
    def plain(response):
        from flask import request
        if request.path == TOKEN_PATH and response.status_code == 200:
            response.headers["Content-Type"] = "text/plain"
        return response

    result = _run(app, "getCurrentApiToken")
    assert "content_type_conformance" in _failed_checks(result, "getCurrentApiToken")


def test_skipped_auth_check_fails_ignored_auth(mock_app):
    app = mock_app()
    admin = app.extensions["jatos_mock"].fixture_tokens[0]["token"]
    inner = app.wsgi_app

    def no_auth(environ, start_response):  # a server that lets every caller in as the admin
        environ["HTTP_AUTHORIZATION"] = f"Bearer {admin}"
        return inner(environ, start_response)

    app.wsgi_app = no_auth
    result = _run(app, "getCurrentApiToken")
    failed = _failed_checks(result, "getCurrentApiToken")
    assert failed & {"ignored_auth", "jatos_auth_semantics"}, failed


def test_broken_zip_fails_the_zip_check(mock_app):
    app = mock_app()

    @app.after_request
    def corrupt(response):
        if response.mimetype == "application/zip" and response.status_code == 200:
            response.direct_passthrough = False
            response.set_data(b"PK\x03\x04 this is not a zip")
        return response

    result = _run(app, "exportStudy", parameters={"path.id": 1})
    assert "jatos_zip" in _failed_checks(result, "exportStudy")


def test_delete_that_does_not_delete_fails_use_after_free(mock_app):
    app = mock_app()
    inner = app.wsgi_app

    def keep_tokens(environ, start_response):  # DELETE tokens/{id} answers success but deletes nothing
        if environ["REQUEST_METHOD"] == "DELETE" and environ["PATH_INFO"].startswith("/jatos/api/v1/tokens/"):
            body = json.dumps({"apiVersion": "1.1.0", "message": "API token deleted"}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return inner(environ, start_response)

    app.wsgi_app = keep_tokens
    result = _run(app, "createApiToken", "deleteApiToken", "getApiToken", "createUser",
                  phases=("stateful",), max_examples=10, stateful_steps=10)
    failed = _failed_checks(result, "getApiToken") | _failed_checks(result, "deleteApiToken")
    assert "use_after_free" in failed, failed
