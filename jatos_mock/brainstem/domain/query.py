"""dynamic-rest's query language on a list: `filter{path.op}`, `sort[]`, `include[]`/`exclude[]`, limit/offset.

Parsing copies dynamic-rest (dynamic_rest/viewsets.py _extract_object_params, get_request_fields;
dynamic_rest/filters.py _get_requested_filters, FilterNode.generate_query_key, get_ordering); applying a filter
follows the Django lookup the node becomes, over a path through the catalog's relations (a to-many step matches
when any related record does, as a Django join).
"""

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Model
from jatos_mock.brainstem.deviations import deviates
from jatos_mock.brainstem.domain import fields as F
from jatos_mock.brainstem.domain.render import field_value
from jatos_mock.brainstem.errors import ParseError, ServerError, ValidationError

OPERATORS = ("in", "any", "all", "icontains", "contains", "startswith", "istartswith", "endswith", "iendswith",
             "year", "month", "day", "week_day", "regex", "range", "gt", "lt", "gte", "lte", "isnull", "eq",
             "iexact")  # dynamic_rest/filters.py VALID_FILTER_OPERATORS
FALSEY = ("0", "false", "")  # dynamic_rest/utils.py FALSEY_STRINGS
DEFAULT_LIMIT, MAX_LIMIT = 20, 100  # BrainSTEM docs: default page 20, maximum 100


def is_truthy(value) -> bool:
    return value.lower() not in FALSEY if isinstance(value, str) else bool(value)


@dataclass(frozen=True)
class Filter:
    path: tuple[str, ...]
    operator: str | None  # None: exact
    value: object  # one value; a list for `in` and `range`
    exclude: bool


def object_params(args, prefix: str) -> dict[str, list[str]]:
    """`filter{...}` keys (trailing `[]` stripped) -> their values; a malformed key is a ParseError."""
    out = {}
    for name, values in args.lists():
        if name == prefix + "}" or not name.startswith(prefix):
            continue
        if name.endswith("}"):
            inner = name[len(prefix):-1]
        elif name.endswith("}[]"):
            inner = name[len(prefix):-3]
        else:
            raise ParseError(f'"{name}" is not a well-formed filter key.')
        out[inner] = values
    return out


@dataclass(frozen=True)
class Either:
    """`.or` of the JSON form: a record matches when any part does."""
    parts: tuple


@dataclass(frozen=True)
class Both:
    """Every part matches (the `filter{...}` keys, `.and` and the keys of one JSON object)."""
    parts: tuple


def parse_filters(args) -> Both | Either:
    """The list's filters: the `filter{...}` keys, or dynamic-rest's JSON form `filter{}=<object>`, which then
    replaces them all (BS9)."""
    raw = args.get("filter{}")
    if raw and deviates("BS9"):
        tree = _json_filters(raw)
        if tree is not None:
            return tree
    filters = []
    for spec, values in object_params(args, "filter{").items():
        exclude = spec.startswith("-")
        if exclude:
            spec = spec[1:]
        parts = spec.split(".")
        operator = parts.pop() if len(parts) > 1 and parts[-1] in OPERATORS else None
        if operator == "range":
            value = values[:2]
        elif operator == "in":
            value = values
        else:
            value = values[0]
            if operator == "isnull":
                value = is_truthy(value)
            elif operator == "eq":
                operator = None
        filters.append(Filter(tuple(parts), operator, value, exclude))
    return Both(tuple(filters))


def _json_filters(raw: str) -> Both | Either | None:
    """`filter{}={"name.icontains": "rat", "-sex": "M"}`, `{".or": [{...}, {...}]}` (also `$or`, `.and`, `$and`):
    dynamic-rest 2.1.7+ (viewsets.py _extract_object_params raw, filters.py _filters_to_query, clause_to_q). Values
    are the JSON values; an empty object or null leaves the `filter{...}` keys in charge (None). What the engine
    does not catch, it does not catch here either: JSON that does not parse, or an object where a list or object
    belongs, is Django's 500 page."""
    try:
        tree = json.loads(raw)
    except ValueError:
        raise ServerError("filter{} is not JSON") from None
    if tree is None or tree == {}:
        return None
    return _json_node(tree)


def _json_node(node) -> Both | Either:
    if not isinstance(node, dict) or not node:
        raise ServerError("a filter{} clause is not an object")
    for key, group in (("or", Either), ("and", Both)):
        parts = node.get(f".{key}") or node.get(f"${key}")
        if parts:
            if not isinstance(parts, list):
                raise ServerError(f"filter{{}} .{key} is not a list")
            return group(tuple(_json_node(part) for part in parts))
    return Both(tuple(_json_clause(key, value) for key, value in node.items()))


def _json_clause(key: str, value) -> Filter:
    exclude = key.startswith("-")
    parts = (key[1:] if exclude else key).split(".")
    operator = parts.pop() if parts[-1] in OPERATORS else None
    operator = None if operator == "eq" else operator
    if operator in ("in", "range") and not isinstance(value, list):
        value = [value]
    elif operator == "isnull":
        value = is_truthy(value)
    elif operator is None and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # Django casts the number for a text column; ids and numbers compare as text below
    return Filter(tuple(parts), operator, value, exclude)


def request_fields(args) -> dict:
    """include[]/exclude[] as a nested map: name -> True (include), False (exclude) or a sub-map."""
    tree: dict = {}
    for key, include in (("include[]", True), ("exclude[]", False)):
        for spec in args.getlist(key):
            segments = spec.split(".")
            current = tree
            for i, segment in enumerate(segments):
                last = i == len(segments) - 1
                if segment:
                    if last:
                        current[segment] = include
                    else:
                        if not isinstance(current.get(segment), dict):
                            current[segment] = {}
                        current = current[segment]
                elif not last:  # an empty segment may only end the name ("rel.")
                    raise ParseError(f'"{spec}" is not a valid field.')
    return tree


def _resolve(model: Model, path: tuple[str, ...]) -> list[catalog.Field | None]:
    """The field of every step; None for `pk`/`id`. Invalid names answer dynamic-rest's ValidationError."""
    steps, current = [], model
    for i, name in enumerate(path):
        if name in ("pk", "id"):
            steps.append(None)
            continue
        f = current.field_map.get(name)
        if f is None or f.kind == catalog.ACCESS and i < len(path) - 1:
            raise ValidationError([f"Invalid filter field: {name}"])
        steps.append(f)
        if i < len(path) - 1:
            if f.kind not in catalog.RELATIONS:
                raise ValidationError([f"Invalid nested filter field: {name}"])
            current = catalog.model(f.target)
    return steps


def _leaf_values(state, model: Model, record: dict, path, steps) -> list:
    """Every value the path reaches from `record` (a to-many step fans out)."""
    name, f = path[0], steps[0]
    value = record["id"] if f is None else field_value(state, model, record, name)
    if len(path) == 1:
        # a list of tags fans out like a to-many relation: filter{tags}=x matches a record that has the tag x
        # (decision for open question 9, BS14; the clients' `tags=` loaders need some meaning)
        if f is not None and f.kind in (catalog.M2M, catalog.REVERSE, catalog.TAGS):
            return list(value) if value else [None]  # an empty to-many joins to NULL
        return [value]
    target = catalog.model(f.target)
    table = state.table(f.target)
    ids = value if isinstance(value, list) else [value]
    out = []
    for rid in ids:
        related = table.get(rid)
        if related is not None:
            out.extend(_leaf_values(state, target, related, path[1:], steps[1:]))
    return out or [None]


def _kind(model: Model, steps) -> tuple[str, Model | None]:
    f = steps[-1]
    if f is None:
        return ("id", model)
    if f.kind in catalog.RELATIONS:
        return ("id", catalog.model(f.target))
    return (f.kind, None)


def _coerce(kind: str, target: Model | None, raw):
    """The query value as the lookup compares it; a value the database would refuse is a 400 (filters.py
    _build_queryset turns Django's errors into ValidationError)."""
    if kind == "id":
        if target.int_ids:
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise ValidationError([""]) from None  # a ValueError has no .message: dynamic-rest sends ""
        try:
            return str(uuid.UUID(str(raw)))
        except ValueError:
            raise ValidationError([f"“{raw}” is not a valid UUID."]) from None
    if kind == catalog.BOOL:
        return is_truthy(raw)
    if kind in (catalog.INT, catalog.POSINT):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValidationError([""]) from None
    if kind == catalog.DATETIME:  # compared as stored: ISO 8601 in UTC with Z (Django parses the value first)
        try:
            return F.convert_datetime(raw)
        except F.Invalid:
            raise ValidationError([f"“{raw}” value has an invalid format. It must be in YYYY-MM-DD "
                                   "HH:MM[:ss[.uuuuuu]][TZ] format."]) from None
    if kind == catalog.DATE:
        try:
            return date.fromisoformat(raw).isoformat()
        except (TypeError, ValueError):
            raise ValidationError([f"“{raw}” value has an invalid date format. It must be in YYYY-MM-DD "
                                   "format."]) from None
    return raw


def _match(op: str | None, actual, wanted) -> bool:
    if op == "isnull":
        return (actual is None) == wanted
    if actual is None:
        return False
    if op is None:
        return actual == wanted
    if op == "in":
        return actual in wanted
    if op == "range":
        return len(wanted) == 2 and wanted[0] <= actual <= wanted[1]
    if op in ("gt", "gte", "lt", "lte"):
        try:
            return {"gt": actual > wanted, "gte": actual >= wanted, "lt": actual < wanted,
                    "lte": actual <= wanted}[op]
        except TypeError:
            return False
    if op in ("year", "month", "day", "week_day"):
        return _date_part(actual, op) == _int(wanted)
    text, want = str(actual), str(wanted)
    if op == "regex":
        try:
            return re.search(want, text) is not None
        except re.error:
            raise ValidationError([""]) from None
    if op.startswith("i"):
        text, want, op = text.lower(), want.lower(), op[1:]
    return {"exact": text == want, "contains": want in text, "startswith": text.startswith(want),
            "endswith": text.endswith(want)}[op]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError([""]) from None


def _date_part(value, part: str):
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")) if "T" in str(value) \
            else date.fromisoformat(str(value))
    except ValueError:
        return None
    if part == "week_day":  # Django: 1 = Sunday ... 7 = Saturday
        return moment.isoweekday() % 7 + 1
    return getattr(moment, part)


def matcher(state, model: Model, tree: Both | Either):
    """A function record -> bool for the parsed filters."""
    tests = [matcher(state, model, part) if isinstance(part, (Both, Either)) else predicate(state, model, part)
             for part in tree.parts]
    if isinstance(tree, Either):
        return lambda record: any(test(record) for test in tests)
    return lambda record: all(test(record) for test in tests)


def predicate(state, model: Model, flt: Filter):
    """A function record -> bool for one filter (exclusion negates the whole join, as Django's exclude)."""
    steps = _resolve(model, flt.path)
    kind, target = _kind(model, steps)
    op = flt.operator
    if op in ("in", "range"):
        wanted = [_coerce(kind, target, v) for v in flt.value]
    elif op in ("isnull", "year", "month", "day", "week_day", "regex", "any", "all") or (
            op and op.lstrip("i") in ("contains", "startswith", "endswith", "exact")):
        wanted = flt.value
    else:
        wanted = _coerce(kind, target, flt.value)
    if op in ("any", "all"):  # array lookups: the record's list has any / all of the comma-separated values
        wanted_set = set(str(flt.value).split(","))

        def test(record):
            have = {str(v) for v in _leaf_values(state, model, record, flt.path, steps) if v is not None}
            return bool(have & wanted_set) if op == "any" else wanted_set <= have
    else:
        def test(record):
            return any(_match(op, v, wanted) for v in _leaf_values(state, model, record, flt.path, steps))
    return (lambda record: not test(record)) if flt.exclude else test


def sort_keys(model: Model, args) -> list[tuple[tuple[str, ...], list, bool]]:
    """sort[] terms -> (path, steps, descending); invalid terms answer dynamic-rest's list-repr message."""
    terms = [t.strip() for t in args.getlist("sort[]")]
    valid, invalid = [], []
    for term in terms:
        path = tuple(term.lstrip("-").split("."))
        try:
            steps = _resolve(model, path)
        except ValidationError:
            invalid.append(term)
            continue
        if any(s is not None and s.kind in catalog.TO_MANY for s in steps[:-1]) or (
                steps[-1] is not None and steps[-1].kind in (catalog.ACCESS, catalog.JSON)):
            invalid.append(term)
            continue
        valid.append((path, steps, term.startswith("-")))
    if invalid:
        raise ValidationError([f"Invalid filter field: {invalid!r}"])
    return valid


def apply_sort(state, model: Model, records: list[dict], keys) -> list[dict]:
    """Stable sorts, last key first; PostgreSQL order: NULLs last ascending, first descending."""
    for path, steps, descending in reversed(keys):
        def key(record, path=path, steps=steps):
            value = _leaf_values(state, model, record, path, steps)[0]
            return (value is None, _sortable(value))
        records = sorted(records, key=key, reverse=descending)
    return records


def _sortable(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, (int, float, str)) else str(value)


def page_bounds(args) -> tuple[int, int]:
    """limit/offset as DRF's LimitOffsetPagination reads them (rest_framework/pagination.py _positive_int): a value
    that is not a positive integer is the default (BS7), and a limit above 100 is cut off at 100 rather than refused
    (decision for open question 2, BS11: the engine's behaviour; the docs say only "maximum 100")."""
    limit = _positive(args.get("limit"), DEFAULT_LIMIT, strict=True)
    return min(limit, MAX_LIMIT), _positive(args.get("offset"), 0, strict=False)


def _positive(raw, default: int, strict: bool) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0 or (strict and value == 0):
        deviates("BS7")
        return default
    return value
