"""Runs an app on waitress (multi-threaded) in this process, in the foreground or on a background thread."""

import socket
import threading
import time

from waitress import wasyncore
from waitress.server import create_server


class PortInUse(Exception):
    pass


class MockServer:
    """A waitress server for one app; `port=0` picks a free port of the host.

    The event loop is ours rather than waitress's `run()`, so a stop is ordered: the loop ends, then the
    listening socket and the connections close, the worker threads finish, and only then the wake-up pipe closes.
    Closing that pipe from a wake-up callback (or before the workers end) races with the workers and with the
    stopping thread, which still write to it (seen as EBADF in `stop()`, and as leaked worker threads).

    Slow clients (slowloris) cannot lock others out: waitress closes only connections that stay silent, so the loop
    also closes a connection whose request headers are not complete `header_timeout` seconds after they began (or
    that sent nothing that long after it opened), and when the connections reach `connection_limit` (or one client
    address holds `per_client_limit` of them) it closes the stalled ones (reading headers or idle, no request
    running), longest-stalled first, so a new request is accepted at once.
    """

    GUARD_INTERVAL = 0.25  # seconds between two looks at the connections

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, threads: int = 8, *,
                 header_timeout: float = 10.0, connection_limit: int = 200, per_client_limit: int = 100):
        try:
            self._server = create_server(app, host=host, port=port, threads=threads, ident="jatos-mock",
                                         clear_untrusted_proxy_headers=True, channel_timeout=30,
                                         connection_limit=connection_limit, cleanup_interval=5)
        except OSError as exc:
            raise PortInUse(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        self.app = app
        self.host = host
        self.port = self._server.effective_port
        if hasattr(app, "config"):  # the control API checks the Host header against the listen address
            app.config["JATOS_MOCK_LISTEN"] = (host, self.port)
        self._thread: threading.Thread | None = None
        self._stop_lock = threading.Lock()  # orders "wake the loop" before "close the wake-up pipe"
        self._stopping = False
        self._closed = False
        self.header_timeout = header_timeout
        self.connection_limit = connection_limit
        self.per_client_limit = per_client_limit
        self._next_guard = 0.0

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        """Serves in this thread until `stop()` is called from another one, or KeyboardInterrupt."""
        try:
            self._loop()
        finally:
            self._close()

    def start(self) -> "MockServer":
        self._thread = threading.Thread(target=self.serve_forever, name="jatos-mock-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._stop_lock:
            if self._closed:
                return
            self._stopping = True
            running = self._thread is not None and self._thread.is_alive()
            if running:
                self._server.pull_trigger()  # wakes the loop at once instead of after its poll timeout
        if running:
            self._thread.join(timeout=10)
        else:
            self._close()

    def _loop(self) -> None:
        timeout = self._server.adj.asyncore_loop_timeout
        while not self._stopping:
            wasyncore.loop(timeout=min(timeout, self.GUARD_INTERVAL), map=self._server._map,
                           use_poll=self._server.adj.asyncore_use_poll, count=1)
            now = time.time()  # waitress stamps channels with time.time()
            if now >= self._next_guard:
                self._next_guard = now + self.GUARD_INTERVAL
                self._guard(now)

    def _stalled(self, channel, now: float) -> tuple[float, bool] | None:
        """(since when a connection waits for its client, whether the header deadline applies): headers begun and
        not finished, nothing sent since it opened (deadline), or idle between keep-alive requests (no deadline:
        channel_timeout's). None while it serves a request or has an answer to send."""
        if channel.requests or channel.total_outbufs_len or channel.will_close or channel.close_when_flushed:
            return None
        parser = channel.request
        if parser is not None:
            if parser.headers_finished:
                return None  # a body on its way: channel_timeout closes it when it goes silent
            began = getattr(parser, "_jatos_mock_began", None)
            if began is None:
                began = parser._jatos_mock_began = now  # first seen reading headers
            return began, True
        if channel.last_activity == channel.creation_time:
            return channel.creation_time, True  # opened, nothing sent yet
        return channel.last_activity, False

    def _guard(self, now: float) -> None:
        server = self._server
        channels = [c for c in list(server._map.values()) if c is not server and c is not server.trigger]
        stalled = []
        for channel in channels:
            waiting = self._stalled(channel, now)
            if waiting is None:
                continue
            since, deadline = waiting
            if deadline and now - since > self.header_timeout:
                channel.handle_close()
            else:
                stalled.append((since, channel))
        stalled.sort(key=lambda item: item[0])
        open_now = [c for c in channels if c.connected]
        by_client: dict[str, int] = {}
        for channel in open_now:
            by_client[_client(channel)] = by_client.get(_client(channel), 0) + 1
        room = len(open_now) - int(self.connection_limit * 0.9)  # keep a tenth of the slots free for newcomers
        for _since, channel in stalled:
            if not channel.connected:
                continue
            client = _client(channel)
            if room > 0 or by_client[client] >= self.per_client_limit:
                channel.handle_close()
                room -= 1
                by_client[client] -= 1


    def _close(self) -> None:
        server = self._server
        wasyncore.dispatcher.close(server)  # the listening socket: no new connections
        for channel in [c for c in server._map.values() if c is not server.trigger]:
            channel.handle_close()  # also wakes a worker blocked on a full output buffer
        server.task_dispatcher.shutdown(timeout=5)  # the workers end; they may still pull the trigger until then
        with self._stop_lock:
            server.trigger.close()
            self._closed = True


def _client(channel) -> str:
    addr = channel.addr
    return str(addr[0]) if isinstance(addr, tuple) and addr else str(addr)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
