"""Benchmark: export N component results (10 kB of data each) over HTTP as the combined zip.

Starts the mock on waitress in a subprocess per size, fills it through the domain and the blob store (not through
HTTP), streams POST /results to nothing, and prints the time and the server's peak RSS (VmHWM) per size and the
ratios. Prints; asserts nothing.  Usage: python benchmarks/results_export.py [5000 10000]
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request

DATA_BYTES = 10_000  # 10 000 results x 10 kB = 100 MB


def serve(n: int) -> None:
    """Child: build the app, add n component results to one study, serve on a free port."""
    from jatos_mock.core.http.runtime import EXTENSION
    from jatos_mock.core.server import MockServer
    from jatos_mock.jatos.app import create_app
    from jatos_mock.jatos.domain import components, results, studies, workers
    from jatos_mock.jatos.domain.users import find_by_username
    from jatos_mock.jatos.settings import Settings

    app = create_app(Settings(seed=1, validate_responses=False))
    rt = app.extensions[EXTENSION]
    store = rt.store
    with store.write() as state:
        user = find_by_username(state, "researcher")
        study = studies.add_study(state, store.new_uuid(), "Benchmark", "bench", [user], store.now(), store.new_uuid())
        comps = [components.add_component(state, study, store.new_uuid(), f"c{i}", store.now()) for i in range(2)]
        batch = state.batches[study.batch_ids[0]]
        worker = workers.add_worker(state, "GeneralMultiple", batch_ids=[batch.id])
        for i in range(0, n, 2):
            sr = results.add_study_result(state, store.new_uuid(), study.id, batch.id, worker.id, state="FINISHED")
            for j in range(2):
                data = random.Random(i + j).randbytes(DATA_BYTES // 2).hex().encode()  # distinct, hardly compressible
                results.add_component_result(state, sr, comps[j].id, data_blob=store.blobs.put(data),
                                             data_size=len(data))
    token = next(t["token"] for t in rt.fixture_tokens if t["username"] == "researcher")
    server = MockServer(app, port=0)
    print(json.dumps({"port": server.port, "token": token, "study": study.id}), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # terminate(): a clean exit, the blob folder goes too
    server.serve_forever()


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(n: int) -> tuple[float, float, float, int]:
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(n)], stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(child.stdout.readline())
        rss_before = peak_rss_mb(child.pid)
        request = urllib.request.Request(f"http://127.0.0.1:{info['port']}/jatos/api/v1/results", method="POST",
                                         data=json.dumps({"studyIds": info["study"]}).encode(),
                                         headers={"Authorization": f"Bearer {info['token']}",
                                                  "Content-Type": "application/json"})
        size = 0
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response, open(os.devnull, "wb") as sink:
            while chunk := response.read(1 << 16):
                size += len(chunk)
                sink.write(chunk)
        elapsed = time.perf_counter() - started
        return elapsed, rss_before, peak_rss_mb(child.pid), size
    finally:
        child.terminate()  # the server this benchmark started, by its own handle
        child.wait(timeout=10)


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        elapsed, rss_before, rss_peak, size = measure(n)
        rows.append((n, elapsed, rss_peak))
        print(f"{n:>6} component results ({n * DATA_BYTES / 1e6:.0f} MB data): zip {size / 1e6:.1f} MB in "
              f"{elapsed:.2f} s; server peak RSS {rss_peak:.0f} MB (after loading: {rss_before:.0f} MB)")
    if len(rows) >= 2:
        (n1, t1, r1), (n2, t2, r2) = rows[0], rows[-1]
        print(f"size x{n2 / n1:.1f}: time x{t2 / t1:.2f}, peak RSS x{r2 / r1:.2f} (target: RSS under 150 MB)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [5000, 10000])
