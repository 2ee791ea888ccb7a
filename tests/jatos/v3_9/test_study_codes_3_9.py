"""JATOS 3.9's study codes (reference 3.9 §2.7, §3.3): GET only, `type` required, no upper bound on personal codes,
a batch of another study accepted, an unknown batch a 500."""

from tests.jatos.v3_9.conftest import PLAIN, text


def _codes(r) -> list[str]:
    assert r.status_code == 200, r.get_data()
    return r.get_json()["data"]


def test_personal_codes_are_not_bounded_by_1000(api39):
    assert len(_codes(api39.call("GET", "studies/1/studyCodes?type=PersonalSingle&amount=1001"))) == 1001


def test_amount_below_one_gives_one_personal_code(api39):
    assert len(_codes(api39.call("GET", "studies/1/studyCodes?type=pm&amount=0"))) == 1


def test_general_codes_are_one_per_batch_and_type(api39):
    first = _codes(api39.call("GET", "studies/1/studyCodes?type=gm&amount=5"))
    assert len(first) == 1 and _codes(api39.call("GET", "studies/1/studyCodes?type=GeneralMultiple")) == first


def test_a_batch_of_another_study_is_taken(api39):
    state = api39.runtime.store.state
    foreign = next(b for b in state.batches.values() if b.study_id != 1)
    code = _codes(api39.call("GET", f"studies/1/studyCodes?type=ps&batchId={foreign.id}"))[0]
    assert state.study_links[code].batch_id == foreign.id


def test_an_unknown_batch_is_an_unexpected_500(api39):
    assert api39.call("GET", "studies/1/studyCodes?type=ps&batchId=424242").status_code == 500


def test_type_and_comment_rules(api39):
    assert text(api39.call("GET", "studies/1/studyCodes")) == (400, PLAIN, "bad request")
    assert text(api39.call("GET", "studies/1/studyCodes?type=")) == (400, PLAIN, "Unknown worker type")
    assert text(api39.call("GET", "studies/1/studyCodes?type=jatos")) == (400, PLAIN, "Unknown worker type")
    long_comment = "c" * 256
    assert text(api39.call("GET", f"studies/1/studyCodes?type=ps&comment={long_comment}")) == (
        400, PLAIN, "Comment too long")
    assert text(api39.call("GET", "studies/1/studyCodes?type=ps&comment=%3Cb%3Ex%3C%2Fb%3E")) == (
        400, PLAIN, "No HTML allowed")


def test_the_comment_is_decoded_once_more(api39):
    code = _codes(api39.call("GET", "studies/1/studyCodes?type=ps&comment=a%252Bb+c"))[0]
    state = api39.runtime.store.state
    assert state.workers[state.study_links[code].worker_id].comment == "a+b c"
