"""Participation fixtures: many citizen accounts made in one COPY, bearer tokens minted
with the server's own (development) secret, phase dates around now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import psycopg
import pytest

from api.security.credentials import issue_access_token, resolve_secret
from api.settings import PolisSettings

PHASES = ("proposals", "review", "voting", "results", "implementation")
DATE_NAMES = ("proposals_from", "review_from", "voting_from", "voting_until", "implementation_from")


@pytest.fixture(scope="session")
def dates_for() -> Callable[[str], dict[str, str]]:
    """``dates_for(phase)``: phase dates that put now inside ``phase``."""
    return phase_dates


def phase_dates(phase: str) -> dict[str, str]:
    """Phase dates one hour apart that put now inside ``phase``."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    shift = PHASES.index(phase) + 1
    # date i opens phase i (its end closes the vote); now falls half an hour into ``phase``
    return {
        name: (now + dt.timedelta(hours=i + 1 - shift, minutes=-30)).isoformat()
        for i, name in enumerate(DATE_NAMES)
    }


@pytest.fixture(scope="session")
def make_citizens(demo_settings: PolisSettings, server: str) -> Callable[[str, int], list[int]]:
    """``make(prefix, n)``: n verified-email citizen accounts (one COPY); their ids."""

    def make(prefix: str, n: int) -> list[int]:
        with psycopg.connect(demo_settings.dsn) as conn:
            with conn.cursor().copy(
                "COPY users (email, display_name, roles, email_verified, active) FROM STDIN"
            ) as copy:
                for i in range(n):
                    copy.write_row(
                        (f"{prefix}{i}@pb.example", f"{prefix}{i}", ["citizen"], True, True)
                    )
            rows = conn.execute(
                "SELECT id FROM users WHERE email LIKE %s ORDER BY id", (f"{prefix}%@pb.example",)
            ).fetchall()
        return [r[0] for r in rows]

    return make


@pytest.fixture(scope="session")
def bearer(demo_settings: PolisSettings, server: str) -> Callable[..., dict[str, str]]:
    """Authorization headers of an account, signed with the server's secret."""
    secret = resolve_secret(demo_settings)

    def headers(user_id: int, roles: tuple[str, ...] = ("citizen",)) -> dict[str, str]:
        token = issue_access_token(secret, user_id, list(roles), 60)
        return {"Authorization": f"Bearer {token}"}

    return headers
