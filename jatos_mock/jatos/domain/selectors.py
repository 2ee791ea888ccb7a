"""Result selectors (services/gui/ComponentResultIdsExtractor): which component results a request means.

Two sources, each resolved on its own to existing component-result ids (unknown ids drop out silently),
de-duplicated and sorted, then concatenated body part first: a JSON body with plural keys, and the query string
with singular, repeatable keys. Pure: no Flask, no HTTP.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jatos_mock.jatos.errors import BadRequest
from jatos_mock.jatos.models import State

# JSON body key -> query key; both name the same kind of selector
KEYS = {"studyIds": "studyId", "studyUuids": "studyUuid", "componentIds": "componentId",
        "componentUuids": "componentUuid", "componentResultIds": "componentResultId",
        "studyResultIds": "studyResultId", "batchIds": "batchId", "groupIds": "groupId"}
UUID_KEYS = ("studyUuids", "componentUuids")

_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")
_SINGLE = re.compile(r"\d+")
_QUERY_ID = re.compile(r"-?\d+")
_INT32 = (-(2 ** 31), 2 ** 31)
_INT64 = (-(2 ** 63), 2 ** 63)


@dataclass
class IdSet:
    """Ids and inclusive ranges; ranges stay ranges so "1-2000000000" costs nothing."""

    ids: set[int] = field(default_factory=set)
    ranges: list[tuple[int, int]] = field(default_factory=list)

    def __contains__(self, value: int) -> bool:
        if value in self.ids:
            return True
        for lo, hi in self.ranges:
            if lo <= value <= hi:
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.ids or self.ranges)

    def expanded(self, limit: int = 10_000) -> list[int]:
        """The ids in ascending order (for tests and small ranges)."""
        values = set(self.ids)
        for lo, hi in self.ranges:
            values.update(range(lo, min(hi, lo + limit) + 1))
        return sorted(values)


@dataclass
class Selection:
    """One source's selectors: id sets and UUID lists per JSON key."""

    ids: dict[str, IdSet] = field(default_factory=dict)
    uuids: dict[str, list[str]] = field(default_factory=dict)

    def id_set(self, key: str) -> IdSet:
        return self.ids.setdefault(key, IdSet())


def parse_id_text(text: str) -> IdSet:
    """CRIE.extractIdsFromText: comma items, each `n` or `a-b`, stripped; anything else is ignored silently."""
    result = IdSet()
    for item in text.split(","):
        item = item.strip()
        match = _RANGE.fullmatch(item)
        if match:
            lo, hi = int(match.group(1)), int(match.group(2))
            if hi < _INT32[1] and lo <= hi:  # Integer.parseInt bounds; a reversed range is empty
                result.ranges.append((lo, hi))
        elif _SINGLE.fullmatch(item):
            value = int(item)
            if value < _INT64[1]:
                result.ids.add(value)
    return result


def _as_long(value) -> int:
    """Jackson JsonNode.asLong(): numbers truncated, numeric text parsed, booleans 1/0, anything else 0."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return (value + 2 ** 63) % 2 ** 64 - 2 ** 63  # longValue() of a big integer wraps
    if isinstance(value, float):
        return int(value) if value == value and abs(value) < 2 ** 63 else 0
    if isinstance(value, str):
        text = value.strip()
        try:
            number = int(text)
            return number if _INT64[0] <= number < _INT64[1] else 0
        except ValueError:
            pass
        try:
            number = float(text)
            return int(number) if number == number and abs(number) < 2 ** 63 else 0
        except ValueError:
            return 0
    return 0


def _as_text(value) -> str:
    """Jackson JsonNode.asText() of an array element."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return ""  # containers


def _ids_from_json(value, strict) -> IdSet:
    # CRIE.extractIds: an int (32-bit), an array (asLong per element), a text of ids and ranges, or null
    if isinstance(value, int) and not isinstance(value, bool):
        # JATOS takes an int only (B12); the contract's schema any integer, also beyond 64 bits (which selects nothing)
        if _INT32[0] <= value < _INT32[1] or not strict():
            return IdSet({value})
    if isinstance(value, list):
        return IdSet({_as_long(v) for v in value})
    if isinstance(value, str):
        return parse_id_text(value)
    if value is None:
        return IdSet()
    raise BadRequest("Malformed JSON")


def _uuids_from_json(value) -> list[str]:
    # CRIE.extractUuids: one text (no comma splitting), an array (asText per element), or null
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if value is None:
        return []
    raise BadRequest("Malformed JSON")


def _always() -> bool:
    return True


def from_json(body, strict: Callable[[], bool] = _always) -> Selection:
    """CRIE.extract(JsonNode). A non-object (null, array, number) selects nothing.

    `strict()` is asked only where JATOS is stricter than the spec's schema (unknown keys, ints beyond 32 bits).
    """
    selection = Selection()
    if not isinstance(body, dict):
        return selection
    for key, value in body.items():
        if key not in KEYS:
            if strict():
                raise BadRequest(f"Unknown field {key}")  # CRIE: unknown body keys are refused
            continue
        if key in UUID_KEYS:
            selection.uuids.setdefault(key, []).extend(_uuids_from_json(value))
        else:
            ids = _ids_from_json(value, strict)
            target = selection.id_set(key)
            target.ids |= ids.ids
            target.ranges.extend(ids.ranges)
    return selection


def from_query(query: dict[str, list[str]], lenient: Callable[[], bool] = _always) -> Selection:
    """CRIE.extract(Map): singular keys, repeated for several values; non-numeric ids and unknown keys dropped.
    `lenient()` False: a non-numeric id is a 400 instead (the contract's integer parameters)."""
    selection = Selection()
    for key, query_key in KEYS.items():
        values = query.get(query_key) or []
        if key in UUID_KEYS:
            if values:
                selection.uuids.setdefault(key, []).extend(values)
            continue
        for raw in values:
            if _QUERY_ID.fullmatch(raw):
                number = int(raw)
                if _INT64[0] <= number < _INT64[1]:
                    selection.id_set(key).ids.add(number)
            elif not lenient():  # not an integer at all (a long out of range is dropped in every fidelity)
                raise BadRequest(f"Malformed query parameter {query_key}")
    return selection


def resolve(state: State, selection: Selection) -> list[int]:
    """The existing component-result ids the selection means, de-duplicated and ascending."""
    ids, uuids = selection.ids, selection.uuids
    if not any(ids.values()) and not any(uuids.values()):
        return []
    study_uuids = {u.strip().lower() for u in uuids.get("studyUuids", [])}
    component_uuids = {u.strip().lower() for u in uuids.get("componentUuids", [])}
    study_ids = ids.get("studyIds", IdSet())
    component_ids = ids.get("componentIds", IdSet())
    study_result_ids = ids.get("studyResultIds", IdSet())
    batch_ids = ids.get("batchIds", IdSet())
    group_ids = ids.get("groupIds", IdSet())
    cr_ids = ids.get("componentResultIds", IdSet())

    # a kind of selector nobody gave matches nothing: its pass over the state is skipped
    studies = {s.id for s in state.studies.values() if s.id in study_ids or s.uuid.lower() in study_uuids} \
        if study_ids or study_uuids else set()
    components = {c.id for c in state.components.values()
                  if c.id in component_ids or c.uuid.lower() in component_uuids or c.study_id in studies} \
        if component_ids or component_uuids or studies else set()
    study_results = {sr.id for sr in state.study_results.values()
                     if sr.id in study_result_ids or sr.batch_id in batch_ids
                     or (sr.active_group_id is not None and sr.active_group_id in group_ids)
                     or (sr.history_group_id is not None and sr.history_group_id in group_ids)} \
        if study_result_ids or batch_ids or group_ids else set()
    return sorted(cr.id for cr in state.component_results.values()
                  if cr.id in cr_ids or cr.component_id in components or cr.study_result_id in study_results)


def extract(state: State, body, query: dict[str, list[str]], strict: Callable[[], bool] = _always,
            lenient: Callable[[], bool] = _always) -> list[int]:
    """Body part then query part, each resolved, de-duplicated and sorted on its own (Api: extract twice, addAll)."""
    body_part = resolve(state, from_json(body, strict))
    return body_part + resolve(state, from_query(query, lenient))
