"""The injector fires faults around a request of any API: answers in the API's own error form, targets by its
operationIds or paths (with or without its prefix), rate limits by the clock, never on the mock's own pages."""

from jatos_mock.core.faults import Faults
from jatos_mock.core.faults.model import Latency


def delays(profile, clock, seed, spec, n=20):
    slept = []
    faults = Faults(profile, clock, seed=seed, sleep=slept.append)
    fault = faults.add(spec)
    return [faults.delay_ms(fault) for _ in range(n)]


def test_latency_draws_repeat_with_the_seed_and_follow_the_distribution(profile, clock):
    assert delays(profile, clock, 7, "latency:uniform:50-300") == delays(profile, clock, 7, "latency:uniform:50-300")
    assert delays(profile, clock, 7, "latency:uniform:50-300") != delays(profile, clock, 8, "latency:uniform:50-300")
    assert all(50 <= d <= 300 for d in delays(profile, clock, 1, "latency:uniform:50-300"))
    assert delays(profile, clock, 1, "latency:120") == [120] * 20
    assert all(d > 0 for d in delays(profile, clock, 1, "latency:lognormal:100:0.5"))


def test_an_injected_error_answers_in_the_apis_own_error_form(acme):
    app, faults, _ = acme
    faults.add("error:503@listItems#1")
    client = app.test_client()
    r = client.get("/acme/api/items")
    assert r.status_code == 503 and r.json == {"status_code": 503, "exception_cls": "Boom", "exception_msg": "It broke"}
    assert client.get("/acme/api/items").json == ["a", "b"]
    assert faults.describe()[0]["hits"] == 1


def test_a_path_target_matches_with_or_without_the_apis_prefix(acme):
    app, faults, _ = acme
    client = app.test_client()
    faults.add("error:500@GET /items")
    assert client.get("/acme/api/items").status_code == 500
    faults.clear()
    faults.add("error:500@GET /acme/api/it*")
    assert client.get("/acme/api/items").status_code == 500
    faults.clear()
    faults.add("error:500@POST /items")
    assert client.get("/acme/api/items").status_code == 200


def test_latency_sleeps_the_drawn_time_before_the_answer(acme):
    app, faults, slept = acme
    faults.add("latency:250")
    assert app.test_client().get("/acme/api/items").status_code == 200
    assert slept == [0.25]


def test_a_rate_limit_answers_with_the_apis_default_429_and_the_headers(acme, clock):
    app, faults, _ = acme
    faults.add("ratelimit:1/60")
    client = app.test_client()
    assert client.get("/acme/api/items").headers["X-RateLimit-Remaining"] == "0"
    refused = client.get("/acme/api/items")
    assert refused.status_code == 429 and refused.json["exception_cls"] == "BadRequest"
    assert refused.json["exception_msg"] == "Slow down" and refused.headers["Retry-After"] == "60"
    assert refused.headers["X-RateLimit-Reset"] == str((clock.now + 60_000) // 1000)
    clock.now += 60_000
    assert client.get("/acme/api/items").status_code == 200


def test_a_removed_rate_limit_no_longer_counts(acme):
    app, faults, _ = acme
    fault = faults.add("ratelimit:1/60")
    client = app.test_client()
    client.get("/acme/api/items")
    assert faults.remove(fault.id) and not faults.remove(fault.id)
    r = client.get("/acme/api/items")
    assert r.status_code == 200 and "X-RateLimit-Limit" not in r.headers


def test_faults_never_touch_the_mocks_own_pages(acme):
    app, faults, _ = acme
    faults.add("error:500")
    assert app.test_client().get("/__mock__/faults").status_code == 200
    assert app.test_client().get("/acme/api/items").status_code == 500


def test_a_bad_list_adds_nothing_and_clear_reseeds(profile, clock):
    faults = Faults(profile, clock, seed=3)
    first = faults.add("latency:uniform:0-1000")
    draws = [faults.delay_ms(first) for _ in range(3)]
    try:
        faults.add_all(["drop", "explode"])
    except ValueError:
        pass
    assert [f["kind"] for f in faults.describe()] == ["latency"]
    faults.clear()
    assert not faults
    again = faults.add("latency:uniform:0-1000")
    assert isinstance(again, Latency) and again.id == 2
    assert [faults.delay_ms(again) for _ in range(3)] == draws
