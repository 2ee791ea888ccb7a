import pytest

from jatos_mock.core.http.control import reset_runtime
from jatos_mock.core.http.runtime import EXTENSION
from jatos_mock.pybossa.app import create_app
from jatos_mock.pybossa.settings import Settings

ADMIN = "0a8f2b4c-1d3e-4f5a-9b6c-7d8e9f0a1b2c"
OWNER = "1b9e3c5d-2e4f-4a6b-8c7d-8e9f0a1b2c3d"
VOLUNTEER = "2c0f4d6e-3f5a-4b7c-9d8e-9f0a1b2c3d4e"


@pytest.fixture(scope="module")
def app():
    return create_app(Settings())


@pytest.fixture
def client(app):
    """Flask's test client on a reset mock; the test fails if an answer broke the contract."""
    rt = app.extensions[EXTENSION]
    reset_runtime(rt)
    start = rt.journal.next_seq()
    yield app.test_client()
    problems = [v.describe() for v in rt.ledger.entries(start, unregistered_only=True)]
    assert not problems, problems


@pytest.fixture
def server_url(pybossa):
    return pybossa.url


@pytest.fixture
def loose_client(app):
    """Flask's test client on a reset mock, for tests that send requests no operation matches on purpose."""
    reset_runtime(app.extensions[EXTENSION])
    return app.test_client()
