"""A made-up API for the fault package's own tests: the package must serve any API, not only JATOS."""

import pytest
from flask import Flask, Response, g, jsonify, request

from jatos_mock.core.faults import ApiFaultProfile, Faults


class FakeClock:
    def __init__(self, now_ms: int = 0):
        self.now = now_ms

    def now_ms(self) -> int:
        return self.now


def render_error(status: int, code: str, message: str, headers: dict | None) -> Response:
    response = jsonify(status_code=status, exception_cls=code, exception_msg=message)  # an error object, not JATOS's
    response.status_code = status
    response.headers.update(headers or {})
    return response


ACME = ApiFaultProfile(name="Acme", render_error=render_error, error_codes=("BadRequest", "Gone", "Boom"),
                       default_errors={404: ("Gone", "No such thing"), 429: ("BadRequest", "Slow down")},
                       default_client_error=("BadRequest", "Bad"), default_server_error=("Boom", "It broke"),
                       operations=frozenset({"listItems", "getItem", "deleteItem"}), api_prefix="/acme/api",
                       path_example="GET /items/{id}")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_000_000)


@pytest.fixture
def acme(clock):
    """A tiny Flask app of the Acme API with faults wired as the mock wires them: (app, faults, slept)."""
    slept = []
    faults = Faults(ACME, clock, seed=1, sleep=slept.append)
    app = Flask("acme")

    def list_items():
        return jsonify(["a", "b"])
    list_items.operation_id = "listItems"  # as the mock's endpoint decorator marks a view
    app.add_url_rule("/acme/api/items", view_func=list_items)
    app.add_url_rule("/__mock__/faults", view_func=lambda: jsonify(faults.describe()))

    @app.before_request
    def begin():
        template = request.url_rule.rule if request.url_rule else None  # as the mock's pipeline does
        view = app.view_functions.get(request.endpoint) if request.endpoint else None
        answer, g.firing = faults.before_request(request, getattr(view, "operation_id", None), template)
        return answer

    app.after_request(lambda response: faults.after_request(response, g.get("firing")))
    return app, faults, slept


@pytest.fixture
def profile() -> ApiFaultProfile:
    return ACME
