"""The mock beside what users would pick instead: Stoplight Prism (stateless, validates against the spec), WireMock
serving the mock's own answers as static stubs, and a bare WSGI app on the mock's server (the ceiling).

Each server runs in its own process on a free 127.0.0.1 port and is warmed up first. The same requests go to each,
in alternating rounds, from one keep-alive client (http.client); then 8 concurrent clients measure latency. The mock
runs twice: as it serves (a read asked again at an unchanged state is answered from its answer cache, with auth,
journal and ledger per request: core/http/answer_cache.py) and "computed" (the cache off, every answer computed and
validated: what a write or a first read costs). Prints requests/s per case and server (median of the rounds), the
ratios mock/Prism, computed/Prism, mock/WireMock and mock/ceiling, and p50/p99 latency. Prism and WireMock are
installed with npm into a cache folder when npm (and, for WireMock, Java) is present; otherwise they are skipped
with the reason. `--api` picks the mocked API (JATOS, PyBossa or BrainSTEM; Prism serves that API's contract) and
the mock has request and response validation on, in the real server's fidelity. Last, how long `jatos-mock serve
--api API` takes from its start to its first answer.

    python benchmarks/vs_prism.py [--api jatos] [--seconds 2] [--rounds 3] [--cache ~/.cache/jatos-mock-bench]

Targets (issue "Performance"): mock >= 2.0x Prism on each case; mock >= 1.0x WireMock on the two GETs (stretch);
`jatos-mock serve` answering within 1.5 s of its start.
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
from dataclasses import dataclass, field
from pathlib import Path

from jatos_mock.core.server import free_port

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "jatos_mock"
SERVE = """
import signal
import sys
from jatos_mock.core.server import MockServer
{app}
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a clean exit on terminate(): the blob folder goes too
MockServer(app, "127.0.0.1", int(sys.argv[1]), threads=8).serve_forever()
"""


@dataclass
class Api:
    """One mocked API as the benchmark drives it: its app (validation on, real-server fidelity), the contract Prism
    serves, the headers of every request and the cases: name -> (method, path, JSON body). A path may name a
    `{placeholder}` that `discover` fills from the running mock (ids the fixtures derive)."""

    app: str
    spec: Path
    headers: dict
    cases: dict
    ready: str = "/openapi.yaml"
    discover: object = field(default=None, repr=False)


def _brainstem_ids(connection: http.client.HTTPConnection, headers: dict) -> dict:
    connection.request("GET", "/api/private/stem/project/?limit=1", headers=headers)
    return {"project": json.loads(connection.getresponse().read())["projects"][0]["id"]}


JATOS_SPEC = HERE.parent.parent / "shared" / "specs" / "jatos-api-3.10.yaml"  # the published spec, when beside us
APIS = {
    "jatos": Api(
        app="from jatos_mock.jatos.app import create_app\nfrom jatos_mock.jatos.settings import Settings\n"
            "app = create_app(Settings(seed=1))",
        spec=JATOS_SPEC if JATOS_SPEC.exists() else HERE.parent / "jatos-api.yaml",
        headers={"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3",  # the fixtures' admin
                 "Accept": "application/json"},
        cases={"GET admin/token": ("GET", "/jatos/api/v1/admin/token", None),
               "GET studies/1/properties": ("GET", "/jatos/api/v1/studies/1/properties?withComponentProperties=true",
                                            None),
               "POST results/metadata": ("POST", "/jatos/api/v1/results/metadata", {"studyIds": [1]})}),
    "pybossa": Api(  # anonymous reads of published projects; the rate limit counts every request, never reached
        app="from jatos_mock.pybossa.app import create_app\nfrom jatos_mock.pybossa.settings import Settings\n"
            "app = create_app(Settings(seed=1, rate_limit=10**9))",
        spec=PACKAGE / "pybossa" / "pybossa-api.yaml",
        headers={"Accept": "application/json"},
        cases={"GET project/1": ("GET", "/api/project/1", None),
               "GET task?project_id=1": ("GET", "/api/task?project_id=1&limit=5", None),
               "GET category": ("GET", "/api/category", None)}),
    "brainstem": Api(
        app="from jatos_mock.brainstem.app import create_app\nfrom jatos_mock.brainstem.settings import Settings\n"
            "app = create_app(Settings(seed=1))",
        spec=PACKAGE / "brainstem" / "brainstem-api.yaml",
        headers={"Authorization": "Bearer 5f1c0a7e2b9d4c6a8e0f1b3d5c7a9e2f4b6d8a0c",  # the fixtures' alice
                 "Accept": "application/json"},
        cases={"GET stem/project/": ("GET", "/api/private/stem/project/", None),
               "GET stem/project/{id}/": ("GET", "/api/private/stem/project/{project}/", None),
               "GET stem/subject/?limit=5": ("GET", "/api/private/stem/subject/?limit=5", None)},
        discover=_brainstem_ids),
}
COMPUTED = "\nfrom jatos_mock.core.http.answer_cache import AnswerCache\napp.extensions['jatos_mock'].answers = " \
           "AnswerCache(size=0)"
BARE = """
BODY = b'{"apiVersion":"1.1.0","data":{"id":1}}'


def bare(environ, start_response):
    environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))])
    return [BODY]
"""  # the ceiling: a WSGI app that does nothing but answer (servers.py runs it on each candidate server)
CEILING = "import sys\nfrom jatos_mock.core.server import MockServer\n" + BARE + \
          "MockServer(bare, '127.0.0.1', int(sys.argv[1]), threads=8).serve_forever()\n"


class Server:
    def __init__(self, name: str, command: list[str], port: int, ready_path: str = "/", poll: float = 0.2):
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
                time.sleep(poll)
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
    method, path, body, headers = case
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        headers = dict(headers, **{"Content-Type": "application/json"})
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
                            str(spec)], port)  # any answer (a 404 for "/") says it is up


def start_wiremock(cache: Path, cases: dict, answers: dict[str, tuple[int, bytes]]) -> Server:
    modules = npm_install(cache, "wiremock@3")
    jar = next(modules.glob("wiremock/**/wiremock-standalone*.jar"), None)
    if jar is None:
        raise RuntimeError("the wiremock npm package has no standalone jar")
    port = free_port()
    server = Server("WireMock", ["java", "-jar", str(jar), "--port", str(port), "--bind-address", "127.0.0.1",
                                 "--disable-banner", "--no-request-journal"], port, ready_path="/__admin/mappings")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for name, (method, path, _, _) in cases.items():
        status, body = answers[name]
        stub = {"request": {"method": method, "url": path},
                "response": {"status": status, "body": body.decode(), "headers": {"Content-Type": "application/json"}}}
        connection.request("POST", "/__admin/mappings", body=json.dumps(stub).encode(),
                           headers={"Content-Type": "application/json"})
        connection.getresponse().read()
    return server


def serve_start_seconds(api: str, starts: int = 3) -> float:
    """Median time from starting `jatos-mock serve --api API` to its first answer (GET /openapi.yaml)."""
    times = []
    for _ in range(starts):
        port = free_port()
        started = time.perf_counter()
        server = Server("serve", [sys.executable, "-m", "jatos_mock.cli", "serve", "--api", api, "--port", str(port)],
                        port, ready_path="/openapi.yaml", poll=0.01)
        times.append(time.perf_counter() - started)
        server.stop()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", choices=sorted(APIS), default="jatos")
    parser.add_argument("--seconds", type=float, default=2.0, help="per case, server and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "jatos-mock-bench")
    args = parser.parse_args()
    api = APIS[args.api]

    servers: dict[str, Server] = {}
    skipped: dict[str, str] = {}
    try:
        port = free_port()
        servers["mock"] = Server("mock", [sys.executable, "-c", SERVE.format(app=api.app), str(port)], port,
                                 ready_path=api.ready)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ids = api.discover(connection, api.headers) if api.discover else {}
        cases = {name: (method, path.format(**ids), body, api.headers)
                 for name, (method, path, body) in api.cases.items()}
        answers = {name: request(connection, case) for name, case in cases.items()}  # what WireMock will replay
        port = free_port()  # the same mock with every answer computed: what a request costs that is not a repeat
        servers["computed"] = Server("computed", [sys.executable, "-c", SERVE.format(app=api.app + COMPUTED),
                                                  str(port)], port, ready_path=api.ready)
        port = free_port()
        servers["ceiling"] = Server("ceiling", [sys.executable, "-c", CEILING, str(port)], port)
        if shutil.which("npm") is None:
            skipped["Prism"] = skipped["WireMock"] = "npm is not installed"
        else:
            for name, start in (("Prism", lambda: start_prism(args.cache, api.spec)),
                                ("WireMock", lambda: start_wiremock(args.cache, cases, answers))):
                if name == "WireMock" and shutil.which("java") is None:
                    skipped[name] = "java is not installed"
                    continue
                try:
                    servers[name] = start()
                except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
                    skipped[name] = f"could not start: {exc}"

        for server in servers.values():  # warm-up (the JVM and Node.js need it most)
            for case in cases.values():
                throughput(server.port, case, min(args.seconds, 1.0))
        figures: dict[tuple[str, str], list[float]] = {}
        names = list(servers)
        for round_ in range(args.rounds):
            order = names[round_ % len(names):] + names[:round_ % len(names)]  # alternate who goes first
            for case_name, case in cases.items():
                for name in order:
                    figures.setdefault((name, case_name), []).append(throughput(servers[name].port, case,
                                                                                args.seconds))
        print(f"API: {args.api}; spec for Prism: {api.spec}")
        for name, reason in skipped.items():
            print(f"{name}: skipped ({reason})")
        print(f"\nrequests/s, one keep-alive client, median of {args.rounds} rounds of {args.seconds:g} s")
        header = f"{'case':28}" + "".join(f"{name:>10}" for name in names)
        ratios = [(a, b) for a, b in (("mock", "Prism"), ("computed", "Prism"), ("mock", "WireMock"),
                                       ("mock", "ceiling")) if b in servers]
        print(header + "".join(f"{a + '/' + b:>17}" for a, b in ratios))
        for case_name in cases:
            median = {name: statistics.median(figures[(name, case_name)]) for name in names}
            print(f"{case_name:28}" + "".join(f"{median[name]:>10.0f}" for name in names)
                  + "".join(f"{median[a] / median[b]:>17.2f}" for a, b in ratios))
        print("\nlatency with 8 concurrent clients, ms (p50 / p99)")
        for case_name, case in cases.items():
            row = [f"{'/'.join(f'{v:.2f}' for v in latencies(servers[n].port, case, args.seconds)):>16}"
                   for n in names]
            print(f"{case_name:28}" + "".join(row))
        print(" " * 28 + "".join(f"{name:>16}" for name in names))
        print("\nmock: as it serves (these repeated reads are answered from the answer cache, auth, journal and "
              "ledger per request);\ncomputed: the same mock with the cache off, every answer computed and "
              "validated;\nceiling: a bare WSGI app on the mock's server")
    finally:
        for server in servers.values():
            server.stop()
    print(f"\njatos-mock serve --api {args.api}: first answer {serve_start_seconds(args.api):.2f} s after its start "
          f"(median of 3; target <= 1.5 s)")


if __name__ == "__main__":
    main()
