"""Writing one field: Django REST framework's field validation and its messages (rest_framework/fields.py,
relations as dynamic-rest's DynamicRelationField, dynamic_rest/fields/fields.py)."""

import re
from datetime import UTC, date, datetime

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Field
from jatos_mock.brainstem.errors import ParseError

REQUIRED = "This field is required."
NULL = "This field may not be null."
BLANK = "This field may not be blank."
EMPTY_LIST = "This list may not be empty."
_URL = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s]*$", re.I)
_ACCESS_FLAGS = ("can_change", "is_manager", "is_owner")


class Invalid(Exception):
    """One field's error messages (a list, or a nested dict for role maps)."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages if isinstance(messages, (list, dict)) else [messages]


def convert(state, f: Field, value):
    """`value` from a request body as the record stores it, or Invalid with DRF's message."""
    if f.kind in catalog.TO_MANY:
        if not isinstance(value, list):  # a ParseError, not a field error (dynamic-rest)
            raise ParseError(f"'{f.name}' value must be a list")
        if f.required and not value:
            raise Invalid(EMPTY_LIST)
        return [_related_id(state, f, item) for item in value]
    if value is None:  # optional fields are nullable; required ones, lists, booleans and objects are not
        if f.required or f.kind in (catalog.TAGS, catalog.JSON, catalog.ACCESS, catalog.BOOL):
            raise Invalid(NULL)
        return None
    kind = f.kind
    if kind == catalog.FK:
        return _related_id(state, f, value)
    if kind == catalog.TEXT:
        if isinstance(value, (dict, list, bool)):
            raise Invalid("Not a valid string.")
        value = str(value)
        if f.required and not value.strip():
            raise Invalid(BLANK)
        if f.max_length is not None and len(value) > f.max_length:
            raise Invalid(f"Ensure this field has no more than {f.max_length} characters.")
        return value
    if kind == catalog.URL:
        if not isinstance(value, str) or (value and not _URL.match(_with_scheme(value))):
            raise Invalid("Enter a valid URL.")
        return _with_scheme(value) if value else value
    if kind in (catalog.INT, catalog.POSINT):
        number = _integer(value)
        if kind == catalog.POSINT and number < 0:
            raise Invalid("Ensure this value is greater than or equal to 0.")
        return number
    if kind == catalog.BOOL:
        return _boolean(value)
    if kind == catalog.DATE:
        return _date(value)
    if kind == catalog.DATETIME:
        return convert_datetime(value)
    if kind == catalog.CHOICE:
        if not isinstance(value, str) or value not in f.choices:
            raise Invalid(f'"{value}" is not a valid choice.')
        return value
    if kind == catalog.TAGS:
        if not isinstance(value, list):
            raise Invalid(f'Expected a list of items but got type "{type(value).__name__}".')
        if not all(isinstance(tag, str) for tag in value):
            raise Invalid("Not a valid string.")
        return list(value)
    if kind == catalog.JSON:
        return value
    raise AssertionError(f"unknown field kind {kind}")


def _with_scheme(value: str) -> str:
    """BrainSTEM stores a bare www address with http:// in front (docs: users PATCH example)."""
    return value if "://" in value else f"http://{value}"


def _related_id(state, f: Field, value):
    target = catalog.model(f.target)
    key = value
    if target.int_ids:
        try:
            key = int(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            key = None
    elif not isinstance(value, str):
        key = None
    if key is None or key not in state.table(f.target):
        name = f.target.capitalize()
        raise Invalid(f"Invalid value for '{f.name}': {name} object with ID={value} not found")
    return key


def _integer(value) -> int:
    if isinstance(value, bool):
        raise Invalid("A valid integer is required.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise Invalid("A valid integer is required.")


TRUE_VALUES = {"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1", 1}
FALSE_VALUES = {"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0", 0}


def _boolean(value) -> bool:
    # rest_framework/fields.py BooleanField.TRUE_VALUES / FALSE_VALUES
    if isinstance(value, (str, int)) and not isinstance(value, float):
        if value in TRUE_VALUES:
            return True
        if value in FALSE_VALUES:
            return False
    raise Invalid("Must be a valid boolean.")


def _date(value) -> str:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Invalid("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.") from None


def convert_datetime(value) -> str:
    """An ISO 8601 date-time as stored and shown: in UTC with a Z (a naive one is taken as UTC, Django's USE_TZ
    with TIME_ZONE UTC)."""
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid("Datetime has wrong format. Use one of these formats instead: "
                      "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.isoformat() + "Z"


def access_map(value, *, keyed_by: str, known) -> dict:
    """A `users`/`groups` role map from a PATCH: key -> flags (missing flags false) or {"remove": true}."""
    if not isinstance(value, dict):
        raise Invalid(f'Expected a dictionary of items but got type "{type(value).__name__}".')
    out, errors = {}, {}
    for key, flags in value.items():
        if not isinstance(flags, dict):
            errors[key] = [f'Expected a dictionary of items but got type "{type(flags).__name__}".']
        elif not known(key):
            errors[key] = [f"No {keyed_by} matches {key}."]
        elif flags.get("remove") is True:
            out[key] = None
        else:
            out[key] = {flag: bool(flags.get(flag, False)) for flag in _ACCESS_FLAGS}
    if errors:
        raise Invalid(errors)
    return out
