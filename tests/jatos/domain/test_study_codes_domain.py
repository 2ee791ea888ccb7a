"""Study-code rules at the domain layer: types and aliases, amounts, personal vs general codes, runs."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from jatos_mock.core.deviations.switch import fidelity_scope
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import study_codes
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.domain.studies import add_study
from jatos_mock.jatos.domain.users import add_user
from jatos_mock.jatos.domain.workers import WORKER_TYPE_ALIASES
from jatos_mock.jatos.store import Store

CODE = re.compile(r"[A-Za-z0-9]{11}")
ALIASES = {"ps": "PersonalSingle", "pm": "PersonalMultiple", "gs": "GeneralSingle", "gm": "GeneralMultiple",
           "mt": "MT"}


def _setup(seed=5):
    store = Store(seed=seed)
    with store.write() as state:
        user = add_user(state, "alice", "Alice", ["USER"])
        study = add_study(state, store.new_uuid(), "S", "s", [user], 0, store.new_uuid())
    return store, state.batches[study.batch_ids[0]]


def mixed_case(text):
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda flags: "".join(c.upper() if f else c for c, f in zip(text, flags)))


@given(st.sampled_from(sorted(WORKER_TYPE_ALIASES)).flatmap(lambda a: st.tuples(st.just(a), mixed_case(a))))
def test_every_alias_parses_in_any_case(pair):
    alias, variant = pair
    expected = WORKER_TYPE_ALIASES[alias]
    with fidelity_scope("jatos"):
        if expected in ("Jatos", "MTSandbox"):
            with pytest.raises(errors.BadRequest) as info:
                study_codes.check_request(variant, None, None)
            assert (info.value.code, info.value.message) == ("UNSPECIFIED", "Unknown type")
        else:
            assert study_codes.check_request(variant, None, None) == (expected, 1)


@given(st.text(max_size=12).filter(lambda t: t.strip() and t.lower() not in WORKER_TYPE_ALIASES))
def test_unknown_types_are_validation_errors(text):
    with fidelity_scope("jatos"), pytest.raises(errors.ValidationFailed, match="^Unknown type$"):
        study_codes.check_request(text, None, None)


@given(st.integers(-10**6, 10**6), st.sampled_from(sorted(ALIASES)))
def test_amount_must_be_1_to_1000_for_every_type_in_jatos_fidelity(amount, alias):
    with fidelity_scope("jatos"):
        if 1 <= amount <= 1000:
            assert study_codes.check_request(alias, None, amount) == (ALIASES[alias], amount)
        else:
            with pytest.raises(errors.ValidationFailed, match="Amount must be > 0 and <= 1000"):
                study_codes.check_request(alias, None, amount)


def test_spec_fidelity_ignores_amount_for_general_types():
    with fidelity_scope("spec"):
        assert study_codes.check_request("gs", None, 0) == ("GeneralSingle", 0)
        with pytest.raises(errors.ValidationFailed):
            study_codes.check_request("ps", None, 0)


def test_missing_type_long_comment_and_html_comment_messages():
    with fidelity_scope("jatos"):
        with pytest.raises(errors.ValidationFailed, match="^Error in field 'type' - Invalid type$"):
            study_codes.check_request(None, None, None)
        with pytest.raises(errors.ValidationFailed, match="Comment too long"):
            study_codes.check_request("ps", "x" * 256, None)
        with pytest.raises(errors.ValidationFailed, match="No HTML allowed"):
            study_codes.check_request("ps", "<b>hi</b>", None)


class CodeMachine(RuleBasedStateMachine):
    """Personal requests add exactly `amount` new, distinct, well-formed codes with a new worker each; general
    requests always answer the same single code per batch and type."""

    def __init__(self):
        super().__init__()
        self.store, self.batch = _setup()
        self.state = self.store.state
        self.general = {}
        self.personal = set()

    @rule(worker_type=st.sampled_from(["PersonalSingle", "PersonalMultiple"]), amount=st.integers(1, 5),
          comment=st.none() | st.text(max_size=10))
    def personal_codes(self, worker_type, amount, comment):
        workers_before = len(self.state.workers)
        codes = study_codes.get_or_create(self.state, self.store, self.batch, worker_type, comment, amount)
        assert len(codes) == amount == len(set(codes))
        assert not set(codes) & self.personal and not set(codes) & set(self.general.values())
        assert len(self.state.workers) == workers_before + amount
        for code in codes:
            link = self.state.study_links[code]
            worker = self.state.workers[link.worker_id]
            assert (link.worker_type, worker.worker_type, worker.comment, link.active) == \
                (worker_type, worker_type, comment, True)
            assert self.batch.id in worker.batch_ids and worker.id in self.batch.worker_ids
        self.personal |= set(codes)

    @rule(worker_type=st.sampled_from(["GeneralSingle", "GeneralMultiple", "MT"]), amount=st.integers(1, 5))
    def general_code(self, worker_type, amount):
        codes = study_codes.get_or_create(self.state, self.store, self.batch, worker_type, "ignored", amount)
        assert len(codes) == 1
        if worker_type in self.general:
            assert codes[0] == self.general[worker_type]
        self.general[worker_type] = codes[0]
        assert self.state.study_links[codes[0]].worker_id is None

    @invariant()
    def codes_are_well_formed(self):
        assert all(CODE.fullmatch(c) for c in self.state.study_links)
        assert set(self.state.study_links) == self.personal | set(self.general.values())


TestCodeMachine = CodeMachine.TestCase
TestCodeMachine.settings = settings(max_examples=25, stateful_step_count=10, deadline=None)


def test_same_seed_same_codes():
    a, batch_a = _setup(seed=9)
    b, batch_b = _setup(seed=9)
    assert study_codes.get_or_create(a.state, a, batch_a, "PersonalSingle", None, 3) == \
        study_codes.get_or_create(b.state, b, batch_b, "PersonalSingle", None, 3)


def test_a_run_started_with_a_personal_code_belongs_to_its_worker_and_carries_the_code():
    store, batch = _setup()
    code = study_codes.get_or_create(store.state, store, batch, "PersonalSingle", "participant 7", 1)[0]
    result = study_codes.start_study_run(store.state, store, code)
    link = store.state.study_links[code]
    assert (result.worker_id, result.study_code, result.batch_id, result.state) == \
        (link.worker_id, code, batch.id, "STARTED")
    assert store.state.workers[result.worker_id].comment == "participant 7"
    assert store.state.study_results[result.id] is result


def test_a_run_with_a_general_code_gets_a_fresh_worker_of_that_type():
    store, batch = _setup()
    code = study_codes.get_or_create(store.state, store, batch, "GeneralMultiple", None, 1)[0]
    first = study_codes.start_study_run(store.state, store, code)
    second = study_codes.start_study_run(store.state, store, code)
    assert first.worker_id != second.worker_id
    assert store.state.workers[first.worker_id].worker_type == "GeneralMultiple"


def test_an_inactive_or_unknown_code_starts_no_run():
    store, batch = _setup()
    code = study_codes.get_or_create(store.state, store, batch, "PersonalMultiple", None, 1)[0]
    study_codes.set_active(store.state.study_links[code], False)
    with pytest.raises(errors.Forbidden):
        study_codes.start_study_run(store.state, store, code)
    with pytest.raises(errors.NotFound):
        study_codes.start_study_run(store.state, store, "nope")
    assert store.state.study_results == {}


def test_openai_gate_order_and_call_limit():
    store, batch = _setup()
    code = study_codes.get_or_create(store.state, store, batch, "PersonalMultiple", None, 1)[0]
    result = study_codes.start_study_run(store.state, store, code)
    with pytest.raises(errors.Forbidden, match="OpenAI API is not allowed"):
        study_codes.count_openai_call(store.state, JatosConfig(), result.uuid)
    config = JatosConfig(openai_allowed=True, openai_call_limit=2)
    with pytest.raises(errors.Forbidden, match="Study not running"):
        study_codes.count_openai_call(store.state, config, "unknown")
    study_codes.count_openai_call(store.state, config, result.uuid)
    study_codes.count_openai_call(store.state, config, result.uuid)
    with pytest.raises(study_codes.CallLimitReached):
        study_codes.count_openai_call(store.state, config, result.uuid)
    assert result.open_ai_api_count == 2
    result.state = "FINISHED"
    with pytest.raises(errors.Forbidden, match="Study not running"):
        study_codes.count_openai_call(store.state, config, result.uuid)
