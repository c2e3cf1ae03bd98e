"""Mobility fixtures: the demo database's live routing graph."""

from __future__ import annotations

import pytest

from api.settings import PolisSettings
from gis.mobility.live import LiveNetwork
from layers.mobility.network import connector


@pytest.fixture(scope="session")
def live(demo_settings: PolisSettings) -> LiveNetwork:
    """A routing graph following the demo database (as a server process keeps one)."""
    return LiveNetwork(connector(demo_settings.dsn), demo_settings.raster_dir)
