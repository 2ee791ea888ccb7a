"""PyBossa's query language for GET lists (api/api_base.py _filter_query, _set_limit_and_offset;
repositories/__init__.py generate_query_from_keywords, handle_info_json, create_context, _set_orderby_desc).

`select` returns the rows of one page, each with its full-text `headline` and `rank` when asked; the per-item read
check and the views are the caller's business (items a caller may not read are dropped afterwards, as PyBossa does).
"""

import json
import re
from dataclasses import dataclass

from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import values
from jatos_mock.pybossa.domain.access import Caller
from jatos_mock.pybossa.models import INT, JSON, Announcement, ProjectStats, State, Task, columns

# not filters (api_base._filter_query)
RESERVED = frozenset({"limit", "offset", "api_key", "last_id", "all", "fulltextsearch", "desc", "orderby",
                      "related", "participated", "full", "stats"})


@dataclass(slots=True)
class Hit:
    row: object
    headline: str | None = None
    rank: float | None = None


def fuzzyboolean(value) -> bool:
    """pybossa/util.py fuzzyboolean."""
    if isinstance(value, bool):
        return value
    if not value:
        raise errors.ValueError_("boolean type must be non-null")
    value = value.lower()
    if value in ("false", "no", "off", "n", "0"):
        return False
    if value in ("true", "yes", "on", "y", "1"):
        return True
    raise errors.ValueError_(f"Invalid literal for boolean(): {value}")


def limit_offset_orderby(args) -> tuple[int, int, str]:
    limit = _int_or(args.get("limit"), None)
    limit = 20 if limit is None else min(100, limit)
    return limit, _int_or(args.get("offset"), 0), args.get("orderby") or "id"


def _int_or(text: str | None, default: int | None) -> int | None:
    """int(text), or `default` where int() refuses it (int(None) too: a missing argument)."""
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        return default


def check_args(model: type, args, allow: tuple[str, ...] = ()) -> None:
    """APIBase.valid_args: every query argument but api_key must be an attribute of the model."""
    for name in args:
        if name != "api_key" and name not in allow and name not in columns(model):
            raise errors.no_attribute(model.__name__, name)


def select(state: State, caller: Caller, model: type, table: str, args) -> list[Hit]:
    limit, offset, orderby = limit_offset_orderby(args)
    filters: dict[str, str] = {}
    for name in args:
        if name in RESERVED:
            continue
        if not (model is Task and name == "external_uid"):  # TaskAPI lets it through (and then crashes)
            if name not in columns(model):
                raise errors.no_attribute(model.__name__, name)
        filters[name] = args.get(name)
    owner_id = caller.id if not caller.anonymous and args.get("all") != "1" else None  # api_context
    if model.__name__ == "User" and not caller.admin and any(n in filters for n in ("fullname", "created")):
        filters["privacy_mode"] = "false"  # UserAPI._custom_filter
    participated = args.get("participated")
    fulltextsearch = args.get("fulltextsearch")
    desc = fuzzyboolean(args.get("desc") or False)
    last_id = args.get("last_id")
    # the repositories' own rules
    if model.__name__ in ("Category", "User"):
        owner_id = None
    if model.__name__ == "User":
        filters["restrict"] = "false"
    if model.__name__ == "Result":
        filters.setdefault("last_version", "true")
    if model.__name__ == "Task" and "external_uid" in filters:
        raise errors.ServerError("InvalidRequestError", "Entity namespace for \"task\" has no property "
                                                        "\"external_uid\"")
    if participated and "external_uid" in filters:
        del filters["external_uid"]
    rows = list(state.table(table).values())
    matches = _matcher(model, filters)
    hits = [Hit(r) for r in rows if matches(r)]
    if "info" in filters:
        hits = _info_filter(hits, filters["info"], fulltextsearch)
    if participated and model is Task:  # create_context: this query replaces the owner context
        hits = [h for h in hits if h.row.id not in _answered(state, caller, args)]
    elif owner_id is not None and model not in (Announcement, ProjectStats):
        owned = {p.id for p in state.project.values() if p.owner_id == owner_id}
        key = "id" if model.__name__ == "Project" else "project_id"
        hits = [h for h in hits if getattr(h.row, key) in owned]
    if last_id:
        last = _int_literal(last_id)
        hits = [h for h in hits if h.row.id > last]
        desc = False
    hits = _ordered(model, hits, orderby, desc, ranked=any(h.rank is not None for h in hits))
    if limit < 0:
        raise errors.DataError("(psycopg2.errors.InvalidRowCountInLimitClause) LIMIT must not be negative\n")
    if last_id:
        return hits[:limit]
    if offset < 0:
        raise errors.DataError("(psycopg2.errors.InvalidRowCountInResultOffsetClause) OFFSET must not be negative\n")
    return hits[offset:offset + limit]


def _int_literal(text: str) -> int:
    if not re.fullmatch(r"\s*[+-]?\d+\s*", text):
        raise values.invalid_input(INT, text)
    return int(text)


def _answered(state: State, caller: Caller, args) -> set[int]:
    """Tasks the caller already answered (get_user_id_or_ip: user id, else external_uid, else the IP)."""
    external_uid = args.get("external_uid")
    if external_uid:
        return {r.task_id for r in state.task_run.values() if r.external_uid == external_uid}
    if caller.anonymous:
        return {r.task_id for r in state.task_run.values() if r.user_ip == caller.ip}
    return {r.task_id for r in state.task_run.values() if r.user_id == caller.id}


def _matcher(model: type, filters: dict[str, str]):
    """A test of one row against the column filters, made once per query: the tests of the columns, in the
    filters' order, each row's stopping at the first that fails."""
    cols = columns(model)
    tests = []
    for name, text in filters.items():
        if name in ("info", "fav_user_ids") or name not in cols:
            continue
        if name == "created":  # created LIKE '<text>%'
            tests.append((name, lambda stored, text=text: stored is not None and str(stored).startswith(text)))
        elif name == "project_id":  # every run of digits is one OR'd project id; none: no filter
            ids = [int(d) for d in re.findall(r"\d+", text)]
            if ids:
                tests.append((name, lambda stored, ids=ids: stored in ids))
        else:
            tests.append((name, _equals(cols[name]["kind"], text)))

    def matches(row) -> bool:
        for name, test in tests:
            if not test(getattr(row, name)):
                return False
        return True
    return matches


def _equals(kind: str, text: str):
    """`column = '<text>'`; the text is read as the column's type when a row first needs it (and refused then, with
    the DataError of values.literal), and that reading serves the other rows."""
    read = []

    def test(stored) -> bool:
        if stored is None:
            return False
        if not read:
            read.append(values.literal(kind, text))
        return stored == read[0]
    return test


def _info_filter(hits: list[Hit], info: str, fulltextsearch) -> list[Hit]:
    if info and "::" in info:
        pairs = []
        for pair in info.split("|"):
            if pair != "":
                parts = pair.split("::")
                if len(parts) != 2:
                    raise errors.ValueError_("too many values to unpack (expected 2)" if len(parts) > 2
                                             else "not enough values to unpack (expected 2, got 1)")
                pairs.append(parts)
        if fulltextsearch == "1":
            return _full_text(hits, pairs)
        return [h for h in hits if all(_info_text(h.row, k) == v for k, v in pairs)]
    try:
        wanted = json.loads(info)
        if isinstance(wanted, (int, float)) and not isinstance(wanted, bool):
            wanted = f'"{wanted}"'
    except ValueError:
        wanted = f'"{info}"'
    return [h for h in hits if h.row.info is not None and values.contains(h.row.info, wanted)]


def _info_text(row, key: str):
    info = row.info
    return values.as_text(info.get(key)) if isinstance(info, dict) else None


_WORD = re.compile(r"\w+", re.UNICODE)


def _full_text(hits: list[Hit], pairs) -> list[Hit]:
    """to_tsvector(info->>k) @@ to_tsquery(v), with ts_headline and ts_rank_cd of the first pair.

    Approximation: words match case-insensitively without PostgreSQL's English stemming; each occurrence of the
    query's words weighs 0.1 (ts_rank_cd's default weight for unlabelled lexemes)."""
    found = []
    for hit in hits:
        ok = True
        for k, v in pairs:
            text = _info_text(hit.row, k) or ""
            words = {w.lower() for w in _WORD.findall(text)}
            terms = [t.lower() for t in _WORD.findall(v)]
            if not terms or not all(t in words for t in terms):
                ok = False
                break
        if ok:
            k, v = pairs[0]
            text = _info_text(hit.row, k) or ""
            terms = {t.lower() for t in _WORD.findall(v)}
            hit.headline = _WORD.sub(lambda m, terms=terms: f"<b>{m.group(0)}</b>" if m.group(0).lower() in terms
                                     else m.group(0), text)
            hit.rank = round(0.1 * sum(1 for w in _WORD.findall(text) if w.lower() in terms), 6)
            found.append(hit)
    return found


def _ordered(model: type, hits: list[Hit], orderby: str, desc: bool, ranked: bool) -> list[Hit]:
    cols = columns(model)
    if orderby == "fav_user_ids":
        def key(h):
            return len(h.row.fav_user_ids or [])
    elif orderby in cols and cols[orderby]["kind"] == JSON:
        def key(h):
            value = getattr(h.row, orderby)
            return None if value is None else values.jsonb_text(value)
    elif orderby in cols:
        def key(h):
            return getattr(h.row, orderby)
    else:
        raise errors.no_attribute(model.__name__, orderby)
    keyed = [(key(h), h) for h in hits]
    present = [(k, h) for k, h in keyed if k is not None]
    missing = [h for k, h in keyed if k is None]  # PostgreSQL sorts NULLs last ascending, first descending
    present.sort(key=lambda kh: (kh[0], kh[1].row.id), reverse=desc)
    ordered = missing + [h for _, h in present] if desc else [h for _, h in present] + missing
    if ranked:
        ordered.sort(key=lambda h: -(h.rank or 0))  # ORDER BY rank DESC first, stable for the rest
    return ordered
