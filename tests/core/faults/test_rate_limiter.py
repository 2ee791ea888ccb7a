"""The rate limiter counts requests per window of the mock's clock, per key, on its own (no HTTP)."""

import pytest

from jatos_mock.core.faults.ratelimit import RateLimiter


def test_a_window_allows_limit_requests_then_refuses_until_the_clock_passes_its_end(clock):
    limiter = RateLimiter(2, 60, clock)
    start = clock.now
    first, second, third = limiter.hit(), limiter.hit(), limiter.hit()
    assert [d.allowed for d in (first, second, third)] == [True, True, False]
    assert [d.remaining for d in (first, second, third)] == [1, 0, 0]
    assert third.reset_ms == start + 60_000 and third.retry_after_s == 60
    clock.now += 59_999
    assert not limiter.hit().allowed and limiter.hit().retry_after_s == 1
    clock.now += 1
    assert limiter.hit().allowed  # the next window begins with this request
    assert limiter.hit().reset_ms == start + 120_000


def test_keys_count_apart(clock):
    limiter = RateLimiter(1, 10, clock)
    assert limiter.hit(("GET /tasks", "client-a")).allowed
    assert limiter.hit(("GET /tasks", "client-b")).allowed
    assert not limiter.hit(("GET /tasks", "client-a")).allowed


def test_aligned_windows_start_at_multiples_of_the_window_since_the_epoch(clock):
    clock.now = 1_704_067_200_000 + 1_000_500  # 1000.5 s into a day that starts on a 900 s boundary
    limiter = RateLimiter(300, 900, clock, aligned=True)
    decisions = [limiter.hit("k") for _ in range(301)]
    assert [d.allowed for d in decisions].count(False) == 1 and not decisions[-1].allowed
    assert decisions[0].reset_epoch_s == 1_704_067_200 + 1800  # an absolute epoch, the end of the second window
    assert decisions[0].remaining == 299 and decisions[-1].retry_after_s == 800  # 799.5 s left, rounded up
    clock.now = 1_704_067_200_000 + 1_800_000
    assert limiter.hit("k").allowed


def test_a_clock_set_back_starts_a_new_window(clock):
    limiter = RateLimiter(1, 60, clock)
    assert limiter.hit().allowed and not limiter.hit().allowed
    clock.now -= 1
    assert limiter.hit().allowed


def test_the_headers_say_limit_remaining_and_reset_in_epoch_seconds(clock):
    clock.now = 1_704_067_200_000
    assert RateLimiter(5, 60, clock).hit().headers() == {
        "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "4", "X-RateLimit-Reset": "1704067260"}


def test_clear_forgets_every_window(clock):
    limiter = RateLimiter(1, 60, clock)
    limiter.hit()
    limiter.clear()
    assert limiter.hit().allowed


@pytest.mark.parametrize("limit, window", [(0, 60), (1, 0)])
def test_a_limiter_needs_a_limit_and_a_window(clock, limit, window):
    with pytest.raises(ValueError):
        RateLimiter(limit, window, clock)
