"""PyBossa's rate limit (pybossa/ratelimit/__init__.py), on the core's limiter: LIMIT requests per PER seconds,
windows aligned to the epoch, one bucket per Flask endpoint and anonymized client IP (not per user). PyBossa counts
first and refuses when the count reaches LIMIT, so LIMIT - 1 requests pass; refused ones count too."""

from dataclasses import dataclass

from jatos_mock.core.faults.ratelimit import Decision, RateLimiter
from jatos_mock.pybossa.deviations import deviates


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    headers: dict[str, str]


class PybossaRateLimit:
    def __init__(self, limit: int, per_s: int, clock):
        self.limiter = RateLimiter(limit, per_s, clock, aligned=True)

    def hit(self, endpoint: str, client: str) -> Verdict:
        return self.judge(self.count(endpoint, client))

    def count(self, endpoint: str, client: str) -> Decision:
        return self.limiter.hit((endpoint, client))

    @staticmethod
    def judge(decision: Decision) -> Verdict:
        """The verdict on a counted request, in the request's fidelity."""
        # RateLimit.over_limit: current >= limit, where current = min(count, limit); remaining = limit - current
        allowed = decision.remaining > 0 if deviates("P4") else decision.allowed
        return Verdict(allowed, decision.headers())

    def clear(self) -> None:
        self.limiter.clear()
