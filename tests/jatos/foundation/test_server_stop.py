"""`MockServer.stop()` while clients are still sending: no error, no worker thread left behind, the port closed."""

import logging
import threading

import pytest
import requests

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings


def _waitress_workers(server_threads_before: set) -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("waitress-") and t not in server_threads_before]


def test_stopping_under_load_leaves_nothing_running(caplog):
    app = create_app(Settings(seed=1))
    token = next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if t["username"] == "admin")
    before = set(threading.enumerate())
    caplog.set_level(logging.ERROR, logger="waitress")

    for _ in range(15):
        server = MockServer(app, threads=4).start()
        busy, done = threading.Barrier(4), threading.Event()

        def client(server=server, busy=busy, done=done):
            with requests.Session() as session:
                busy.wait()
                while not done.is_set():
                    try:
                        session.get(f"{server.url}/jatos/api/v1/admin/token", timeout=2,
                                    headers={"Authorization": f"Bearer {token}"})
                    except requests.RequestException:
                        pass  # the server went away mid-request: expected while it stops

        clients = [threading.Thread(target=client) for _ in range(3)]
        for thread in clients:
            thread.start()
        busy.wait()
        server.stop()  # raised OSError (EBADF) now and then when the wake-up pipe was closed under it
        done.set()
        for thread in clients:
            thread.join()
        with pytest.raises(requests.ConnectionError):
            requests.get(server.url, timeout=2)

    assert _waitress_workers(before) == []  # four worker threads per server were left behind before
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_stop_is_idempotent_and_works_on_a_server_never_started():
    app = create_app(Settings(seed=1))
    idle = MockServer(app)
    idle.stop()
    idle.stop()
    running = MockServer(app).start()
    running.stop()
    running.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(running.url, timeout=2)
