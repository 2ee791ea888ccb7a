"""JATOS 3.9 (3.9.8, API 1.0.1): its routes, views, envelope and auth; handlers whose semantics differ from 3.10's
live here, the rules they apply in jatos_mock/jatos/domain/."""

from jatos_mock.core.http.version import ApiVersion
from jatos_mock.jatos.v3_9 import envelope, views
from jatos_mock.jatos.v3_9.routes import API_PREFIX, routes

VERSION = ApiVersion(name="3.9", api_version=envelope.API_VERSION, prefix=API_PREFIX, contract=None,
                     views=views, render=envelope.render, error=envelope.error, error_codes=envelope.ERROR_CODES,
                     routes=routes, api_paths=("/jatos/api/",), route_miss=envelope.route_miss)
