"""`jatos-mock check --url` against a mock on a real port: failures are known only when the answer's
X-Jatos-Mock-Deviations header explains them (a mock), or the registry baseline does (a real JATOS: no header)."""

import json

from click.testing import CliRunner

from jatos_mock.cli import main
from jatos_mock.core.http.pipeline import DEVIATIONS_HEADER

TOKEN_PATH = "/jatos/api/v1/admin/token"


def _check(*args):
    result = CliRunner().invoke(main, ["check", *args])
    print(result.output)
    return result


def _token_check(server, token, *more):
    return _check("--url", server.url, "--token", token, "--operation", "getCurrentApiToken",
                  "--max-examples", "3", *more)


def _drop_id(app):
    @app.after_request
    def broken(response):
        from flask import request
        if request.path == TOKEN_PATH and response.status_code == 200 and response.is_json:
            body = json.loads(response.get_data())
            body["data"].pop("id", None)
            response.set_data(json.dumps(body))
        return response
    return app


def _plain(app):
    @app.after_request
    def plain(response):
        from flask import request
        if request.path == TOKEN_PATH and response.status_code == 200:
            response.headers["Content-Type"] = "text/plain"
        return response
    return app


def test_the_mock_names_the_deviations_it_applied(served, mock_app, token_of):
    import requests

    for fidelity, expected in (("spec", ""), ("jatos", "A37")):
        server = served(mock_app(fidelity))
        answer = requests.get(server.url + TOKEN_PATH, timeout=10,
                              headers={"Authorization": f"Bearer {token_of(server.app)['admin']}"})
        assert answer.status_code == 200
        assert DEVIATIONS_HEADER in answer.headers
        assert (expected in answer.headers[DEVIATIONS_HEADER].split(",")) if expected \
            else answer.headers[DEVIATIONS_HEADER] == ""


def test_a_missing_field_in_spec_fidelity_fails_over_http(served, mock_app, token_of):
    app = _drop_id(mock_app("spec"))
    result = _token_check(served(app), token_of(app)["admin"])
    assert result.exit_code == 1, result.output
    assert "response_schema_conformance" in result.output and "Result: FAILED" in result.output


def test_a_text_plain_answer_in_spec_fidelity_fails_over_http(served, mock_app, token_of):
    app = _plain(mock_app("spec"))
    result = _token_check(served(app), token_of(app)["admin"])
    assert result.exit_code == 1, result.output
    assert "content_type_conformance" in result.output


def test_the_intact_jatos_fidelity_mock_passes_over_http(served, mock_app, token_of):
    app = mock_app("jatos")
    result = _token_check(served(app), token_of(app)["admin"])
    assert result.exit_code == 0, result.output
    assert "A40" not in result.output  # only what the answers applied


def test_without_the_header_the_registry_baseline_applies(served, mock_app, token_of):
    """A real JATOS sends no X-Jatos-Mock-Deviations: the registry says which failures are known."""
    app = mock_app("jatos")
    inner = app.wsgi_app

    def strip(environ, start_response):
        def start(status, headers, *exc):
            return start_response(status, [(k, v) for k, v in headers if k.lower() != DEVIATIONS_HEADER.lower()],
                                  *exc)
        return inner(environ, start)

    app.wsgi_app = strip
    result = _token_check(served(app), token_of(app)["admin"])
    assert result.exit_code == 0, result.output
    assert "A40" in result.output  # known through the registry, though no answer applied it


def test_a_whole_jatos_fidelity_run_over_http_fails_only_by_the_deviations_its_answers_named(served, mock_app,
                                                                                            token_of):
    from jatos_mock.jatos.conformance.runner import FAILED, Options, Target, run

    app = mock_app("jatos")
    server = served(app)
    result = run(Target(token=token_of(app)["admin"], url=server.url), Options(max_examples=2, seed=1))
    failed = {op.label: [(f.check, f.message[:200]) for f in op.failures] + op.errors
              for op in result.with_status(FAILED)}
    assert result.ok, failed
    assert result.with_status("known deviation")  # the jatos fidelity does deviate


def test_check_finds_the_api_under_the_base_path_of_the_url(served, token_of):
    """A JATOS with jatos.urlBasePath serves everything under its base path: `check --url http://host/base/` finds
    the API there, every operation and every workflow (the read-only ones judged by the route, not the URL)."""
    from jatos_mock.jatos.app import create_app
    from jatos_mock.jatos.settings import Settings

    app = create_app(Settings(seed=1, fidelity="jatos", jatos_keys={"jatos.urlBasePath": "/lab/"}))
    server = served(app)
    admin = token_of(app)["admin"]
    result = _check("--url", server.url + "/lab/", "--token", admin, "--max-examples", "1", "--workflows",
                    "--operation", "getCurrentApiToken", "--operation", "listStudyProperties",
                    "--operation", "exportResultsMetadata")
    assert result.exit_code == 0, result.output
    assert " 0 failed, " in result.output and " 0 missing" in result.output
    assert "workflows:" in result.output and " 0 failed, 0 skipped" in result.output

    outside = _check("--url", server.url, "--token", admin, "--max-examples", "1", "--operation", "getCurrentApiToken")
    assert "give --url with it" in outside.output  # the base path left out: the preflight says where to look
