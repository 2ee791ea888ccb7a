"""The WSGI server under the mock, by figures: the same app on waitress (what `jatos-mock serve` and the pytest
plugin run, through core/server.py's MockServer), and on the candidates that are installed (cheroot, granian).

Two apps: a bare WSGI app (the server's own ceiling) and the JATOS mock answering `GET admin/token` (request and
response validation on). Each server runs in its own process on a free 127.0.0.1 port; one keep-alive client
measures requests/s in alternating rounds (median), then 8 concurrent clients the p50/p99 latency.

    python benchmarks/servers.py [--seconds 2] [--rounds 3]

A candidate has to run the app in the caller's process (the pytest plugin's store lives there), stop in order
without leaking threads or sockets, and install from PyPI on Linux, macOS and Windows; the figures say whether one
would be worth that.
"""

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
from pathlib import Path

from vs_prism import BARE, Server, latencies, throughput

from jatos_mock.core.server import free_port

APPS = BARE + """

def mock():
    from jatos_mock.jatos.app import create_app
    from jatos_mock.jatos.settings import Settings
    return create_app(Settings(seed=1))


app = bare if __import__("os").environ["BENCH_APP"] == "bare" else mock()
"""
STOP = "import signal, sys\nsignal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n"  # terminate(): a clean exit,
# so the mock app's temporary blob folder is removed too
RUNNERS = {
    "waitress": STOP + "from jatos_mock.core.server import MockServer\nfrom bench_apps import app\n"
                       "MockServer(app, '127.0.0.1', {port}, threads=8).serve_forever()",
    "cheroot": STOP + "from cheroot.wsgi import Server\nfrom bench_apps import app\n"
                      "Server(('127.0.0.1', {port}), app, numthreads=8).safe_start()",
}
TOKEN = ("GET", "/jatos/api/v1/admin/token", None,
         {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3", "Accept": "application/json"})


def command(server: str, port: int) -> list[str]:
    if server == "granian":  # its workers are processes that import the app by name
        return [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                "--workers", "1", "--blocking-threads", "8", "--no-log", "bench_apps:app"]
    return [sys.executable, "-c", RUNNERS[server].format(port=port)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    candidates = ["waitress"] + [name for name in ("cheroot", "granian") if importlib.util.find_spec(name)]


    with tempfile.TemporaryDirectory(prefix="jatos-mock-bench-") as folder:
        Path(folder, "bench_apps.py").write_text(APPS)
        os.environ["PYTHONPATH"] = os.pathsep.join([folder, *filter(None, [os.environ.get("PYTHONPATH")])])
        for app in ("bare", "mock"):
            os.environ["BENCH_APP"] = app
            servers = {}
            try:
                for name in candidates:
                    port = free_port()
                    servers[name] = Server(name, command(name, port), port)
                for server in servers.values():
                    throughput(server.port, TOKEN, min(args.seconds, 1.0))  # warm-up
                rates: dict[str, list[float]] = {name: [] for name in servers}
                for round_ in range(args.rounds):
                    order = candidates[round_ % len(candidates):] + candidates[:round_ % len(candidates)]
                    for name in order:
                        rates[name].append(throughput(servers[name].port, TOKEN, args.seconds))
                print(f"\n{app} app ({'GET admin/token' if app == 'mock' else 'one fixed answer'}): "
                      f"requests/s (one keep-alive client, median of {args.rounds}), p50/p99 ms with 8 clients")
                for name, server in servers.items():
                    p50, p99 = latencies(server.port, TOKEN, args.seconds)
                    print(f"  {name:10} {statistics.median(rates[name]):8.0f}   {p50:6.2f} / {p99:6.2f}")
            finally:
                for server in servers.values():
                    server.stop()
    missing = [name for name in ("cheroot", "granian") if name not in candidates]
    if missing:
        print(f"\nnot installed (pip install {' '.join(missing)} to compare): {', '.join(missing)}")


if __name__ == "__main__":
    main()
