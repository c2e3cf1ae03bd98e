"""Moving-window rate limits."""

from __future__ import annotations

import pytest

from api.security.ratelimit import RateLimits
from models.errors import TooManyRequests


def test_take_blocks_after_the_limit_per_key() -> None:
    limits = RateLimits({"register": "3/hour"})
    for _ in range(3):
        limits.take("register", "10.0.0.1")
    with pytest.raises(TooManyRequests) as err:
        limits.take("register", "10.0.0.1")
    assert 0 < err.value.retry_after <= 3600
    limits.take("register", "10.0.0.2")  # another address is not affected


def test_check_does_not_count_and_reset_clears() -> None:
    limits = RateLimits({"login": "2/minute"})
    for _ in range(5):
        limits.check("login", "a", "ip")
    limits.hit("login", "a", "ip")
    limits.hit("login", "a", "ip")
    with pytest.raises(TooManyRequests):
        limits.check("login", "a", "ip")
    limits.reset("login", "a", "ip")
    limits.check("login", "a", "ip")
