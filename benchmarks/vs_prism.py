"""The mock beside what users would pick instead: Stoplight Prism (stateless, validates against the spec), WireMock
serving the mock's own answers as static stubs, and a bare WSGI app on the mock's server (the ceiling).

Each server runs in its own process on a free 127.0.0.1 port and is warmed up first. The same requests go to each,
in alternating rounds, from one keep-alive client (http.client); then 8 concurrent clients measure latency.
Prints requests/s per case and server (median of the rounds), the ratios mock/Prism, mock/WireMock and
mock/ceiling, and p50/p99 latency. Prism and WireMock are installed with npm into a cache folder when npm (and,
for WireMock, Java) is present; otherwise they are skipped with the reason.

    python benchmarks/vs_prism.py [--seconds 2] [--rounds 3] [--cache ~/.cache/jatos-mock-bench]

Target (issue "Performance"): mock >= 2.0x Prism on each case; mock >= 1.0x WireMock on the two GETs (stretch).
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from jatos_mock.core.server import free_port

HERE = Path(__file__).resolve().parent
PUBLISHED_SPEC = HERE.parent.parent / "shared" / "specs" / "jatos-api-3.10.yaml"
TOKEN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"  # the built-in fixtures' admin
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
CASES = {  # name: (method, path, JSON body)
    "GET admin/token": ("GET", "/jatos/api/v1/admin/token", None),
    "GET studies/1/properties": ("GET", "/jatos/api/v1/studies/1/properties?withComponentProperties=true", None),
    "POST results/metadata": ("POST", "/jatos/api/v1/results/metadata", {"studyIds": [1]}),
}

MOCK = """
import sys
from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings
MockServer(create_app(Settings(seed=1)), "127.0.0.1", int(sys.argv[1]), threads=8).serve_forever()
"""
CEILING = """
import sys
from jatos_mock.core.server import MockServer
BODY = b'{"apiVersion":"1.1.0","data":{"id":1}}'
def app(environ, start_response):
    environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))])
    return [BODY]
MockServer(app, "127.0.0.1", int(sys.argv[1]), threads=8).serve_forever()
"""


class Server:
    def __init__(self, name: str, command: list[str], port: int, ready_path: str = "/"):
        self.name, self.port = name, port
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} stopped: {self.process.stderr.read().decode(errors='replace')[-500:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", ready_path)
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{name} did not start within 90 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def request(connection: http.client.HTTPConnection, case: tuple) -> tuple[int, bytes]:
    method, path, body = case
    data = json.dumps(body).encode() if body is not None else None
    headers = dict(HEADERS, **({"Content-Type": "application/json"} if data is not None else {}))
    connection.request(method, path, body=data, headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


def throughput(port: int, case: tuple, seconds: float) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        status, _ = request(connection, case)
        if status >= 400:
            raise RuntimeError(f"port {port}: {case[0]} {case[1]} answered {status}")
        count += 1
    connection.close()
    return count / elapsed


def latencies(port: int, case: tuple, seconds: float, clients: int = 8) -> tuple[float, float]:
    """p50 and p99 in ms with `clients` concurrent keep-alive clients."""
    times: list[float] = []
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, end = [], time.perf_counter() + seconds
        while time.perf_counter() < end:
            started = time.perf_counter()
            request(connection, case)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def npm_install(cache: Path, package: str) -> Path:
    """Installs `package` with npm under `cache` (once); returns its node_modules folder."""
    target = cache / package.replace("/", "_").replace("@", "")
    modules = target / "node_modules"
    if not modules.exists():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(target), package],
                       check=True, stdout=subprocess.DEVNULL)
    return modules


def start_prism(cache: Path, spec: Path) -> Server:
    modules = npm_install(cache, "@stoplight/prism-cli@5")
    port = free_port()
    return Server("Prism", [str(modules / ".bin" / "prism"), "mock", "-h", "127.0.0.1", "-p", str(port),
                            str(spec)], port, ready_path="/jatos/api/v1/admin/token")


def start_wiremock(cache: Path, answers: dict[str, tuple[int, bytes]]) -> Server:
    modules = npm_install(cache, "wiremock@3")
    jar = next(modules.glob("wiremock/**/wiremock-standalone*.jar"), None)
    if jar is None:
        raise RuntimeError("the wiremock npm package has no standalone jar")
    port = free_port()
    server = Server("WireMock", ["java", "-jar", str(jar), "--port", str(port), "--bind-address", "127.0.0.1",
                                 "--disable-banner", "--no-request-journal"], port, ready_path="/__admin/mappings")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for name, (method, path, _) in CASES.items():
        status, body = answers[name]
        stub = {"request": {"method": method, "url": path},
                "response": {"status": status, "body": body.decode(), "headers": {"Content-Type": "application/json"}}}
        connection.request("POST", "/__admin/mappings", body=json.dumps(stub).encode(),
                           headers={"Content-Type": "application/json"})
        connection.getresponse().read()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0, help="per case, server and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "jatos-mock-bench")
    args = parser.parse_args()

    servers: dict[str, Server] = {}
    skipped: dict[str, str] = {}
    try:
        port = free_port()
        servers["mock"] = Server("mock", [sys.executable, "-c", MOCK, str(port)], port, ready_path="/openapi.yaml")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        answers = {name: request(connection, case) for name, case in CASES.items()}  # what WireMock will replay
        port = free_port()
        servers["ceiling"] = Server("ceiling", [sys.executable, "-c", CEILING, str(port)], port)
        spec = PUBLISHED_SPEC if PUBLISHED_SPEC.exists() else HERE.parent / "jatos-api.yaml"
        if shutil.which("npm") is None:
            skipped["Prism"] = skipped["WireMock"] = "npm is not installed"
        else:
            for name, start in (("Prism", lambda: start_prism(args.cache, spec)),
                                ("WireMock", lambda: start_wiremock(args.cache, answers))):
                if name == "WireMock" and shutil.which("java") is None:
                    skipped[name] = "java is not installed"
                    continue
                try:
                    servers[name] = start()
                except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
                    skipped[name] = f"could not start: {exc}"

        for server in servers.values():  # warm-up (the JVM and Node.js need it most)
            for case in CASES.values():
                throughput(server.port, case, min(args.seconds, 1.0))
        figures: dict[tuple[str, str], list[float]] = {}
        names = list(servers)
        for round_ in range(args.rounds):
            order = names[round_ % len(names):] + names[:round_ % len(names)]  # alternate who goes first
            for case_name, case in CASES.items():
                for name in order:
                    figures.setdefault((name, case_name), []).append(throughput(servers[name].port, case,
                                                                                args.seconds))
        print(f"spec for Prism: {spec}")
        for name, reason in skipped.items():
            print(f"{name}: skipped ({reason})")
        print(f"\nrequests/s, one keep-alive client, median of {args.rounds} rounds of {args.seconds:g} s")
        header = f"{'case':28}" + "".join(f"{name:>10}" for name in names)
        ratios = [n for n in ("Prism", "WireMock", "ceiling") if n in servers]
        print(header + "".join(f"{'mock/' + n:>16}" for n in ratios))
        for case_name in CASES:
            median = {name: statistics.median(figures[(name, case_name)]) for name in names}
            print(f"{case_name:28}" + "".join(f"{median[name]:>10.0f}" for name in names)
                  + "".join(f"{median['mock'] / median[n]:>16.2f}" for n in ratios))
        print("\nlatency with 8 concurrent clients, ms (p50 / p99)")
        for case_name, case in CASES.items():
            row = [f"{'/'.join(f'{v:.2f}' for v in latencies(servers[n].port, case, args.seconds)):>16}"
                   for n in names]
            print(f"{case_name:28}" + "".join(row))
        print(" " * 28 + "".join(f"{name:>16}" for name in names))
    finally:
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    main()
