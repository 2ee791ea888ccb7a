"""Study codes over HTTP (reference B §4): get or generate, look up, toggle; both fidelities."""

import re

import pytest

from tests.jatos.api.test_batches_helpers import make_study

CODE = re.compile(r"[A-Za-z0-9]{11}")


@pytest.fixture
def study(api):
    return make_study(api)


def codes_url(study):
    return f"studies/{study[0]}/studyCodes"


@pytest.mark.parametrize("type_value", ["PersonalSingle", "ps", "PS", "personalmultiple", "pM"])
def test_personal_codes_are_new_each_time_with_the_comment(api, study, type_value):
    r = api.call("POST", f"{codes_url(study)}?type={type_value}&amount=3&comment=wave1", user="researcher")
    assert r.status_code == 200
    codes = r.json["data"]
    assert len(codes) == 3 == len(set(codes)) and all(CODE.fullmatch(c) for c in codes)
    again = api.call("POST", f"{codes_url(study)}?type={type_value}", user="researcher").json["data"]
    assert len(again) == 1 and again[0] not in codes
    info = api.call("GET", f"studyCodes/{codes[0]}", user="researcher").json["data"]
    assert info["comment"] == "wave1" and info["batchId"] == study[2] and info["active"] is True
    assert api.violations() == []


def test_general_codes_are_one_shared_code_per_batch_and_type(api, study):
    first = api.call("POST", f"{codes_url(study)}?type=gs&amount=5", user="researcher").json["data"]
    second = api.call("POST", codes_url(study), user="researcher", json={"type": "GeneralSingle"}).json["data"]
    assert len(first) == 1 and first == second
    other = api.call("POST", f"{codes_url(study)}?type=gm", user="researcher").json["data"]
    mt = api.call("POST", f"{codes_url(study)}?type=MT", user="researcher").json["data"]
    assert len({first[0], other[0], mt[0]}) == 3


def test_body_options_are_lenient_and_the_query_wins(api, study):
    r = api.call("POST", f"{codes_url(study)}?type=ps", user="researcher",
                 json={"type": "gs", "amount": "2", "comment": 42})
    codes = r.json["data"]
    assert len(codes) == 2
    assert api.call("GET", f"studyCodes/{codes[0]}", user="researcher").json["data"]["comment"] == "42"


def test_body_without_json_content_type_is_ignored(api, study):
    r = api.call("POST", codes_url(study), user="researcher", data=b'{"type":"ps"}',
                 headers={"Content-Type": "text/plain"})
    assert r.json["error"] == {"code": "VALIDATION_ERROR", "message": "Error in field 'type' - Invalid type"}


@pytest.mark.parametrize("query, status, code, message", [
    ("", 400, "VALIDATION_ERROR", "Error in field 'type' - Invalid type"),
    ("?type=bogus", 400, "VALIDATION_ERROR", "Unknown type"),
    ("?type=jatos", 400, "UNSPECIFIED", "Unknown type"),
    ("?type=mts", 400, "UNSPECIFIED", "Unknown type"),
    ("?type=MTSandbox", 400, "VALIDATION_ERROR", "Unknown type"),
    ("?type=ps&amount=0", 400, "VALIDATION_ERROR", "Error in field 'amount' - Amount must be > 0 and <= 1000"),
    ("?type=gs&amount=1001", 400, "VALIDATION_ERROR", "Error in field 'amount' - Amount must be > 0 and <= 1000"),
    ("?type=ps&amount=x", 400, "CLIENT_ERROR", None),
    ("?type=ps&batchId=99999", 404, "NOT_FOUND", "Batch doesn't exist."),
    ("?type=ps&comment=%3Cb%3Ehi%3C/b%3E", 400, "VALIDATION_ERROR", "Error in field 'comment' - No HTML allowed"),
])
def test_errors(api, study, query, status, code, message):
    before = len(api.runtime.store.state.study_links)
    r = api.call("POST", codes_url(study) + query, user="researcher")
    assert (r.status_code, r.json["error"]["code"]) == (status, code)
    if message:
        assert r.json["error"]["message"] == message
    assert len(api.runtime.store.state.study_links) == before


def test_wrong_body_type_is_invalid_request(api, study):
    r = api.call("POST", codes_url(study), user="researcher", json={"type": "ps", "amount": "many"})
    assert r.json["error"] == {"code": "INVALID_REQUEST", "message": "'amount' field must be of type Integer"}
    r = api.call("POST", codes_url(study), user="researcher", data=b"{bad",
                 headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json["error"]["code"]) == (400, "INVALID_JSON")


def test_study_access_and_no_lock_check(api):
    locked = make_study(api, "Lk", locked=True)
    assert api.call("POST", f"studies/{locked[0]}/studyCodes?type=ps", user="researcher").status_code == 200
    assert api.call("POST", f"studies/{locked[0]}/studyCodes?type=ps", user="coauthor").json["error"]["code"] == \
        "NO_ACCESS"
    assert api.call("POST", "studies/55555/studyCodes?type=ps", user="researcher").json["error"] == \
        {"code": "NOT_FOUND", "message": "Study doesn't exist."}
    assert api.call("POST", f"studies/{locked[0]}/studyCodes?type=ps", user="viewer").status_code == 401


def test_batch_of_another_study_is_accepted_in_jatos_refused_in_spec(api, spec_api):
    a, b = make_study(api, "A"), make_study(api, "B")
    r = api.call("POST", f"studies/{a[0]}/studyCodes?type=ps&batchId={b[2]}", user="researcher")
    assert api.runtime.store.state.study_links[r.json["data"][0]].batch_id == b[2]
    a, b = make_study(spec_api, "A"), make_study(spec_api, "B")
    r = spec_api.call("POST", f"studies/{a[0]}/studyCodes?type=ps&batchId={b[2]}", user="researcher")
    assert r.status_code == 404


def test_deprecated_get_takes_the_same_parameters(api, study):
    r = api.call("GET", f"{codes_url(study)}?type=pm&amount=2", user="researcher")
    assert r.status_code == 200 and len(r.json["data"]) == 2
    assert api.call("GET", codes_url(study), user="researcher").status_code == 400
    r = api.call("GET", codes_url(study), user="researcher", json={"type": "pm", "amount": 3})
    assert r.status_code == 200 and len(r.json["data"]) == 3
    assert api.violations() == []


def test_deprecated_get_in_spec_fidelity_answers_as_post_with_documented_errors(spec_api):
    study = make_study(spec_api)
    r = spec_api.call("GET", f"{codes_url(study)}?type=pm&amount=2", user="researcher")
    assert r.status_code == 200 and len(r.json["data"]) == 2
    general = spec_api.call("POST", f"{codes_url(study)}?type=gs", user="researcher").json["data"]
    assert spec_api.call("GET", f"{codes_url(study)}?type=gs", user="researcher").json["data"] == general
    assert spec_api.call("GET", f"{codes_url(study)}?type=bogus", user="researcher").status_code == 400
    assert spec_api.call("GET", "studies/55555/studyCodes?type=ps", user="researcher").status_code == 404
    assert spec_api.call("GET", f"{codes_url(study)}?type=ps", user="coauthor").status_code == 403
    assert spec_api.call("GET", f"{codes_url(study)}?type=ps", user=None).status_code == 401
    assert spec_api.violations() == []  # every answer is one the contract documents


@pytest.mark.parametrize("options", [{"type": "MTur\u212a"}, {"type": "GeneralMULTIPLE", "amount": 1000},
                                     {"type": "pS", "comment": ""}, {"type": "gs", "comment": "x" * 255},
                                     {"type": "ps", "comment": "R&D &amp; co"}])
def test_requests_the_contract_accepts_succeed_in_both_fidelities(api, spec_api, options):
    for mock in (api, spec_api):
        study = make_study(mock)
        r = mock.call("POST", codes_url(study), user="researcher", query_string=options)
        assert r.status_code == 200 and len(r.json["data"]) == 1
        assert mock.violations() == []


@pytest.mark.parametrize("options", [{"type": "gs", "amount": 0}, {"type": "mts"}, {"type": " ps"},
                                     {"type": "ps", "comment": "x" * 256}, {"type": "ps", "comment": "a &amp b"}])
def test_requests_the_contract_refuses_are_400_in_spec_fidelity(spec_api, options):
    study = make_study(spec_api)
    r = spec_api.call("POST", codes_url(study), user="researcher", query_string=options)
    assert (r.status_code, r.json["error"]["code"]) == (400, "VALIDATION_ERROR")


def test_type_left_out_is_400_in_jatos_and_personal_single_in_spec(api, spec_api):
    study = make_study(api)
    r = api.call("POST", codes_url(study), user="researcher", json={"comment": "c"})
    assert r.json["error"] == {"code": "VALIDATION_ERROR", "message": "Error in field 'type' - Invalid type"}
    study = make_study(spec_api)
    r = spec_api.call("POST", codes_url(study), user="researcher", json={"comment": "c"})  # M11: no schema can require
    codes = r.json["data"]
    assert r.status_code == 200 and len(codes) == 1
    info = spec_api.call("GET", f"studyCodes/{codes[0]}", user="researcher").json["data"]
    assert (info["type"], info["comment"]) == ("PersonalSingle", "c")


def test_study_without_batches_crashes_in_jatos_and_is_404_in_spec(api, spec_api):
    for mock, answer in ((api, (500, "UNEXPECTED_ERROR", "Unexpected error")),
                         (spec_api, (404, "NOT_FOUND", "Batch doesn't exist."))):
        study = make_study(mock)
        assert mock.call("DELETE", f"batches/{study[2]}", user="researcher").status_code == 200
        r = mock.call("POST", f"{codes_url(study)}?type=ps", user="researcher")
        assert (r.status_code, r.json["error"]["code"], r.json["error"]["message"]) == answer
        assert mock.violations() == []  # jatos: the 500 is M10


def test_code_info_shape_and_paths(api, study):
    code = api.call("POST", f"{codes_url(study)}?type=ps", user="researcher").json["data"][0]
    r = api.call("GET", f"studyCodes/{code}", user="viewer")
    assert r.status_code == 403  # viewer is not a member of this study
    info = api.call("GET", f"studyCodes/{code}", user="researcher").json["data"]
    assert info == {"studyCode": code, "batchId": study[2], "type": "PersonalSingle", "comment": None,
                    "active": True, "studyLinkPath": f"/publix/{code}", "studyEntryPath": f"/publix/run?code={code}"}
    assert api.call("GET", "studyCodes/nosuchcode0", user="researcher").json["error"] == \
        {"code": "NOT_FOUND", "message": "Study code doesn't exist."}


@pytest.mark.parametrize("type_value", ["gs", "gm", "mt"])
def test_general_and_mt_codes_crash_in_jatos_and_answer_in_spec(api, spec_api, type_value):
    study = make_study(api)
    code = api.call("POST", f"{codes_url(study)}?type={type_value}", user="researcher").json["data"][0]
    r = api.call("GET", f"studyCodes/{code}", user="researcher")
    assert (r.status_code, r.json["error"]["code"]) == (500, "UNEXPECTED_ERROR")
    r = api.call("PATCH", f"studyCodes/{code}", user="researcher", json={"active": False})
    assert r.status_code == 500
    assert api.runtime.store.state.study_links[code].active is True  # rolled back
    study = make_study(spec_api)
    code = spec_api.call("POST", f"{codes_url(study)}?type={type_value}", user="researcher").json["data"][0]
    r = spec_api.call("GET", f"studyCodes/{code}", user="researcher")
    assert (r.status_code, r.json["data"]["comment"]) == (200, None)
    r = spec_api.call("PATCH", f"studyCodes/{code}", user="researcher", json={"active": False})
    assert (r.status_code, r.json["data"]["active"]) == (200, False)
    assert spec_api.violations() == []


def test_toggle_active(api, study):
    code = api.call("POST", f"{codes_url(study)}?type=pm", user="researcher").json["data"][0]
    r = api.call("PATCH", f"studyCodes/{code}", user="researcher", json={"active": "false", "other": 1})
    assert (r.status_code, r.json["data"]["active"]) == (200, False)
    assert api.call("GET", f"studyCodes/{code}", user="researcher").json["data"]["active"] is False
    r = api.call("PATCH", f"studyCodes/{code}", user="researcher", json={})
    assert r.json["error"] == {"code": "INVALID_REQUEST", "message": "Missing active field"}
    r = api.call("PATCH", f"studyCodes/{code}", user="researcher", json={"active": "maybe"})
    assert r.json["error"] == {"code": "INVALID_REQUEST", "message": "'active' field must be of type Boolean"}
    assert api.call("PATCH", "studyCodes/nosuchcode0", user="researcher", json={"active": True}).status_code == 404
    assert api.call("PATCH", f"studyCodes/{code}", user="coauthor", json={"active": True}).status_code == 403


def test_toggle_body_parser_runs_before_auth_in_jatos(api, study):
    code = api.call("POST", f"{codes_url(study)}?type=pm", user="researcher").json["data"][0]
    r = api.call("PATCH", f"studyCodes/{code}", user=None, data=b'{"active":true}',
                 headers={"Content-Type": "text/plain"})
    assert (r.status_code, r.json["error"]["code"]) == (415, "CLIENT_ERROR")
    r = api.call("PATCH", f"studyCodes/{code}", user=None, data=b"{bad", headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json["error"]["code"]) == (400, "INVALID_JSON")
    assert api.violations() == []


def test_toggle_wrong_content_type_in_spec_is_400(spec_api):
    study = make_study(spec_api)
    code = spec_api.call("POST", f"{codes_url(study)}?type=pm", user="researcher").json["data"][0]
    r = spec_api.call("PATCH", f"studyCodes/{code}", user="researcher", data=b'{"active":true}',
                      headers={"Content-Type": "text/plain"})
    assert r.status_code == 400
