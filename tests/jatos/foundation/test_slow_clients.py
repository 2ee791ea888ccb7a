"""Slow clients cannot lock others out of the server (issue 16, D8: slowloris)."""

import contextlib
import socket
import threading
import time

import pytest
import requests

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

ADMIN = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}
SLOW = 150  # more than waitress's default connection limit (100), which they used to fill


@pytest.fixture
def app():
    return create_app(Settings(seed=1))


class SlowClients:
    """Loopback connections that begin a request and then send one header line per second, never finishing."""

    def __init__(self, port: int, count: int):
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /jatos/api/v1/admin/token HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)
        self._thread.start()

    def _drip(self):
        while not self._stop.wait(1.0):
            for sock in self.sockets:
                with contextlib.suppress(OSError):  # the server closed it: fine
                    sock.sendall(b"X-Slow: 1\r\n")

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


def test_a_normal_request_is_answered_while_many_slow_connections_are_open(app):
    server = MockServer(app, "127.0.0.1", 0, threads=2).start()
    slow = None
    try:
        slow = SlowClients(server.port, SLOW)
        time.sleep(1.5)  # they are all open, and have dripped a header line
        started = time.monotonic()
        with requests.Session() as session:
            r = session.get(f"{server.url}/jatos/api/v1/admin/token", headers=ADMIN, timeout=(5, 5))
        assert r.status_code == 200 and r.json()["data"]["username"] == "admin"
        assert time.monotonic() - started < 5
    finally:
        if slow is not None:
            slow.close()
        server.stop()


def test_request_headers_that_do_not_finish_in_time_are_cut_off(app):
    server = MockServer(app, "127.0.0.1", 0, threads=2, header_timeout=1.0).start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"GET /jatos/api/v1/admin/token HTTP/1.1\r\n")
            started = time.monotonic()
            for _ in range(8):  # still dripping, so waitress's channel_timeout would never close it
                time.sleep(0.5)
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    break
            sock.settimeout(5)
            try:
                closed = sock.recv(1024) == b""
            except ConnectionResetError:
                closed = True
            assert closed and time.monotonic() - started < 9
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as quiet:
            time.sleep(2)  # opened, nothing sent
            quiet.settimeout(5)
            with contextlib.suppress(ConnectionResetError):  # a reset is a close too
                assert quiet.recv(1024) == b""
        # an ordinary keep-alive client is not affected
        with requests.Session() as session:
            for _ in range(2):
                r = session.get(f"{server.url}/jatos/api/v1/admin/token", headers=ADMIN, timeout=5)
                assert r.status_code == 200
                time.sleep(1.5)
    finally:
        server.stop()
