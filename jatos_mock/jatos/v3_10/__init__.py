"""JATOS 3.10 (API 1.1.0): its contract, routes, views and envelope."""

from jatos_mock.core.http.version import ApiVersion
from jatos_mock.jatos.http.errors import with_error_pages
from jatos_mock.jatos.resources import contract_path
from jatos_mock.jatos.v3_10 import envelope, views
from jatos_mock.jatos.v3_10.routes import API_PREFIX, routes

VERSION = ApiVersion(name="3.10", api_version=envelope.API_VERSION, prefix=API_PREFIX, contract=contract_path(),
                     views=views, render=envelope.render, error=with_error_pages(envelope.error),
                     error_codes=envelope.ERROR_CODES, routes=routes, api_paths=("/jatos/api/", "/publix/"))
