"""Throughput of the mock with contract validation on and off, for two JSON GETs and a JSON POST.

Each case is measured twice: as the mock serves it (a read asked again at an unchanged state is answered from the
answer cache, validated once: core/http/answer_cache.py) and computed every time (the cache off), which is what
validation costs a request that changes state or reads a new one.
In process (the WSGI app through Flask's test client), then over HTTP: mock servers (validation on / off) in
subprocesses on free 127.0.0.1 ports, the same requests to each over keep-alive HTTP in alternating rounds.
Prints requests per second and the on/off ratio, measured in one run.
Target: validation costs under 15% of throughput (ratio >= 0.85).

    python benchmarks/validation.py [--requests 2000]
"""

import argparse
import statistics
import subprocess
import sys
import time

import requests

from jatos_mock.core.server import free_port

ADMIN = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}
SERVER = """
import signal
import sys
from jatos_mock.jatos.app import create_app
from jatos_mock.core.server import MockServer
from jatos_mock.jatos.settings import Settings
from jatos_mock.core.http.answer_cache import AnswerCache
on = sys.argv[2] == "on"
app = create_app(Settings(seed=1, validate_requests=on, validate_responses=on))
if sys.argv[3] == "computed":
    app.extensions["jatos_mock"].answers = AnswerCache(size=0)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a clean exit on terminate(): the blob folder goes too
MockServer(app, "127.0.0.1", int(sys.argv[1]), threads=4).serve_forever()
"""
ANSWERS = ("reused", "computed")  # as served (a repeated read reuses its answer) / every answer computed
CASES = {
    "JSON GET  admin/token": ("GET", "/jatos/api/v1/admin/token", None),
    "JSON GET  studies/properties": ("GET", "/jatos/api/v1/studies/properties?withComponentProperties=true", None),
    "JSON POST results/metadata": ("POST", "/jatos/api/v1/results/metadata", {"studyIds": [1]}),
}


def start(validation: str, answers: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port), validation, answers])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/openapi.yaml", timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the mock did not start")


def throughput(session: requests.Session, url: str, case: tuple, count: int) -> float:
    method, path, body = case
    for _ in range(100):  # warm-up
        session.request(method, url + path, json=body, headers=ADMIN)
    started = time.perf_counter()
    for _ in range(count):
        answer = session.request(method, url + path, json=body, headers=ADMIN)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:200])
    return count / (time.perf_counter() - started)


def in_process(case: tuple, count: int, rounds: int, answers: str) -> tuple[float, float]:
    """Server-side cost alone: the WSGI app through Flask's test client, no sockets, no client process."""
    from jatos_mock.core.http.answer_cache import AnswerCache
    from jatos_mock.jatos.app import create_app
    from jatos_mock.jatos.settings import Settings

    method, path, body = case
    clients = {}
    for on in (True, False):
        app = create_app(Settings(seed=1, validate_requests=on, validate_responses=on))
        if answers == "computed":
            app.extensions["jatos_mock"].answers = AnswerCache(size=0)
        clients[on] = app.test_client()
    for client in clients.values():  # warm-up
        for _ in range(50):
            client.open(path, method=method, json=body, headers=ADMIN)
    # short batches, on and off taking turns, so the drift of a shared machine falls on both alike
    rates = {True: [], False: []}
    batch = max(count // 8, 50)
    for _ in range(rounds * 8):
        for on, client in clients.items():
            started = time.perf_counter()
            for _ in range(batch):
                client.open(path, method=method, json=body, headers=ADMIN)
            rates[on].append(batch / (time.perf_counter() - started))
    return statistics.median(rates[True]), statistics.median(rates[False])


def verdict(ratio: float) -> str:
    return "ok" if ratio >= 0.85 else "over the 15% budget"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median is reported")
    args = parser.parse_args()
    header = f"{'case':32} {'answers':9} {'on rps':>9} {'off rps':>9} {'on/off':>7}"
    print("in-process (WSGI, server-side cost only)")
    print(header)
    for label, case in CASES.items():
        for answers in ANSWERS:
            on, off = in_process(case, args.requests, args.rounds, answers)
            print(f"{label:32} {answers:9} {on:9.0f} {off:9.0f} {on / off:7.2f}  {verdict(on / off)}")
    servers = {(mode, answers): start(mode, answers) for mode in ("on", "off") for answers in ANSWERS}
    try:
        print("over HTTP (waitress in a subprocess, one keep-alive client)")
        print(header)
        for label, case in CASES.items():
            for answers in ANSWERS:
                rates = {"on": [], "off": []}
                with requests.Session() as session:
                    for _ in range(args.rounds):  # alternate so drift on the shared cores hits both alike
                        for mode in ("on", "off"):
                            rates[mode].append(throughput(session, servers[mode, answers][1], case, args.requests))
                on, off = statistics.median(rates["on"]), statistics.median(rates["off"])
                print(f"{label:32} {answers:9} {on:9.0f} {off:9.0f} {on / off:7.2f}  {verdict(on / off)}")
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
