"""The synthetic DEM: plausible heights around Karditsa, and a readable COG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio

from gis.demo.dem import Dem, synthetic_dem, terrain, write_cog
from gis.demo.placement import centre_storage


@pytest.fixture(scope="module")
def dem() -> Dem:
    return synthetic_dem()


def test_plain_around_the_town_hills_to_the_south_west(dem: Dem) -> None:
    values = dem.values
    assert values.dtype == np.float32 and np.isfinite(values).all()
    assert dem.cell_size == 30
    rows, cols = values.shape
    centre = values[rows // 2, cols // 2]
    assert 105 <= centre <= 115
    town = values[rows // 2 - 60 : rows // 2 + 60, cols // 2 - 60 : cols // 2 + 60]
    assert 100 <= town.min() and town.max() <= 116
    south_west = values[-60:, :60].mean()
    east = values[:, -60:].mean()
    assert south_west > east + 80


def test_deterministic() -> None:
    assert np.array_equal(synthetic_dem(seed=3).values, synthetic_dem(seed=3).values)


def test_terrain_is_the_plain_at_the_centre() -> None:
    assert terrain(np.array([0.0]), np.array([0.0]))[0] == pytest.approx(110, abs=0.01)


@pytest.mark.parametrize("cog_driver", [True, False], ids=["COG", "GTiff"])
def test_cloud_optimised_geotiff(dem: Dem, tmp_path: Path, cog_driver: bool) -> None:
    path = write_cog(dem, tmp_path / "dem.tif", cog_driver=cog_driver)
    with rasterio.open(path) as src:
        assert src.crs.to_epsg() == 2100
        assert src.nodata is None
        assert src.profile["tiled"] and src.block_shapes[0] == (256, 256)
        assert src.overviews(1)
        assert src.transform == dem.transform
        data = src.read(1)
        (value,) = next(src.sample([centre_storage()]))
    assert np.array_equal(data, dem.values)
    assert 105 <= value <= 115
    if cog_driver:
        with rasterio.open(path) as src:
            assert src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
