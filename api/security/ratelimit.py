"""Rate limits (``limits`` moving windows): failed logins, registrations, edits.

Kept in process memory: with several workers each enforces its own window, so the
effective limit is at most ``workers`` times the configured one.
"""

from __future__ import annotations

import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from models.errors import TooManyRequests


class RateLimits:
    """Named limits, e.g. ``RateLimits({"login": "5/minute"})``."""

    def __init__(self, limits: dict[str, str]) -> None:
        self._items = {name: parse(value) for name, value in limits.items()}
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, name: str, *key: str) -> None:
        """Raise ``TooManyRequests`` when ``key`` has used up limit ``name``."""
        item = self._items[name]
        if not self._limiter.test(item, *key):
            stats = self._limiter.get_window_stats(item, *key)
            wait = max(1, int(stats.reset_time - time.time()))
            raise TooManyRequests(
                f"too many attempts; try again in {wait} s / δοκιμάστε ξανά σε {wait} δ",
                retry_after=wait,
            )

    def hit(self, name: str, *key: str) -> None:
        """Count one attempt against ``key``."""
        self._limiter.hit(self._items[name], *key)

    def take(self, name: str, *key: str) -> None:
        """Check and count in one step (registrations, edits)."""
        self.check(name, *key)
        self.hit(name, *key)

    def reset(self, name: str, *key: str) -> None:
        self._limiter.clear(self._items[name], *key)
