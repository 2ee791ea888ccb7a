"""PyBossa 4.0.3: its contract (ours), routes, views, error answer and routing-miss answers."""

from flask import Response, request
from werkzeug.exceptions import MethodNotAllowed

from jatos_mock.core.http.reply import Reply
from jatos_mock.core.http.version import ApiVersion
from jatos_mock.pybossa import errors
from jatos_mock.pybossa.contract import contract_path
from jatos_mock.pybossa.http import answers
from jatos_mock.pybossa.v4_0 import views
from jatos_mock.pybossa.v4_0.routes import PREFIX, routes


def render(reply: Reply) -> Response:
    return answers.json_answer(reply.data, reply.status, reply.headers)


def error(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    """An error object for status `status`, `code` as its exception_cls (faults and crashes use this)."""
    exc = errors.ServerError(code, message)
    body = {"action": request.method, "status": "failed", "status_code": status, "target": request.path,
            "exception_cls": exc.exception_cls, "exception_msg": message}
    response = answers.json_answer(body, status, headers)
    return response


def route_miss(exc: Exception) -> Response:
    if isinstance(exc, MethodNotAllowed):
        return answers.method_not_allowed_page(exc.valid_methods or [])
    return answers.not_found_page()


VERSION = ApiVersion(name="4.0.3", api_version="4.0.3", prefix=PREFIX, contract=contract_path(), views=views,
                     render=render, error=error, error_codes=tuple(errors.STATUS) + ("InternalServerError",),
                     routes=routes, api_paths=(PREFIX + "/",), route_miss=route_miss)
