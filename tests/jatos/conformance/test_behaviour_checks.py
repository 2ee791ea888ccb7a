"""`check` proves behaviour, not only shapes: each deliberately broken mock below keeps every answer schema-valid but
behaves wrongly (a write that changes nothing, an export that loses a result, bytes that do not match their checksum,
stale answers, a stale write let through, an off-by-one range, a deactivation that does not deactivate, ...), and
`check`'s run must fail the workflow that shows it, blaming the operation and carrying a curl reproduction; the intact
mock passes in both fidelities."""

import dataclasses
import io
import json
import re
import zipfile

import pytest
from flask import request

from jatos_mock.core.conformance.transport import AppSeam
from jatos_mock.core.http.answer_cache import AnswerCache
from jatos_mock.jatos.conformance import workflows
from jatos_mock.jatos.conformance.runner import Options, Target, run
from jatos_mock.jatos.domain import archive, auth, cascades, selectors, sessions, study_log

API = "/jatos/api/v1"


def _admin(app) -> str:
    return app.extensions["jatos_mock"].fixture_tokens[0]["token"]


def _check(app, read_only: bool = False):
    """`check`'s run in-process: the workflows, and the engine on one operation only (they are what is tested)."""
    return run(Target(token=_admin(app), app=app), Options(operations=("getCurrentApiToken",), max_examples=1,
                                                           phases=("examples",), workflows=True,
                                                           existing_ids=False, read_only=read_only))


def _workflow(app, name: str, read_only: bool = False):
    """One of `check`'s workflows, as its run calls it (quicker than the whole run, for the many broken mocks)."""
    return workflows.run_all(AppSeam(app, _admin(app)), read_only=read_only, workflows=(workflows.by_name(name),))[0]


# --- ways to break a mock, each keeping the answers schema-valid ---------------------------------------------------

def answered_as_read(app, method: str, pattern: str, read_path=lambda path: path):
    """`method` on paths matching `pattern` answers what a GET (of `read_path(path)`) answers: success, nothing
    changed."""
    inner = app.wsgi_app

    def middleware(environ, start_response):
        path = environ["PATH_INFO"]
        if environ["REQUEST_METHOD"] == method and re.fullmatch(API + pattern, path):
            environ = {**environ, "REQUEST_METHOD": "GET", "PATH_INFO": read_path(path), "CONTENT_LENGTH": "0",
                       "QUERY_STRING": "", "wsgi.input": io.BytesIO(b"")}
        return inner(environ, start_response)

    app.wsgi_app = middleware
    return app


def answered_with(app, method: str, pattern: str, answer, after: int = 0):
    """`method` on paths matching `pattern` (but the first `after` of them) gets `answer(body, query)` (a JSON
    document, 200) and never reaches the mock."""
    inner = app.wsgi_app
    seen = []

    def middleware(environ, start_response):
        if environ["REQUEST_METHOD"] == method and re.fullmatch(API + pattern, environ["PATH_INFO"]):
            seen.append(1)
            if len(seen) <= after:
                return inner(environ, start_response)
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(size) if size else b""
            document = json.dumps(answer(body, environ["QUERY_STRING"])).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(document)))])
            return [document]
        return inner(environ, start_response)

    app.wsgi_app = middleware
    return app


def rewritten(app, method: str, pattern: str, change):
    """Answers to `method` on `pattern` (200 only) have their body replaced by `change(body)`."""
    # a hook added to the app runs for computed answers only: none is reused, so each answer goes through it
    app.extensions["jatos_mock"].answers = AnswerCache(size=0)

    @app.after_request
    def rewrite(response):
        if request.method == method and re.fullmatch(API + pattern, request.path) and response.status_code == 200:
            response.direct_passthrough = False
            body = change(response.get_data())
            response.set_data(body)
        return response
    return app


def cached(app):
    """Every GET answered from a cache filled by the first answer per URL: stale after any write."""
    inner = app.wsgi_app
    cache = {}

    def middleware(environ, start_response):
        if environ["REQUEST_METHOD"] != "GET" or not environ["PATH_INFO"].startswith(API):
            return inner(environ, start_response)
        key = (environ["PATH_INFO"], environ["QUERY_STRING"], environ.get("HTTP_AUTHORIZATION"))
        if key not in cache:
            captured = {}

            def start(status, headers, exc_info=None):
                captured.update(status=status, headers=headers)
            body = b"".join(inner(environ, start))
            cache[key] = (captured["status"], captured["headers"], body)
        status, headers, body = cache[key]
        start_response(status, headers)
        return [body]

    app.wsgi_app = middleware
    return app


def _zip_without(body: bytes, drop) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(body))
    names = source.namelist()
    dropped = drop(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            if name != dropped:
                target.writestr(name, source.read(name))
    return out.getvalue()


def _last_data_entry(names):
    return [n for n in names if n.endswith("/data.txt")][-1]


def _a_file_entry(names):
    return [n for n in names if "/files/" in n][0]


def _drop_last_result(body: bytes) -> bytes:
    document = json.loads(body)
    for study in document["data"]:
        for sr in study["studyResults"]:
            if len(sr["componentResults"]) > 1:
                sr["componentResults"].pop()
                return json.dumps(document).encode()
    return body


def _flip_a_byte(body: bytes) -> bytes:
    return bytes([body[0] ^ 1]) + body[1:] if body else body


def _retitle_first(body: bytes) -> bytes:
    document = json.loads(body)
    if document["data"]:
        document["data"][0]["title"] += " (stale)"
    return json.dumps(document).encode()


def _counted_description():
    calls = []

    def change(body: bytes) -> bytes:  # an answer that is never the same twice
        calls.append(1)
        document = json.loads(body)
        document["data"]["description"] = f"read {len(calls)}"
        return json.dumps(document).encode()
    return change


def _drop_first_log_line(body: bytes) -> bytes:
    lines = body.split(b"\n")
    return b"\n".join(lines[:1] + lines[2:])


# --- the broken mocks: (name, how to break it, the workflow that must fail, the operation it must blame) ----------

def _patch(monkeypatch, target, name, replacement):
    original = getattr(target, name)
    monkeypatch.setattr(target, name, replacement(original))


def _deactivation_ignored(original):
    def find_token(state, token):  # the flag is stored, but authentication never looks at it
        found = original(state, token)
        if found is not None and not found.active:
            found = dataclasses.replace(found, active=True)
        return found
    return find_token


def _stale_version_accepted(original):
    def compare_and_set(entity, data, expected, what):
        return original(entity, data, None, what)  # optimistic lock off: any version wins
    return compare_and_set


def _keep_assets_ignored(original):
    def import_study(state, new_uuid, blobs, user, contents, flags, now_ms, config):
        return original(state, new_uuid, blobs, user, contents, archive.ImportFlags(
            flags.keep_properties, False, flags.keep_current_assets_name, flags.rename_assets), now_ms, config)
    return import_study


def _keep_properties_ignored(original):
    def import_study(state, new_uuid, blobs, user, contents, flags, now_ms, config):
        return original(state, new_uuid, blobs, user, contents, archive.ImportFlags(
            False, flags.keep_assets, flags.keep_current_assets_name, flags.rename_assets), now_ms, config)
    return import_study


def _rename_refusal_ignored(original):
    def import_study(state, new_uuid, blobs, user, contents, flags, now_ms, config):
        return original(state, new_uuid, blobs, user, contents, archive.ImportFlags(
            flags.keep_properties, flags.keep_assets, flags.keep_current_assets_name, True), now_ms, config)
    return import_study


def _range_off_by_one(original):
    def parse_id_text(text):
        ids = original(text)
        ids.ranges = [(lo, hi - 1) for lo, hi in ids.ranges]  # "a-b" read as a..b-1
        return ids
    return parse_id_text


def _group_version_ignored(original):
    def update_group_session(group, data, expected):
        return original(group, data, None)  # only the group session's lock is off
    return update_group_session


def _uuids_ignored(original):
    def uuids_from_json(value):
        return []  # UUID selectors select nothing
    return uuids_from_json


def _deletes_nothing(original):
    def remove_component_results(state, ids):
        return list(ids)  # answers the ids, removes nothing
    return remove_component_results


def _deletes_everything(original):
    def remove_component_results(state, ids):
        original(state, list(state.component_results))
        return list(ids)
    return remove_component_results


def _no_log(original):
    def log(*args, **kwargs):
        return None
    return log


MIDDLEWARE = {
    "study properties PATCH changes nothing": (
        lambda app: answered_as_read(app, "PATCH", r"/studies/\d+/properties"),
        "properties", "PATCH /studies/{id}/properties"),
    "component PATCH changes nothing": (
        lambda app: answered_as_read(app, "PATCH", r"/components/\d+"), "properties", "PATCH /components/{id}"),
    "batch PATCH changes nothing": (
        lambda app: answered_as_read(app, "PATCH", r"/batches/\d+"), "properties", "PATCH /batches/{id}"),
    "batch DELETE deletes nothing": (
        lambda app: answered_with(app, "DELETE", r"/batches/\d+",
                                  lambda body, query: {"apiVersion": "1.1.0", "message": "Batch deleted successfully"}),
        "properties", "DELETE /batches/{id}"),
    "member add changes nothing": (
        lambda app: answered_as_read(app, "PUT", r"/studies/\d+/members/\d+", lambda p: p.rsplit("/", 1)[0]),
        "members", "PUT /studies/{id}/members/{userId}"),
    "member remove changes nothing": (
        lambda app: answered_as_read(app, "DELETE", r"/studies/\d+/members/\d+", lambda p: p.rsplit("/", 1)[0]),
        "members", "DELETE /studies/{id}/members/{userId}"),
    "token PATCH answers the asked state but changes nothing": (
        lambda app: answered_with(app, "PATCH", r"/tokens/\d+", lambda body, query: {
            "apiVersion": "1.1.0", "data": {"id": 0, "active": json.loads(body)["active"]}}),
        "token_activation", "PATCH /tokens/{id}"),
    "token DELETE deletes nothing": (
        lambda app: answered_with(app, "DELETE", r"/tokens/\d+", lambda body, query: {
            "apiVersion": "1.1.0", "message": "Token deleted successfully"}),
        "token_activation", "DELETE /tokens/{id}"),
    "study code PATCH changes nothing": (
        lambda app: answered_as_read(app, "PATCH", r"/studyCodes/\w+"), "study_code_toggle",
        "PATCH /studyCodes/{code}"),
    "session PATCH answers a new version but changes nothing": (
        lambda app: answered_with(app, "PATCH", r"/batches/\d+/session", lambda body, query: {
            "apiVersion": "1.1.0", "message": "Batch session updated successfully",
            "data": {"version": int(query.split("version=")[1].split("&")[0]) + 1}}),
        "sessions", "PATCH /batches/{id}/session"),
    "asset overwrite keeps the old bytes": (
        lambda app: answered_with(app, "POST", r"/studies/\d+/assets/img/x\.txt", lambda body, query: {
            "apiVersion": "1.1.0", "message": "File overwritten successfully"}, after=1),
        "assets", "POST /studies/{id}/assets/{filepath}"),
    "asset download does not match its checksum": (
        lambda app: rewritten(app, "GET", r"/studies/\d+/assets/(?!structure).+", _flip_a_byte),
        "assets_agree", "GET /studies/{id}/assets/{filepath}"),
    "stale answers replayed from before a change": (
        cached, "properties", "PATCH /studies/{id}/properties"),
    "the data zip loses a result": (
        lambda app: rewritten(app, "POST", r"/results/data", lambda body: _zip_without(body, _last_data_entry)
                              if body[:2] == b"PK" else body),
        "results_agree", "POST /results/data"),
    "the metadata loses a result": (
        lambda app: rewritten(app, "POST", r"/results/metadata", _drop_last_result),
        "results_agree", "POST /results/metadata"),
    "the combined export loses a file": (
        lambda app: rewritten(app, "POST", r"/results", lambda body: _zip_without(body, _a_file_entry)),
        "results_agree", "POST /results"),
    "plain-text data without its line separators": (
        lambda app: rewritten(app, "POST", r"/results/data",
                              lambda body: body if body[:2] == b"PK" else body.replace(b"\n", b"")),
        "results_agree", "POST /results/data?asPlainText=true"),
    "the downloaded study log loses an entry": (
        lambda app: rewritten(app, "GET", r"/studies/\d+/log",
                              lambda body: body if body.lstrip()[:1] == b"[" else _drop_first_log_line(body)),
        "study_log_agrees", "GET /studies/{id}/log"),
    "the same read answers differently": (
        lambda app: rewritten(app, "GET", r"/studies/\d+/properties", _counted_description()),
        "lists_match_items", "GET /studies/{id}/properties"),
    "the study list shows a stale title": (
        lambda app: rewritten(app, "GET", r"/studies/properties", _retitle_first),
        "lists_match_items", "GET /studies/properties"),
}

DOMAIN = {
    "deactivation that does not deactivate": (
        (auth, "find_token", _deactivation_ignored), "token_activation", "PATCH /tokens/{id}"),
    "optimistic lock lets a stale write through": (
        (sessions, "_compare_and_set", _stale_version_accepted), "sessions", "PATCH /batches/{id}/session"),
    "optimistic lock off for group sessions only": (
        (sessions, "update_group_session", _group_version_ignored), "sessions", "PATCH /groups/{id}/session"),
    "UUID selectors ignored": (
        (selectors, "_uuids_from_json", _uuids_ignored), "selectors_agree", "POST /results/metadata"),
    "keepAssets ignored": (
        (archive, "import_study", _keep_assets_ignored), "import_flags", "keepAssets': 'true'"),
    "keepProperties ignored": (
        (archive, "import_study", _keep_properties_ignored), "import_flags", "keepProperties': 'true'"),
    "renameAssets=false ignored": (
        (archive, "import_study", _rename_refusal_ignored), "import_flags", "renameAssets=false"),
    "off-by-one selector range": (
        (selectors, "parse_id_text", _range_off_by_one), "selectors_agree", "POST /results/metadata"),
    "results delete deletes nothing": (
        (cascades, "remove_component_results", _deletes_nothing), "results_delete", "POST /results/delete"),
    "results delete deletes more than selected": (
        (cascades, "remove_component_results", _deletes_everything), "results_delete", "POST /results/delete"),
    "writes leave no study log entry": (
        (study_log, "log", _no_log), "properties", "POST /studies (create)"),
}


@pytest.mark.parametrize("fidelity", ["jatos", "spec"])
def test_the_intact_mock_passes_every_workflow(mock_app, fidelity):
    result = _check(mock_app(fidelity))
    assert result.ok, {w.name: w.message for w in result.workflows if w.failed}
    assert [w.status for w in result.workflows] == ["passed"] * len(workflows.WORKFLOWS)
    notes = {w.name: w.note for w in result.workflows}
    assert "cross-checked 8 component results (1 with files)" in notes["results_agree"]


def _assert_caught(flow, blames: str):
    assert flow.failed, flow
    assert blames in (flow.operation or ""), (flow.operation, flow.message)
    assert flow.reproduction and all(c.startswith("curl ") for c in flow.reproduction)
    assert "$JATOS_TOKEN" in flow.reproduction[0]
    return flow


def _studies(app) -> set:
    with app.extensions["jatos_mock"].store.read() as state:
        return {study.uuid for study in state.studies.values()}


@pytest.mark.parametrize("name", list(MIDDLEWARE))
def test_a_server_that_misbehaves_fails_check(mock_app, name):
    breaks, workflow, blames = MIDDLEWARE[name]
    assert _workflow(mock_app("jatos"), workflow).status == "passed"  # the same workflow, intact
    app = breaks(mock_app("jatos"))
    before = _studies(app)
    _assert_caught(_workflow(app, workflow), blames)
    assert _studies(app) == before  # the failed workflow removed the studies it created


@pytest.mark.parametrize("name", list(DOMAIN))
def test_a_mock_with_a_broken_rule_fails_check(mock_app, monkeypatch, name):
    (module, function, replacement), workflow, blames = DOMAIN[name]
    assert _workflow(mock_app("jatos"), workflow).status == "passed"
    _patch(monkeypatch, module, function, replacement)
    app = mock_app("jatos")
    before = _studies(app)
    _assert_caught(_workflow(app, workflow), blames)
    assert _studies(app) == before


def test_check_fails_a_broken_mock_and_names_the_workflow(mock_app):
    breaks, workflow, blames = MIDDLEWARE["the data zip loses a result"]
    result = _check(breaks(mock_app("jatos")))
    assert not result.ok and result.exit_code == 1
    failed = {w.name: w for w in result.workflows if w.failed}
    assert workflow in failed
    _assert_caught(failed[workflow], blames)


def test_read_only_runs_the_cross_checks_and_they_catch_a_broken_export(mock_app):
    intact = _check(mock_app("jatos"), read_only=True)
    assert intact.ok
    ran = {w.name for w in intact.workflows if w.status == "passed"}
    assert ran == {w.name for w in workflows.WORKFLOWS if w.reads_only}
    assert ran == {"results_agree", "selectors_agree", "assets_agree", "study_log_agrees", "lists_match_items"}
    breaks, workflow, blames = MIDDLEWARE["the data zip loses a result"]
    _assert_caught(_workflow(breaks(mock_app("jatos")), workflow, read_only=True), blames)
