"""Mocks for the conformance tests: in-process apps (whole or deliberately broken) and a mock on a real port."""

import pytest

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings


def make_app(fidelity: str = "spec"):
    return create_app(Settings(seed=1, fidelity=fidelity))


def tokens(app) -> dict:
    return {t["username"]: t["token"] for t in app.extensions["jatos_mock"].fixture_tokens}


@pytest.fixture
def served():
    """Starts a mock (or a given app) on a free loopback port; the test's teardown stops it."""
    servers = []

    def start(app=None) -> MockServer:
        server = MockServer(app or make_app(), host="127.0.0.1", port=0, threads=4).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def mock_app():
    """A factory of fresh in-process mocks (spec fidelity unless asked)."""
    return make_app


@pytest.fixture
def token_of():
    return tokens
