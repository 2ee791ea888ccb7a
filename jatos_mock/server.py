"""Runs an app on waitress (multi-threaded) in this process, in the foreground or on a background thread."""

import socket
import threading

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
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, threads: int = 8):
        try:
            self._server = create_server(app, host=host, port=port, threads=threads, ident="jatos-mock",
                                         clear_untrusted_proxy_headers=True, channel_timeout=30)
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
            wasyncore.loop(timeout=timeout, map=self._server._map, use_poll=self._server.adj.asyncore_use_poll,
                           count=1)

    def _close(self) -> None:
        server = self._server
        wasyncore.dispatcher.close(server)  # the listening socket: no new connections
        for channel in [c for c in server._map.values() if c is not server.trigger]:
            channel.handle_close()  # also wakes a worker blocked on a full output buffer
        server.task_dispatcher.shutdown(timeout=5)  # the workers end; they may still pull the trigger until then
        with self._stop_lock:
            server.trigger.close()
            self._closed = True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
