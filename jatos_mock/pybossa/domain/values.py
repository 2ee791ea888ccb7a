"""How PostgreSQL takes a value into a column of PyBossa's tables, and how it compares one with query text.

PyBossa hands request values to SQLAlchemy unconverted; PostgreSQL coerces them on INSERT/UPDATE (so
`"n_answers": "5"` is stored as 5) or refuses them (psycopg2's DataError, or a DatatypeMismatch that SQLAlchemy
reports as ProgrammingError, which PyBossa answers with 500).
"""

import json
import re

from jatos_mock.pybossa import errors
from jatos_mock.pybossa.models import BOOL, FLOAT, INT, INT_ARRAY, JSON, TEXT, TIME

_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
# PostgreSQL's boolean input (boolin): any unambiguous prefix of these, case-insensitive, blanks trimmed
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def invalid_input(kind: str, text: str) -> errors.DataError:
    return errors.DataError(f'(psycopg2.errors.InvalidTextRepresentation) invalid input syntax for type {kind}: '
                            f'"{text}"\n')


def mismatch(column: str, kind: str, value) -> errors.ServerError:
    given = {bool: BOOL, int: INT, float: "numeric", dict: JSON, list: "array"}.get(type(value), "unknown")
    return errors.ServerError("ProgrammingError", f"(psycopg2.errors.DatatypeMismatch) column \"{column}\" is of "
                                                  f"type {kind} but expression is of type {given}\n")


def parse_bool(text: str) -> bool | None:
    word = text.strip().lower()
    if word in ("t", "y") or (len(word) > 1 and any(w.startswith(word) for w in _TRUE[:3])) or word == "1":
        return True
    if word in ("f", "n") or (len(word) > 1 and any(w.startswith(word) for w in _FALSE[:3])) or word == "0":
        return False
    return None


def to_column(column: str, kind: str, value):
    """`value` (from JSON or a form) as the column stores it; raises PyBossa's error where PostgreSQL refuses it."""
    if value is None:
        return None
    if kind == JSON:
        return value
    if kind == INT:
        if isinstance(value, bool):
            raise mismatch(column, kind, value)
        if isinstance(value, int):
            return value
        if isinstance(value, float):  # numeric -> integer assignment rounds half away from zero
            return int(value + (0.5 if value >= 0 else -0.5))
        if isinstance(value, str):
            if not _INTEGER.fullmatch(value):
                raise invalid_input(kind, value)
            return int(value)
        raise mismatch(column, kind, value)
    if kind == FLOAT:
        if isinstance(value, bool):
            raise mismatch(column, kind, value)
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                raise invalid_input(kind, value) from None
        raise mismatch(column, kind, value)
    if kind == BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            parsed = parse_bool(value)
            if parsed is None:
                raise invalid_input(kind, value)
            return parsed
        raise mismatch(column, kind, value)
    if kind in (TEXT, TIME):
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):  # numbers take an assignment cast to text
            return str(value)
        raise mismatch(column, kind, value)
    if kind == INT_ARRAY:
        if not isinstance(value, list):
            raise mismatch(column, kind, value)
        return [to_column(column, INT, v) for v in value]
    raise AssertionError(kind)


def literal(kind: str, text: str):
    """Query text read as a column's type, as PostgreSQL reads the literal of `column = '<text>'` (DataError if it
    cannot); the column then equals it when `stored == literal(kind, text)`."""
    if kind == INT:
        if not _INTEGER.fullmatch(text):
            raise invalid_input(kind, text)
        return int(text)
    if kind == FLOAT:
        try:
            return float(text)
        except ValueError:
            raise invalid_input(kind, text) from None
    if kind == BOOL:
        parsed = parse_bool(text)
        if parsed is None:
            raise invalid_input(kind, text)
        return parsed
    if kind == JSON:
        try:
            return json.loads(text)
        except ValueError:
            raise errors.DataError(f"(psycopg2.errors.InvalidTextRepresentation) invalid input syntax for type "
                                   f"json\nDETAIL:  Token \"{text}\" is invalid.\n") from None
    if kind == INT_ARRAY:
        match = re.fullmatch(r"\s*\{([\d\s,+-]*)\}\s*", text)
        if match is None:
            raise errors.DataError(f'(psycopg2.errors.InvalidTextRepresentation) malformed array literal: "{text}"\n')
        return [int(v) for v in match.group(1).split(",") if v.strip()]
    return text


def as_text(value) -> str | None:
    """`info->>key`: a JSON value as PostgreSQL's text (strings bare, null as SQL NULL, others as jsonb prints)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return jsonb_text(value)


def jsonb_text(value) -> str:
    """jsonb's output format: `", "` between items and `": "` after keys."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def contains(container, contained) -> bool:
    """jsonb `@>` (PostgreSQL's JsonbDeepContains), including its rule that an array contains a bare scalar."""
    if isinstance(container, dict):
        return isinstance(contained, dict) and all(
            k in container and contains(container[k], v) for k, v in contained.items())
    if isinstance(container, list):
        if isinstance(contained, list):
            return all(any(contains(c, item) for c in container) for item in contained)
        if isinstance(contained, dict):
            return False
        return any(_same_scalar(c, contained) for c in container)
    return _same_scalar(container, contained)


def _same_scalar(a, b) -> bool:
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    if isinstance(a, (bool, str)) or isinstance(b, (bool, str)) or a is None or b is None:
        return type(a) is type(b) and a == b
    return a == b  # two numbers
