"""The API-neutral write → read verification (core/conformance/verify.py, flow.py) against a tiny in-memory API: a
write whose effect the read does not show fails, blaming the write, with the requests as curl commands; a refused
write that changes something fails; a read-only flow refuses to send a write at all."""

import json

import pytest

from jatos_mock.core.conformance.flow import (
    FAILED,
    PASSED,
    SKIPPED,
    Flow,
    Sent,
    Workflow,
    WorkflowSkipped,
    run_workflow,
)
from jatos_mock.core.conformance.transport import Answer
from jatos_mock.core.conformance.verify import (
    Request,
    differences,
    mismatch,
    refused_unchanged,
    same_twice,
    write_then_read,
)


class ThingSeam:
    """One JSON object at /things/1 with a version; PATCH merges unless `broken` (then it answers success only)."""

    def __init__(self, broken: bool = False, lock_off: bool = False):
        self.thing = {"name": "a", "tags": ["x", "y"], "version": 1}
        self.broken, self.lock_off = broken, lock_off
        self.sent = []

    def url(self, path, prefix="/api/"):
        return "http://thing.example" + prefix + path

    def request(self, method, path, *, params=None, json=None, files=None, data=None, prefix="/api/"):
        self.sent.append((method, path))
        if method == "GET":
            return _answer(200, {"data": self.thing})
        if method == "PATCH":
            stale = params and int(params["version"]) != self.thing["version"]
            if stale and not self.lock_off:
                return _answer(403, {"error": "version conflict"})
            if not self.broken:
                self.thing = {**self.thing, **json, "version": self.thing["version"] + 1}
            return _answer(200, {"data": {"version": self.thing["version"]}})
        return _answer(404, {})


def _answer(status, document):
    return Answer(status, {"content-type": "application/json"}, json.dumps(document).encode())


READ = Request("GET things/1", "GET", "things/1", "GET /things/{id}")


def _patch(body, version=None, expect=(200,)):
    kw = {"json": body, **({"params": {"version": version}} if version is not None else {})}
    return Request("PATCH things/1", "PATCH", "things/1", "PATCH /things/{id}", expect, kw)


def _rename(flow):
    write_then_read(flow, _patch({"name": "b", "tags": ["y", "x"]}), READ, {"name": "b", "tags": ["x", "y"]},
                    unordered=("tags",))


def test_a_write_the_read_shows_passes_and_lists_compare_as_sets_where_asked():
    result = run_workflow(Workflow("rename", "rename", _rename), ThingSeam())
    assert result.status == PASSED, result.message
    assert result.steps == ["PATCH things/1", "GET things/1"]


def test_a_write_that_changes_nothing_fails_blaming_the_write_with_its_reproduction():
    result = run_workflow(Workflow("rename", "rename", _rename), ThingSeam(broken=True), token_label="$T")
    assert result.status == FAILED and result.step == "GET things/1"
    assert result.operation == "PATCH /things/{id}"
    assert 'name: asked "b", saw "a"' in result.message
    assert result.reproduction == [
        "curl -sS -X PATCH -H \"Authorization: Bearer $T\" -H 'Content-Type: application/json' --data-raw "
        "'{\"name\": \"b\", \"tags\": [\"y\", \"x\"]}' 'http://thing.example/api/things/1'",
        "curl -sS -X GET -H \"Authorization: Bearer $T\" 'http://thing.example/api/things/1'"]


@pytest.mark.parametrize("lock_off", [False, True])
def test_a_refused_write_must_change_nothing(lock_off):
    def stale(flow):
        refused_unchanged(flow, _patch({"name": "stale"}, version=0, expect=(403,)), READ)

    result = run_workflow(Workflow("stale", "stale", stale), ThingSeam(lock_off=lock_off))
    if not lock_off:
        assert result.status == PASSED, result.message
    else:
        assert result.status == FAILED and result.operation == "PATCH /things/{id}"
        assert "a write that must be refused was not" in result.message


def test_the_same_read_twice_must_agree():
    seam = ThingSeam()
    answers = iter([{"name": "a"}, {"name": "b"}])
    seam.request = lambda *a, **k: _answer(200, {"data": next(answers)})
    result = run_workflow(Workflow("twice", "twice", lambda flow: same_twice(flow, READ, lambda a: a.json())), seam)
    assert result.status == FAILED and result.operation == "GET /things/{id}"
    assert "answered differently" in result.message and "name" in result.message


def test_a_read_only_flow_refuses_to_send_a_write():
    seam = ThingSeam()
    result = run_workflow(Workflow("rename", "rename", _rename, reads_only=True), seam)
    assert result.status == FAILED and "refused in read-only mode" in result.message
    assert seam.sent == []


def test_skipped_workflows_say_why_and_undo_runs_after_a_failure():
    def skip(flow):
        raise WorkflowSkipped("nothing to check here")

    assert run_workflow(Workflow("s", "s", skip), ThingSeam()).message == "nothing to check here"
    assert run_workflow(Workflow("s", "s", skip), ThingSeam()).status == SKIPPED

    seam = ThingSeam(broken=True)

    def creates_then_fails(flow: Flow):
        flow.undo.append(("DELETE", "things/2"))
        _rename(flow)

    run_workflow(Workflow("u", "u", creates_then_fails), seam)
    assert seam.sent[-1] == ("DELETE", "things/2")


def test_differences_and_mismatch_name_the_fields():
    assert differences({"a": 1, "b": True}, {"a": 1, "b": 1}) == ["b: asked true, saw 1"]  # bool is not int
    assert differences({"input": {"k": [1]}}, {"input": '{"k":[1]}'}) == []  # JSON read back as its text
    assert differences({"gone": 1}, {}) == ["gone: asked 1, the read has no such field"]
    assert mismatch({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == "b: 2 vs 3; c: \"<absent>\" vs 4"


def test_curl_quotes_single_quotes_and_renders_files_and_query():
    sent = Sent("POST", "http://h/api/x", "$T", {"q": ["1", "2"]}, files={"f": ("a b.zip", b"..", "application/zip")})
    assert sent.curl() == "curl -sS -X POST -H \"Authorization: Bearer $T\" -F 'f=@a b.zip;type=application/zip' " \
                          "'http://h/api/x?q=1&q=2'"
    assert "--data-raw '\"it'\\''s\"'" in Sent("PATCH", "u", "$T", json="it's").curl()


def test_a_request_without_a_token_is_reproduced_without_one():
    seam = ThingSeam()
    seam.token = None
    flow = Flow(seam)
    flow.call("GET things/1", "GET", "things/1", (200,), "GET /things/{id}")
    assert flow.reproduction() == ["curl -sS -X GET 'http://thing.example/api/things/1'"]
