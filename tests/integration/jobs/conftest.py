"""The demo database with its synthetic DEM and slope catalogued (as ``polis demo load``
leaves it), for the jobs' processes."""

from __future__ import annotations

import psycopg
import pytest

from api.cli.demo import stage_synthetic_dem
from api.settings import PolisSettings
from layers.db.rasters import raster_catalogue, raster_transaction


@pytest.fixture(scope="session")
def dem_settings(demo_settings: PolisSettings) -> PolisSettings:
    """``demo_settings`` whose database catalogues the synthetic DEM (staged once)."""
    with psycopg.connect(demo_settings.dsn, autocommit=True) as conn:
        present = "dem" in raster_catalogue(conn)
    if not present:
        with (
            psycopg.connect(demo_settings.dsn) as conn,
            raster_transaction(conn, demo_settings.raster_dir) as rasters,
        ):
            stage_synthetic_dem(rasters, seed=0)
    return demo_settings
