"""How much the `jatos` fixture costs per test, measured in one run.

1. The median time of the per-test reset (state, clock, faults) with the default fixtures, after a test that only
   read (the state is provably unchanged: nothing to restore) and after one that wrote (the fixtures are restored)
   (target: no worse than 0.15 ms, the figure before the performance work).
2. The wall time of a generated file of 200 tests that each make one request, run by `pytest -q` in a subprocess
   (target: no worse than 2.4 s, the figure before), and the same file without the fixture, for the ratio.

Run:  python benchmarks/plugin.py
"""

import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

N_TESTS = 200

WITH_FIXTURE = textwrap.dedent(f'''
    import pytest, requests

    @pytest.mark.parametrize("n", range({N_TESTS}))
    def test_one_request(jatos, n):
        r = requests.get(f"{{jatos.api_url}}/admin/token", headers=jatos.headers("admin"))
        assert r.status_code == 200
''')

WITHOUT_FIXTURE = textwrap.dedent(f'''
    import pytest

    @pytest.mark.parametrize("n", range({N_TESTS}))
    def test_nothing(n):
        assert n >= 0
''')


def reset_median_ms(wrote: bool, rounds: int = 500) -> float:
    """The reset after a test that only read (nothing to restore) or that wrote (the fixtures restored)."""
    from jatos_mock.core.http.control import reset_runtime
    from jatos_mock.jatos.app import create_app
    from jatos_mock.jatos.settings import Settings

    app = create_app(Settings(seed=0))
    rt, client = app.extensions["jatos_mock"], app.test_client()
    headers = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}
    times = []
    for n in range(rounds):
        if wrote:
            client.patch("/jatos/api/v1/studies/1/properties", json={"title": f"test {n}"}, headers=headers)
        else:
            client.get("/jatos/api/v1/studies/1/properties", headers=headers)
        start = time.perf_counter()
        reset_runtime(rt)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pytest_seconds(source: str) -> float:
    with tempfile.TemporaryDirectory(prefix="jatos-mock-bench-") as folder:
        path = Path(folder) / "test_bench.py"
        path.write_text(source)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)],
                              cwd=folder, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"benchmark run failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return elapsed


def main() -> None:
    for wrote, label in ((False, "after a test that read"), (True, "after a test that wrote")):
        print(f"reset {label:24} (median of 500, default fixtures): {reset_median_ms(wrote):.3f} ms  "
              f"(target <= 0.15 ms)")
    baseline = pytest_seconds(WITHOUT_FIXTURE)
    with_mock = pytest_seconds(WITH_FIXTURE)
    print(f"{N_TESTS} tests without the fixture:             {baseline:.2f} s")
    print(f"{N_TESTS} tests with `jatos`, one request each:   {with_mock:.2f} s  (target <= 2.4 s)")
    print(f"overhead per test (incl. server start, request): {(with_mock - baseline) / N_TESTS * 1000:.2f} ms; "
          f"ratio {with_mock / baseline:.1f}x")


if __name__ == "__main__":
    main()
