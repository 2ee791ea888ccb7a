"""Result selectors: the id-range text parser (property-tested), JSON and query forms, resolution to results."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jatos_mock.jatos.domain import selectors
from jatos_mock.jatos.errors import BadRequest
from jatos_mock.jatos.models import Component, ComponentResult, State, Study, StudyResult

# --- the "1-10, 12" text form -------------------------------------------------------------------------------------

item = st.one_of(st.integers(0, 10_000).map(lambda n: ("id", n, n)),
                 st.tuples(st.integers(0, 5_000), st.integers(0, 200)).map(lambda t: ("range", t[0], t[0] + t[1])))
space = st.sampled_from(["", " ", "  ", "\t"])
garbage = st.sampled_from(["abc", "-5", "1-", "-", "1.5", "x-3", "3-x", "1 2", "--1"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(item, space, space, space), max_size=8), st.lists(garbage, max_size=3), st.randoms())
def test_id_text_gives_every_listed_id_and_range_and_ignores_garbage(items, junk, rnd):
    parts, expected = [], set()
    for (kind, lo, hi), s1, s2, s3 in items:
        parts.append(f"{s1}{lo}{s2}" if kind == "id" else f"{s1}{lo}{s2}-{s3}{hi}{s1}")
        expected.update(range(lo, hi + 1))
    parts += junk
    rnd.shuffle(parts)
    assert set(selectors.parse_id_text(",".join(parts)).expanded(limit=100_000)) == expected


@given(st.integers(0, 1000), st.integers(1, 1000))
def test_reversed_range_is_empty(lo, extra):
    assert not selectors.parse_id_text(f"{lo + extra}-{lo}")


def test_huge_range_is_kept_as_a_range_not_a_list():
    ids = selectors.parse_id_text("1-2000000000")
    assert 1_999_999_999 in ids and 0 not in ids and 2_000_000_001 not in ids


def test_range_beyond_int32_is_ignored_like_jatos_parse_failure():
    assert not selectors.parse_id_text("1-99999999999")


# --- JSON body ----------------------------------------------------------------------------------------------------

def test_json_forms_number_array_and_text():
    sel = selectors.from_json({"studyIds": 3, "componentIds": [1, "2", 2.9, True, "x"], "batchIds": "4-6, 9"})
    assert sel.ids["studyIds"].expanded() == [3]
    assert sel.ids["componentIds"].expanded() == [0, 1, 2]  # asLong: "x" -> 0, true -> 1, 2.9 -> 2
    assert sel.ids["batchIds"].expanded() == [4, 5, 6, 9]


def test_json_uuid_text_is_not_split_on_commas():
    sel = selectors.from_json({"studyUuids": "a,b", "componentUuids": ["c", 5]})
    assert sel.uuids == {"studyUuids": ["a,b"], "componentUuids": ["c", "5"]}


@pytest.mark.parametrize("body", [{"studyIds": 1.5}, {"studyIds": True}, {"studyIds": {"a": 1}},
                                  {"studyIds": 2 ** 31}, {"studyUuids": 5}, {"studyUuids": {"x": "y"}}])
def test_json_wrong_types_are_malformed(body):
    with pytest.raises(BadRequest) as info:
        selectors.from_json(body)
    assert (info.value.code, info.value.message) == ("UNSPECIFIED", "Malformed JSON")


def test_json_unknown_key_is_refused_in_jatos_rules_and_skipped_otherwise():
    with pytest.raises(BadRequest) as info:
        selectors.from_json({"studyIds": 1, "studyId": 2})
    assert info.value.message == "Unknown field studyId"
    lenient = selectors.from_json({"studyIds": 1, "studyId": 2, "big": 1}, strict=lambda: False)
    assert lenient.ids["studyIds"].expanded() == [1]
    assert selectors.from_json({"studyIds": 2 ** 40}, strict=lambda: False).ids["studyIds"].expanded() == [2 ** 40]


def test_json_non_object_selects_nothing():
    for body in (None, [1, 2], 3, "studyIds"):
        assert not any(selectors.from_json(body).ids.values())


# --- query string -------------------------------------------------------------------------------------------------

def test_query_keeps_numeric_values_and_drops_ranges_lists_and_words():
    sel = selectors.from_query({"studyId": ["1", "2", "1-3", "4,5", "x", "-7"], "download": ["true"],
                                "studyUuid": ["u1"]})
    assert sel.ids["studyIds"].expanded() == [-7, 1, 2]  # -?\d+ passes; a negative id matches nothing
    assert sel.uuids == {"studyUuids": ["u1"]}


# --- resolution ---------------------------------------------------------------------------------------------------

def _state() -> State:
    state = State()
    for sid in (1, 2):
        state.studies[sid] = Study(sid, f"s{sid}-uuid", f"S{sid}", f"d{sid}", component_ids=[sid * 10])
        state.components[sid * 10] = Component(sid * 10, f"c{sid}-uuid", sid, "c")
    for srid, sid, batch, group in ((1, 1, 100, None), (2, 1, 100, 7), (3, 2, 200, None)):
        state.study_results[srid] = StudyResult(srid, f"sr{srid}", sid, batch, 1, history_group_id=group)
    for crid, srid, comp in ((1, 1, 10), (2, 1, 10), (3, 2, 10), (4, 3, 20)):
        state.component_results[crid] = ComponentResult(crid, srid, comp)
        state.study_results[srid].component_result_ids.append(crid)
    return state


@pytest.mark.parametrize("body, expected", [
    ({"studyIds": 1}, [1, 2, 3]), ({"studyUuids": "S2-UUID"}, [4]), ({"componentIds": [20]}, [4]),
    ({"componentUuids": ["c1-uuid"]}, [1, 2, 3]), ({"studyResultIds": "2-3"}, [3, 4]), ({"batchIds": 200}, [4]),
    ({"groupIds": 7}, [3]), ({"componentResultIds": "4, 1, 99"}, [1, 4]), ({"studyIds": 99}, []), ({}, []),
])
def test_each_selector_resolves_to_existing_component_results(body, expected):
    assert selectors.resolve(_state(), selectors.from_json(body)) == expected


def test_body_part_then_query_part_each_sorted_not_deduplicated_across():
    ids = selectors.extract(_state(), {"componentResultIds": [4, 2]}, {"componentResultId": ["2", "1", "1"]})
    assert ids == [2, 4, 1, 2]
