"""Batch and group session rules at the domain layer: versions, compare-and-set, concurrency."""

import json
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from jatos_mock.core.deviations.switch import fidelity_scope
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import sessions
from jatos_mock.jatos.domain.batches import add_group
from jatos_mock.jatos.domain.studies import add_study
from jatos_mock.jatos.domain.users import add_user
from jatos_mock.jatos.store import Store

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)


def _store_with_batch():
    store = Store(seed=3)
    with store.write() as state:
        user = add_user(state, "alice", "Alice", ["USER"])
        study = add_study(state, store.new_uuid(), "S", "s", [user], 0, store.new_uuid())
        batch = state.batches[study.batch_ids[0]]
        group = add_group(state, batch, 0)
    return store, batch.id, group.id


def test_a_new_batch_session_is_an_empty_object_at_version_1():
    store, batch_id, group_id = _store_with_batch()
    batch = store.state.batches[batch_id]
    assert (batch.session_version, sessions.session_value(batch.session_data)) == (1, {})
    group = store.state.groups[group_id]
    assert (group.session_version, sessions.session_value(group.session_data)) == (1, {})


def test_a_finished_group_with_null_data_reads_as_empty_object():
    assert sessions.session_value(None) == {}


def test_stale_version_is_refused_with_the_batch_message_and_changes_nothing():
    store, batch_id, _ = _store_with_batch()
    batch = store.state.batches[batch_id]
    assert sessions.update_batch_session(batch, '{"a":1}', 1) == 2
    with pytest.raises(errors.VersionConflict, match="^Batch session version conflict$"):
        sessions.update_batch_session(batch, '{"b":2}', 1)
    assert (batch.session_version, batch.session_data) == (2, '{"a":1}')


def test_group_conflict_message_names_the_group():
    store, _, group_id = _store_with_batch()
    with pytest.raises(errors.VersionConflict, match="^Group session version conflict$"):
        sessions.update_group_session(store.state.groups[group_id], "{}", 7)


@given(json_values)
def test_any_json_value_is_stored_compactly_and_reads_back_equal_in_jatos_fidelity(value):
    with fidelity_scope("jatos"):
        text = sessions.stored_data(value)
    assert json.loads(text) == value
    assert text == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@given(json_values.filter(lambda v: not isinstance(v, dict)))
def test_spec_fidelity_accepts_only_objects(value):
    with fidelity_scope("spec"), pytest.raises(errors.InvalidJson):
        sessions.stored_data(value)


class SessionMachine(RuleBasedStateMachine):
    """Model: a session is (version, value); a write with the current version or none succeeds and bumps the
    version by exactly one, any other version is refused and changes nothing."""

    def __init__(self):
        super().__init__()
        self.store, batch_id, _ = _store_with_batch()
        self.batch = self.store.state.batches[batch_id]
        self.version, self.value = 1, {}

    @rule(value=json_values, use_version=st.booleans())
    def write_current(self, value, use_version):
        with fidelity_scope("jatos"):
            data = sessions.stored_data(value)
        new = sessions.update_batch_session(self.batch, data, self.version if use_version else None)
        assert new == self.version + 1
        self.version, self.value = new, value

    @rule(offset=st.integers(-5, 5).filter(lambda n: n != 0), value=json_values)
    def write_stale(self, offset, value):
        with pytest.raises(errors.VersionConflict):
            sessions.update_batch_session(self.batch, json.dumps(value), self.version + offset)

    @precondition(lambda self: self.version > 1)
    @rule()
    def write_previous_version(self):
        with pytest.raises(errors.VersionConflict):
            sessions.update_batch_session(self.batch, "{}", self.version - 1)

    @invariant()
    def matches_model(self):
        assert self.batch.session_version == self.version
        assert sessions.session_value(self.batch.session_data) == self.value


TestSessionMachine = SessionMachine.TestCase
TestSessionMachine.settings = settings(max_examples=30, stateful_step_count=15, deadline=None)


def test_concurrent_writes_with_one_version_have_exactly_one_winner_and_no_lost_update():
    store, batch_id, _ = _store_with_batch()
    outcomes = []
    barrier = threading.Barrier(16)

    def writer(n):
        barrier.wait()
        try:
            with store.write() as state:
                outcome = sessions.update_batch_session(state.batches[batch_id], json.dumps({"writer": n}), 1)
            outcomes.append(("ok", n, outcome))
        except errors.VersionConflict:
            outcomes.append(("conflict", n, None))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [o for o in outcomes if o[0] == "ok"]
    assert len(winners) == 1 and len(outcomes) == 16
    batch = store.state.batches[batch_id]
    assert batch.session_version == 2
    assert json.loads(batch.session_data) == {"writer": winners[0][1]}


def test_concurrent_unversioned_writes_each_raise_the_version_once():
    store, batch_id, _ = _store_with_batch()

    def writer(n):
        for i in range(20):
            with store.write() as state:
                sessions.update_batch_session(state.batches[batch_id], json.dumps([n, i]), None)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.state.batches[batch_id].session_version == 1 + 8 * 20
