"""A rate limiter by window of the mock's clock: at most `limit` requests per window and key.

Usable on its own: the `ratelimit` fault keeps one (one key, the window starting at the first request), and an API
whose real server limits rates can keep one with a key per endpoint and client and windows aligned to the epoch.
Time is the clock's (`now_ms()`), so advancing the mock's clock opens the next window.
"""

import math
import threading
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """One request's verdict, and what the rate-limit headers tell the client."""

    allowed: bool
    limit: int
    remaining: int  # requests left in this window
    reset_ms: int  # when this window ends, clock milliseconds since the epoch
    now_ms: int

    @property
    def reset_epoch_s(self) -> int:
        """The window's end in whole epoch seconds (rounded up: not before the window really ends)."""
        return math.ceil(self.reset_ms / 1000)

    @property
    def retry_after_s(self) -> int:
        return max(math.ceil((self.reset_ms - self.now_ms) / 1000), 0)

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Reset": str(self.reset_epoch_s)}


class RateLimiter:
    """`limit` requests per `window_s` seconds per key; `aligned`: windows start at multiples of the window since
    the epoch, otherwise a window starts with the first request after the last one ended."""

    def __init__(self, limit: int, window_s: float, clock, aligned: bool = False):
        if limit < 1 or window_s <= 0:
            raise ValueError("a rate limit needs a limit of at least 1 and a window above 0 seconds")
        self.limit = limit
        self.window_ms = int(window_s * 1000)
        self.aligned = aligned
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[Hashable, tuple[int, int]] = {}  # key -> (window start, requests in it)

    def hit(self, key: Hashable = None) -> Decision:
        """Counts one request of `key` and says whether it is within the limit."""
        now = self._clock.now_ms()
        with self._lock:
            start, count = self._windows.get(key, (None, 0))
            if start is None or now >= start + self.window_ms or now < start:  # a clock set back starts anew
                start, count = (now - now % self.window_ms if self.aligned and self.window_ms else now), 0
            count += 1
            self._windows[key] = (start, count)
        return Decision(count <= self.limit, self.limit, max(self.limit - count, 0), start + self.window_ms, now)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
