"""Play's typed parameter binding, which JATOS runs before authentication.

A value that does not bind answers 400 CLIENT_ERROR with Play's message (Play 2.7 PathBindable/QueryStringBindable).
"""

import re

from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.errors import ClientError

_JAVA_INT = re.compile(r"[-+]?\d+")
_ABSENT = object()


class Param:
    java_type = "String"
    parsed = False  # bound by QueryStringBindable.Parsing (numbers, booleans), for which "" is no value

    def __init__(self, default=_ABSENT):
        self.default = default

    @property
    def required(self) -> bool:
        return self.default is _ABSENT

    def bind(self, name: str, raw: str):
        return raw


class Long(Param):
    java_type = "Long"
    bits = 64
    parsed = True

    def bind(self, name: str, raw: str):
        if _JAVA_INT.fullmatch(raw):
            value = int(raw)
            if -(2 ** (self.bits - 1)) <= value < 2 ** (self.bits - 1):
                return value
        raise ClientError(f'Cannot parse parameter {name} as {self.java_type}: For input string: "{raw}"')


class Int(Long):
    java_type = "Int"
    bits = 32


class Bool(Param):
    parsed = True

    def bind(self, name: str, raw: str):
        value = raw.strip()
        if value != raw or value in ("1", "0"):
            deviates("M17")  # Play's bindableBoolean: recorded, so the ledger names why the request was taken
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise ClientError(f"Cannot parse parameter {name} as Boolean: should be true, false, 0 or 1")


class Str(Param):
    pass


def bind_path(specs: dict[str, Param], values: dict[str, str]) -> dict:
    return {name: spec.bind(name, values[name]) for name, spec in specs.items() if name in values}


def no_value(spec: Param, raw: str) -> bool:
    """Play 2.7.9's QueryStringBindable.Parsing drops an empty value of a number or a boolean (filter(_.nonEmpty)):
    the route's default applies (JATOS 3.9 and 3.10 both run on it). A blank value is a value, and fails to bind."""
    return raw == "" and spec.parsed


def bind_query(specs: dict[str, Param], query) -> dict:
    bound = {}
    for name, spec in specs.items():
        raw = query.get(name)
        if raw is not None and no_value(spec, raw) and deviates("M19"):
            raw = None
        if raw is None:
            if spec.required:
                raise ClientError(f"Missing parameter: {name}")
            bound[name] = spec.default
        else:
            bound[name] = spec.bind(name, raw)
    return bound
