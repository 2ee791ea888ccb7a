"""What a write costs in the store, with the default fixtures and with 10 000 stored results, measured in one run.

For each size it prints the median of:
- an empty write (`with store.write(): pass`: lock, rollback bookkeeping, exit);
- a study-properties PATCH as a domain call (studies.update_properties) under `store.write()` and under the bare
  lock; the difference is what the PATCH spends in the store;
- the whole PATCH request through Flask's test client.
Then the ratios of the 10 000-results figures to the default ones. Prints; asserts nothing.

Run:  python benchmarks/store.py [N_RESULTS]
"""

import statistics
import sys
import time

from jatos_mock.core.http.runtime import EXTENSION
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.domain import studies
from jatos_mock.jatos.domain.result_seeding import add_results
from jatos_mock.jatos.domain.users import find_by_username
from jatos_mock.jatos.settings import Settings

BUDGET_S = 2.0  # per figure: enough rounds for a steady median, without minutes of old-store writes


def rounds(measure, budget_s: float = BUDGET_S, least: int = 7, most: int = 2000) -> list[float]:
    """Runs `measure` (returns ms) until the budget is spent, at least `least` and at most `most` times."""
    times, started = [], time.perf_counter()
    while len(times) < most and (len(times) < least or time.perf_counter() - started < budget_s):
        times.append(measure())
    return times


def build(n_results: int):
    app = create_app(Settings(seed=1))
    rt = app.extensions[EXTENSION]
    with rt.store.read() as state:
        study = min(state.studies.values(), key=lambda s: s.id)
        user = find_by_username(state, "admin")
    if n_results:
        add_results(rt.store, study.id, count=n_results)  # the control API's seeding: workers, results, data blobs
    token = next(t["token"] for t in rt.fixture_tokens if t["username"] == "admin")
    return app, rt, study, user, token


def figures(n_results: int) -> dict:
    app, rt, study, user, token = build(n_results)
    store, config = rt.store, rt.settings.jatos
    with store.read() as state:
        stored = len(state.study_results)
    titles = iter(range(10**9))

    def empty_write() -> float:
        start = time.perf_counter()
        with store.write():
            pass
        return (time.perf_counter() - start) * 1000

    def patch(context) -> float:
        body = {"title": f"Title {next(titles)}"}
        start = time.perf_counter()
        with context() as state:
            studies.update_properties(state if state is not None else store.state, study, user, body, store.now(),
                                      config)
        return (time.perf_counter() - start) * 1000

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def request() -> float:
        start = time.perf_counter()
        response = client.patch(f"/jatos/api/v1/studies/{study.id}/properties", headers=headers,
                                json={"title": f"Title {next(titles)}"})
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.get_data(as_text=True)  # a broken benchmark, not a figure
        return elapsed

    write = statistics.median(rounds(lambda: patch(store.write)))
    bare = statistics.median(rounds(lambda: patch(lambda: _locked(store))))
    return {"stored results": stored, "empty write ms": statistics.median(rounds(empty_write)),
            "PATCH under write ms": write, "PATCH under bare lock ms": bare,
            "PATCH in the store ms": max(write - bare, 0.0),
            "whole PATCH request ms": statistics.median(rounds(request))}


class _locked:
    """The store's lock alone, as a context yielding the state (what a write would be without rollback)."""

    def __init__(self, store):
        self.store = store

    def __enter__(self):
        self.store.lock.acquire()
        return self.store.state

    def __exit__(self, *exc):
        self.store.lock.release()


def main(n_results: int) -> None:
    small, large = figures(0), figures(n_results)
    width = max(len(k) for k in small)
    print(f"{'':{width}}  {'default':>12}  {f'{n_results} results':>14}  {'ratio':>8}")
    for key in small:
        a, b = small[key], large[key]
        ratio = f"{b / a:8.1f}" if a else f"{'-':>8}"
        fmt = "{:12.3f}  {:14.3f}" if isinstance(a, float) else "{:12d}  {:14d}"
        print(f"{key:{width}}  {fmt.format(a, b)}  {ratio}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
