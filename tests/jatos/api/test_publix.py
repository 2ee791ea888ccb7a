"""The publix OpenAI proxy gate (reference B §6; the mock never forwards: M2)."""

import pytest

from jatos_mock.jatos.domain import study_codes
from jatos_mock.jatos.domain.config import JatosConfig
from tests.jatos.api.test_batches_helpers import make_study

PATHS = ["", "/chat/completions", "/files/abc/content"]


def running_result(api, state_name="STARTED"):
    _, _, batch_id = make_study(api)
    store = api.runtime.store
    with store.write() as state:
        code = study_codes.get_or_create(state, store, state.batches[batch_id], "PersonalMultiple", None, 1)[0]
        result = study_codes.start_study_run(state, store, code)
        result.state = state_name
        return result.uuid


def proxy(api, uuid, method="POST", path=""):
    return api.client.open(f"/publix/api/v1/studyResults/{uuid}/openai{path}", method=method, json={"model": "x"})


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("path", PATHS)
def test_openai_not_allowed_by_default_without_any_auth(api, method, path):
    uuid = running_result(api)
    r = proxy(api, uuid, method, path)
    assert (r.status_code, r.json["error"]) == (403, {"code": "OPENAI_ERROR", "message": "OpenAI API is not allowed"})
    assert api.violations() == []


@pytest.fixture
def open_api(make_api):
    return make_api(seed=1, jatos=JatosConfig(openai_allowed=True, openai_call_limit=2))


def test_unknown_or_finished_study_result_is_not_running(open_api):
    for uuid in ("no-such-uuid", running_result(open_api, "FINISHED")):
        r = proxy(open_api, uuid)
        assert (r.status_code, r.json["error"]) == (403, {"code": "OPENAI_ERROR", "message": "Study not running"})


def test_running_calls_answer_the_mock_proxy_error_then_hit_the_call_limit(open_api):
    uuid = running_result(open_api, "DATA_RETRIEVED")
    for path in ("", "/chat/completions"):
        r = proxy(open_api, uuid, "POST", path)
        assert (r.status_code, r.json["error"]) == \
            (500, {"code": "OPENAI_ERROR", "message": "Proxy error: the mock does not forward to OpenAI"})
    r = proxy(open_api, uuid, "GET", "/models")
    assert (r.status_code, r.json["error"]) == \
        (429, {"code": "OPENAI_ERROR", "message": "OpenAI API call limit reached"})
    assert open_api.violations() == []


def test_spec_fidelity_answers_200_with_a_canned_echo(make_api):
    api = make_api(seed=1, fidelity="spec", jatos=JatosConfig(openai_allowed=True, openai_call_limit=-1))
    uuid = running_result(api)
    r = proxy(api, uuid, "DELETE", "/files")
    assert (r.status_code, r.json) == (200, {"mock": True, "method": "DELETE", "path": "files"})
    r = proxy(api, uuid, "GET", "/files/abc/content")
    assert r.status_code == 404  # the spec's {path} is a single segment: a routing miss
    assert [v.kind for v in api.violations()] == ["unmatched"]


def test_call_limit_zero_blocks_every_call(make_api):
    api = make_api(seed=1, jatos=JatosConfig(openai_allowed=True, openai_call_limit=0))
    assert proxy(api, running_result(api)).status_code == 429
