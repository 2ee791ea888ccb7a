"""A write that fails anywhere leaves the state exactly as before; concurrent and nested writes; what the journal
refuses to hold. (Every successful write of the suite is also undone and redone: tests/rollback_check.py.)"""

import functools
import io
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rollback_check import CheckedStore

from jatos_mock.core.state import state_io
from jatos_mock.core.state import undo as journal
from jatos_mock.core.state.tracked import TrackedDict, TrackedList, TrackedSet
from jatos_mock.core.state.undo import Journal
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.models import AssetFile, State, Study, StudyLink, User
from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.store import Store

RTD = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"  # the fixtures' study with results, assets and batches


class Injected(Exception):
    """The failure a test makes happen in the middle of a write."""


def recorded_changes(monkeypatch, fail_at: int | None = None) -> list[int]:
    """Counts the changes writes record from now on; raises Injected just before change number `fail_at`."""
    count = [0]
    record, record_whole = Journal.record, Journal.record_whole

    def counting(original):
        def wrapper(self, *args):
            count[0] += 1
            if count[0] == fail_at:
                raise Injected(f"change {fail_at}")
            return original(self, *args)
        return wrapper

    monkeypatch.setattr(Journal, "record", counting(record))
    monkeypatch.setattr(Journal, "record_whole", counting(record_whole))
    return count


def study_id(api, uuid=RTD) -> int:
    return next(s.id for s in api.runtime.store.state.studies.values() if s.uuid == uuid)


def user_id(api, name) -> int:
    return next(u.id for u in api.runtime.store.state.users.values() if u.username == name)


def component_result_ids(api) -> list[int]:
    return sorted(api.runtime.store.state.component_results)[:5]


@functools.cache
def exported() -> bytes:
    """The fixtures' study as an archive, from an app of its own (an export draws from the store's random source)."""
    app = create_app(Settings(seed=1))
    token = next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if t["username"] == "researcher")
    return app.test_client().get(f"/jatos/api/v1/studies/{RTD}", headers={"Authorization": f"Bearer {token}"}).data


OPERATIONS = {
    "delete a study with results": lambda api: api.call("DELETE", f"studies/{RTD}", user="researcher"),
    "create a batch": lambda api: api.call("POST", f"studies/{RTD}/batches", user="researcher",
                                           json={"title": "Wave 2", "allowedWorkerTypes": ["PersonalSingle"]}),
    "delete a batch": lambda api: api.call(
        "DELETE", f"batches/{api.runtime.store.state.studies[study_id(api)].batch_ids[0]}", user="researcher"),
    "delete results": lambda api: api.call("POST", "results/delete", user="researcher",
                                           json={"componentResultIds": component_result_ids(api)}),
    "upload an asset": lambda api: api.call("POST", f"studies/{RTD}/assets/new/dir/f.txt", user="researcher",
                                            data={"studyAssetsFile": (io.BytesIO(b"hello"), "f.txt")},
                                            content_type="multipart/form-data"),
    "mint a token": lambda api: api.call("POST", f"users/{user_id(api, 'researcher')}/tokens", user="researcher",
                                         json={"name": "minted"}),
    "create study codes": lambda api: api.call("POST", f"studies/{RTD}/studyCodes?type=ps&amount=3",
                                               user="researcher"),
    "delete a user": lambda api: api.call("DELETE", f"users/{user_id(api, 'researcher')}"),
    "overwrite a study by import": lambda api: api.call("POST", "studies", user="researcher", data=exported(),
                                                        headers={"Content-Type": "application/zip"}),
    "change study properties": lambda api: api.call("PATCH", f"studies/{RTD}/properties", user="researcher",
                                                    json={"title": "Renamed", "description": "new"}),
    "seed results": lambda api: api.client.post("/__mock__/results", json={"study": RTD, "count": 3}),
}


def failure_points(total: int) -> list[int]:
    """Every change of a small write; of a large one the first, the last and about a dozen between."""
    if total <= 16:
        return list(range(1, total + 1))
    step = total / 12
    return sorted({1, 2, total - 1, total} | {round(1 + i * step) for i in range(12)})


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a_failure_anywhere_in_a_write_changes_nothing(make_api, monkeypatch, operation):
    exported()  # built before counting: its app's writes are not the operation's
    dry = make_api(seed=1)
    count = recorded_changes(monkeypatch)
    answer = OPERATIONS[operation](dry)
    assert answer.status_code < 300, answer.get_data(as_text=True)
    total = count[0]
    assert total > 0
    monkeypatch.undo()

    api = make_api(seed=1)
    store = api.runtime.store
    before, before_export = store.snapshot(), state_io.export_state(store)
    for point in failure_points(total):
        recorded_changes(monkeypatch, fail_at=point)
        try:
            answer = OPERATIONS[operation](api)
        except Injected:
            pass
        else:
            assert answer.status_code == 500, (point, answer.get_data(as_text=True))
        monkeypatch.undo()
        assert store.snapshot() == before, f"{operation}: failure before change {point} of {total}"
        assert state_io.export_state(store) == before_export
    assert OPERATIONS[operation](api).status_code < 300  # and the state is still whole enough to do it


def test_the_rollback_check_catches_a_change_the_journal_missed(make_api):
    api = make_api(seed=1)
    store = api.runtime.store
    assert isinstance(store, CheckedStore)
    with pytest.raises(AssertionError, match=r"does not .*state\.studies\[\d+\]\.member_ids: .* != .*99"):
        with store.write() as state:
            list.append(state.studies[study_id(api)].member_ids, 99)  # bypasses TrackedList.append


# --- nesting ------------------------------------------------------------------------------------------------------

def small_store() -> Store:
    store = Store(seed=5)
    with store.write() as state:
        # ids from the state's counters and a member that exists: a state document's references must resolve
        state.users[1] = User(state.next_id("user"), "member", "Member")
        state.studies[1] = Study(state.next_id("study"), store.new_uuid(), "One", "one", member_ids=[1])
    store.mark_baseline()
    return store


def test_an_inner_failure_takes_back_only_the_inner_write():
    store = small_store()
    with store.write() as state:
        state.studies[1].title = "outer"
        with store.read() as seen:
            assert seen.studies[1].title == "outer"  # a read inside a write sees the write
        uuid_after_outer = store.rng.getstate()
        with pytest.raises(Injected), store.write() as inner:
            inner.studies[1].member_ids.append(2)
            inner.studies[2] = Study(2, store.new_uuid(), "Two", "two")
            raise Injected
        assert store.rng.getstate() == uuid_after_outer
        state.studies[1].member_ids.append(3)
    assert store.state.studies[1].title == "outer"
    assert store.state.studies[1].member_ids == [1, 3]
    assert list(store.state.studies) == [1]


def test_an_outer_failure_takes_back_the_inner_writes_too():
    store = small_store()
    before = store.snapshot()
    with pytest.raises(Injected), store.write() as state:
        state.studies[1].title = "outer"
        with store.write() as inner:
            inner.studies[1].member_ids.append(2)
            del inner.studies[1]
            inner.studies[3] = Study(3, store.new_uuid(), "Three", "three")
        with store.read():
            raise Injected
    assert store.snapshot() == before


def test_a_write_that_replaced_the_state_gets_the_old_one_back():
    store = small_store()
    document = state_io.export_state(store)
    document["state"]["studies"] = {}
    original = store.state
    with pytest.raises(Injected), store.write():
        state_io.import_state(store, document)
        raise Injected
    assert store.state is original and list(store.state.studies) == [1]


def test_restored_and_imported_states_are_journaled_too():
    store = small_store()
    document = state_io.export_state(store)
    for bring_back in (store.reset, lambda: state_io.import_state(store, document)):
        bring_back()
        before = store.snapshot()
        assert type(store.state.studies) is TrackedDict and type(store.state.studies[1].member_ids) is TrackedList
        with pytest.raises(Injected), store.write() as state:
            state.studies[1].member_ids.remove(1)
            state.studies[1].asset_dirs.add("x")
            raise Injected
        assert store.snapshot() == before


# --- threads ------------------------------------------------------------------------------------------------------

def test_concurrent_writes_keep_exactly_the_successful_ones():
    store = small_store()
    done = []

    def writer(n: int):
        for i in range(30):
            marker = n * 1000 + i
            try:
                with store.write() as state:
                    state.studies[1].member_ids.append(marker)
                    state.study_links[f"code{marker}"] = StudyLink(f"code{marker}", 1, "GeneralSingle")
                    state.next_id("marker")
                    if i % 3 == 0:
                        raise Injected
                done.append(marker)
            except Injected:
                pass

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    state = store.state
    assert sorted(state.studies[1].member_ids) == sorted([1] + done)
    assert sorted(state.study_links) == sorted(f"code{m}" for m in done)
    assert state.last_ids["marker"] == len(done) == 6 * 20


def test_concurrent_requests_create_distinct_batches(make_api):
    api = make_api(seed=1)
    answers = []

    def create(n: int):
        for i in range(5):
            answers.append(api.call("POST", f"studies/{RTD}/batches", user="researcher", json={"title": f"{n}-{i}"}))

    threads = [threading.Thread(target=create, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200] * 20
    ids = [a.json["data"]["id"] for a in answers]
    assert len(set(ids)) == 20
    batch_ids = api.runtime.store.state.studies[study_id(api)].batch_ids
    assert set(ids) <= set(batch_ids) and len(batch_ids) == len(set(batch_ids))


# --- what the state may hold --------------------------------------------------------------------------------------

def test_plain_containers_are_stored_as_tracked_copies():
    state = State()
    state.study_logs["u"] = [{"msg": "first", "tags": ["a"]}]
    entry = state.study_logs["u"][0]
    assert type(state.study_logs["u"]) is TrackedList and type(entry) is TrackedDict
    assert type(entry["tags"]) is TrackedList
    assert state.study_logs.setdefault("u", []) is state.study_logs["u"]  # what study_log.log appends to
    study = Study(1, "u", "t", "d", asset_dirs={"b", "a"})
    assert type(study.asset_dirs) is TrackedSet and repr(study.asset_dirs) in ("{'a', 'b'}", "{'b', 'a'}")


@pytest.mark.parametrize("value", [bytearray(b"x"), [io.BytesIO()], ("ok", ["list in a tuple"])])
def test_what_could_change_unseen_is_refused(value):
    study = Study(1, "u", "t", "d")
    with pytest.raises(TypeError, match="cannot hold"):
        study.comments = value
    assert study.comments is None


# every method of the built-in containers that can change one in place (construction aside)
READ_ONLY = {"__class__", "__class_getitem__", "__contains__", "__delattr__", "__dir__", "__doc__", "__eq__",
             "__format__", "__ge__", "__getattribute__", "__getitem__", "__getstate__", "__gt__", "__hash__",
             "__init__", "__init_subclass__", "__iter__", "__le__", "__len__", "__lt__", "__ne__", "__new__",
             "__reduce__", "__reduce_ex__", "__repr__", "__reversed__", "__setattr__", "__sizeof__", "__str__",
             "__subclasshook__", "__add__", "__mul__", "__rmul__", "__or__", "__ror__", "__and__", "__rand__",
             "__sub__", "__rsub__", "__xor__", "__rxor__", "copy", "count", "index", "fromkeys", "get", "items",
             "keys", "values", "difference", "intersection", "isdisjoint", "issubset", "issuperset",
             "symmetric_difference", "union"}


@pytest.mark.parametrize("builtin, tracked", [(list, TrackedList), (dict, TrackedDict), (set, TrackedSet)])
def test_every_way_to_change_a_container_is_journaled(builtin, tracked):
    unseen = {name for name in dir(builtin) if name not in READ_ONLY and name not in tracked.__dict__}
    assert unseen == set()


# --- the tracked containers behave as the built-in ones, and roll back --------------------------------------------

VALUES = st.integers(0, 6)
LIST_ACTIONS = st.one_of(
    st.tuples(st.just("append"), st.tuples(VALUES)), st.tuples(st.just("extend"), st.tuples(st.lists(VALUES))),
    st.tuples(st.just("insert"), st.tuples(st.integers(-3, 3), VALUES)), st.tuples(st.just("pop"), st.tuples()),
    st.tuples(st.just("remove"), st.tuples(VALUES)), st.tuples(st.just("clear"), st.tuples()),
    st.tuples(st.just("sort"), st.tuples()), st.tuples(st.just("reverse"), st.tuples()),
    st.tuples(st.just("__setitem__"), st.tuples(st.integers(-2, 2), VALUES)),
    st.tuples(st.just("__delitem__"), st.tuples(st.integers(-2, 2))),
    st.tuples(st.just("__iadd__"), st.tuples(st.lists(VALUES))))
KEYS = st.sampled_from("abcde")
DICT_ACTIONS = st.one_of(
    st.tuples(st.just("__setitem__"), st.tuples(KEYS, VALUES)), st.tuples(st.just("__delitem__"), st.tuples(KEYS)),
    st.tuples(st.just("pop"), st.tuples(KEYS, VALUES)), st.tuples(st.just("popitem"), st.tuples()),
    st.tuples(st.just("setdefault"), st.tuples(KEYS, VALUES)), st.tuples(st.just("clear"), st.tuples()),
    st.tuples(st.just("update"), st.tuples(st.dictionaries(KEYS, VALUES))),
    st.tuples(st.just("__ior__"), st.tuples(st.dictionaries(KEYS, VALUES))))
SET_ACTIONS = st.one_of(
    st.tuples(st.sampled_from(["add", "discard", "remove"]), st.tuples(KEYS)),
    st.tuples(st.sampled_from(["pop", "clear"]), st.tuples()),
    st.tuples(st.sampled_from(["update", "difference_update", "intersection_update", "symmetric_difference_update",
                               "__ior__", "__iand__", "__isub__", "__ixor__"]), st.tuples(st.sets(KEYS))))
ACTIONS = st.lists(st.one_of(st.tuples(st.just("member_ids"), LIST_ACTIONS),
                             st.tuples(st.just("last_ids"), DICT_ACTIONS),
                             st.tuples(st.just("asset_dirs"), SET_ACTIONS),
                             st.tuples(st.just("title"), st.text(max_size=3)),
                             st.tuples(st.just("studies"), st.sampled_from(["add", "drop"]))), max_size=25)


def apply(container, method, args):
    try:
        return getattr(container, method)(*args)
    except (KeyError, IndexError, ValueError) as exc:
        return type(exc)


@settings(max_examples=150, deadline=None)
@given(actions=ACTIONS, fail=st.booleans())
def test_changes_behave_as_the_builtins_and_a_failure_takes_them_all_back(actions, fail):
    store = small_store()
    store.state.studies[1].asset_dirs.update({"a", "b"})
    store.state.last_ids.update({"a": 1, "c": 2})
    before = store.snapshot()
    mirrors = {"member_ids": [1], "last_ids": dict(store.state.last_ids), "asset_dirs": {"a", "b"}}
    try:
        with store.write() as state:
            study = state.studies[1]
            for target, action in actions:
                if target == "title":
                    study.title = action
                elif target == "studies":
                    if action == "add":
                        state.studies[max(state.studies) + 1] = Study(9, "u", "t", "d", assets={
                            "f": AssetFile("k", 1, 0, 0, 1)})
                    elif len(state.studies) > 1:
                        del state.studies[max(state.studies)]
                else:
                    container = state.last_ids if target == "last_ids" else getattr(study, target)
                    method, args = action
                    if method == "pop" and target == "asset_dirs":  # an arbitrary member: the same one goes
                        popped = apply(container, method, args)
                        assert popped in mirrors[target] if mirrors[target] else popped is KeyError
                        mirrors[target].discard(popped)
                    else:
                        assert apply(container, method, args) == apply(mirrors[target], method, args)
                    assert container == mirrors[target]
                    if target != "asset_dirs":  # sets have no order to compare
                        assert list(container) == list(mirrors[target])
            if fail:
                raise Injected
    except Injected:
        assert store.snapshot() == before
    else:
        assert list(store.state.studies[1].member_ids) == mirrors["member_ids"]
    assert journal.current() is None
