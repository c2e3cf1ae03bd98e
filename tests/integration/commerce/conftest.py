"""Fixtures of the commerce tests: a database apart from the demo's, and accounts of an
owner-to-be, another citizen and the markets department."""

from __future__ import annotations

import httpx
import pytest
from commerce_accounts import sign_in_people

from api.settings import PolisSettings


@pytest.fixture(scope="session")
def commerce_settings(import_settings: PolisSettings) -> PolisSettings:
    """The migrated database of the import tests (not the demo's): the commerce tests
    write their own businesses and licences there."""
    return import_settings


@pytest.fixture(scope="session")
def people(demo_settings: PolisSettings, http: httpx.Client) -> dict[str, dict[str, str]]:
    """Headers of an owner-to-be, another citizen and a markets (guide) staff member."""
    return sign_in_people(demo_settings.dsn, http, "guide-")
