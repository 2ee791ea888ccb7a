"""Writing rows as PyBossa's APIBase and PostgreSQL do: the body's keys become the model's constructor arguments
(an unknown one: TypeError), values are coerced by column type on save, and NOT NULL and UNIQUE constraints answer
DBIntegrityError with psycopg2's wording (api/api_base.py post/put/delete; repositories/*.py save/update).
"""

from datetime import UTC, datetime

from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import values
from jatos_mock.pybossa.models import TABLES, State, columns


def timestamp(now_ms: int) -> str:
    """make_timestamp(): datetime.utcnow().isoformat() (no zone; no fraction when it is zero)."""
    return datetime.fromtimestamp(now_ms / 1000, UTC).replace(tzinfo=None).isoformat()


def table_of(model: type) -> str:
    return _TABLE_OF[model]


_TABLE_OF = {model: name for name, model in TABLES.items()}


def remove_links(data: dict) -> dict:
    """Hateoas.remove_links: `link` and `links` go when truthy (an empty `links` stays, and then fails)."""
    if not isinstance(data, dict):
        raise errors.AttributeError_(f"'{type_name(data)}' object has no attribute 'get'")
    for key in ("link", "links"):
        if data.get(key):
            data.pop(key)
    return data


def type_name(value) -> str:
    return {type(None): "NoneType", list: "list", str: "str", int: "int", float: "float", bool: "bool"}.get(
        type(value), type(value).__name__)


def forbid_reserved(data, reserved: frozenset[str], name_key: bool) -> None:
    """_forbidden_attributes: the first reserved key answers 400 (with its name for Category and Blogpost). API
    classes without reserved keys do not override it (HelpingMaterial, User: the base class's does nothing)."""
    if not reserved:
        return
    if not isinstance(data, dict):
        raise errors.AttributeError_(f"'{type_name(data)}' object has no attribute 'keys'")
    for key in data:
        if key in reserved:
            if key == "published":  # only ProjectAPI reserves it, with its own refusal
                raise errors.Forbidden("You cannot publish a project via the API")
            raise errors.BadRequest(f"Reserved keys in payload: {key}" if name_key else "Reserved keys in payload")


def check_keywords(model: type, data: dict) -> None:
    """`Model(**data)`: SQLAlchemy's constructor refuses keys that are no attribute of the model."""
    for key in data:
        if key not in columns(model):
            raise errors.TypeError_(f"'{key}' is an invalid keyword argument for {model.__name__}")


def new_row(model: type, data: dict):
    check_keywords(model, data)
    row = model(id=None)
    for key, value in data.items():
        setattr(row, key, value)
    return row


def insert(state: State, row, now: str) -> None:
    """INSERT: defaults, coercion, constraints; then the row gets its id."""
    model, table = type(row), table_of(type(row))
    cols = columns(model)
    for name in ("created", "updated", "finish_time"):
        if name in cols and getattr(row, name) is None:
            setattr(row, name, now)
    _coerce(row)
    _check_constraints(state, row, table, "insert")
    row.id = state.next_id(table)
    state.table(table)[row.id] = row


def update(state: State, row, changes: dict) -> None:
    """UPDATE of an existing row with `changes` (already checked keys); coerces and checks constraints."""
    for key, value in changes.items():
        setattr(row, key, value)
    _coerce(row)
    _check_constraints(state, row, table_of(type(row)), "update")


def _coerce(row) -> None:
    for name, meta in columns(type(row)).items():
        value = getattr(row, name)
        if value is not None:
            setattr(row, name, values.to_column(name, meta["kind"], value))


def _check_constraints(state: State, row, table: str, statement: str) -> None:
    cols = columns(type(row))
    for name, meta in cols.items():
        if meta["required"] and getattr(row, name) is None:
            raise errors.DBIntegrityError(
                f'(psycopg2.errors.NotNullViolation) null value in column "{name}" of relation "{table}" violates '
                f'not-null constraint\nDETAIL:  Failing row contains ({_row_text(row)}).\n\n'
                f'[SQL: {_sql(table, cols, statement)}]')
    for name, meta in cols.items():
        value = getattr(row, name)
        if meta["unique"] and value is not None and any(
                getattr(other, name) == value and other is not row for other in state.table(table).values()):
            raise errors.DBIntegrityError(
                f'(psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint '
                f'"{table}_{name}_key"\nDETAIL:  Key ({name})=({value}) already exists.\n\n'
                f'[SQL: {_sql(table, cols, statement)}]')


def _row_text(row) -> str:
    def text(value):
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, list):
            return "{" + ",".join(str(v) for v in value) + "}"
        if isinstance(value, dict):
            return values.jsonb_text(value)
        return str(value)
    return ", ".join(text(getattr(row, name)) for name in columns(type(row)))


def _sql(table: str, cols: dict, statement: str) -> str:
    names = [n for n in cols if n != "id"]
    if statement == "insert":
        return (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(f'%({n})s' for n in names)}) "
                f"RETURNING {table}.id")
    return f"UPDATE {table} SET {', '.join(f'{n}=%({n})s' for n in names)} WHERE {table}.id = %({table}_id)s"
