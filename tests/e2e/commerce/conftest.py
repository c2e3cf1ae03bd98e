"""Fixtures of the commerce browser tests: the commerce tests' accounts, with their own
e-mail prefix."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from api.settings import PolisSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration" / "commerce"))
from commerce_accounts import sign_in_people  # noqa: E402


@pytest.fixture(scope="session")
def people(demo_settings: PolisSettings, http: httpx.Client) -> dict[str, dict[str, str]]:
    """Headers of an owner-to-be, another citizen and a markets staff member."""
    return sign_in_people(demo_settings.dsn, http, "guide-e2e-")
