"""Runs an app on waitress (multi-threaded) in this process, in the foreground or on a background thread."""

import socket
import threading

from waitress.server import create_server


class PortInUse(Exception):
    pass


class MockServer:
    """A waitress server for one app; `port=0` picks a free port of the host."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, threads: int = 8):
        try:
            self._server = create_server(app, host=host, port=port, threads=threads, ident="jatos-mock",
                                         clear_untrusted_proxy_headers=True, channel_timeout=30)
        except OSError as exc:
            raise PortInUse(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        self.app = app
        self.host = host
        self.port = self._server.effective_port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        self._server.run()

    def start(self) -> "MockServer":
        self._thread = threading.Thread(target=self._server.run, name="jatos-mock-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._server.close()
            return

        def close_everything():  # runs in the server's loop thread, woken by the trigger: no poll timeout to wait
            self._server.close()
            for channel in list(self._server._map.values()):
                channel.close()

        self._server.trigger.pull_trigger(close_everything)
        self._thread.join(timeout=5)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
