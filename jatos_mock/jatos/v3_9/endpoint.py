"""JATOS 3.9's endpoints: the shared pipeline (binding, body parsing, validation) with 3.9's auth, and Play 2.7's
rule that an empty Boolean, Integer or Long query value (`?flag=`) counts as absent."""

from jatos_mock.jatos.errors import ClientError
from jatos_mock.jatos.http.endpoint import endpoint
from jatos_mock.jatos.http.params import Param, Str, no_value
from jatos_mock.jatos.v3_9 import auth

USER = ("USER",)  # @Auth without argument (3.9 knows no VIEWER)
ADMIN = ("ADMIN",)


class _EmptyIsAbsent(Param):
    """Play 2.7.9's rule for numbers and booleans (params.no_value), the real answer whatever the 3.10 registry's
    M19 says: "" binds to nothing, so the route's default applies."""

    def __init__(self, typed: Param):
        super().__init__(typed.default)
        self.typed = typed

    def bind(self, name: str, raw: str):
        if no_value(self.typed, raw):
            if self.required:
                raise ClientError(f"Missing parameter: {name}")
            return self.default
        return self.typed.bind(name, raw)


def endpoint39(operation_id: str, roles: tuple[str, ...], query: dict[str, Param] | None = None, **options):
    if query is not None:  # String parameters keep "" as it is
        query = {name: spec if isinstance(spec, Str) else _EmptyIsAbsent(spec) for name, spec in query.items()}
    return endpoint(operation_id, roles, authenticate=auth.authenticate, query=query, **options)
