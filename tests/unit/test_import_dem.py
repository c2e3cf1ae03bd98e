"""DEM import on the real SRTM tiles and Karditsa boundary in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from pyproj import Transformer
from rasterio.features import geometry_mask

from gis.importers.dem import NODATA, DemResult, build_dem
from gis.importers.jobs import clip_area
from models.errors import InvalidInput

#: Karditsa's central square.
CENTRE = (21.922, 39.365)


@pytest.fixture(scope="module")
def area(shared_dir: Path):  # type: ignore[no-untyped-def]
    return clip_area(shared_dir / "data/boundaries/karditsa_municipality_9092.geojson")


@pytest.fixture(scope="module")
def dem(shared_dir: Path, area, tmp_path_factory: pytest.TempPathFactory) -> DemResult:  # type: ignore[no-untyped-def]
    tiles = [shared_dir / "data/dem/N39E021.hgt", shared_dir / "data/dem/N39E022.hgt"]
    return build_dem(tiles, area=area, out_dir=tmp_path_factory.mktemp("rasters"))


def test_elevation_at_the_centre_is_about_111_m(dem: DemResult) -> None:
    x, y = Transformer.from_crs(4326, 2100, always_xy=True).transform(*CENTRE)
    with rasterio.open(dem.dem_path) as src:
        assert src.crs.to_epsg() == 2100
        value = next(src.sample([(x, y)]))[0]
    assert value == pytest.approx(111, abs=3)


def test_no_voids_remain_in_the_municipality(dem: DemResult, area) -> None:  # type: ignore[no-untyped-def]
    assert dem.voids_filled > 0  # the SRTM tile has voids over the area
    with rasterio.open(dem.dem_path) as src:
        values = src.read(1)
        inside = ~geometry_mask([area], out_shape=values.shape, transform=src.transform)
        assert src.nodata == NODATA
    assert inside.sum() > 500_000
    assert not (values[inside] == NODATA).any()
    assert 80 < values[inside].min() and values[inside].max() < 2200


def test_stored_as_cloud_optimised_geotiff_with_slope(dem: DemResult) -> None:
    with rasterio.open(dem.dem_path) as src:
        assert src.profile["tiled"] and src.profile["blockxsize"] == 256
        assert src.overviews(1)
    x, y = Transformer.from_crs(4326, 2100, always_xy=True).transform(*CENTRE)
    with rasterio.open(dem.slope_path) as src:
        slope = next(src.sample([(x, y)]))[0]
    assert 0 <= slope < 3  # the town lies on the flat plain


def test_a_dem_elsewhere_is_refused_and_nothing_is_replaced(
    area,
    dem: DemResult,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    alps = tmp_path / "alps.tif"
    with rasterio.open(
        alps,
        "w",
        driver="GTiff",
        width=10,
        height=10,
        count=1,
        dtype="int16",
        crs="EPSG:4326",
        transform=Affine(0.01, 0, 10.0, 0, -0.01, 46.0),
        nodata=-32768,
    ) as dst:
        dst.write(np.full((1, 10, 10), 1500, dtype="int16"))
    before = dem.dem_path.read_bytes()
    with pytest.raises(InvalidInput, match=r"alps.tif: do not overlap the municipality"):
        build_dem([alps], area=area, out_dir=dem.dem_path.parent)
    assert dem.dem_path.read_bytes() == before


def test_unreadable_tile_names_the_file(area, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "N39E021.hgt"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(InvalidInput, match=r"N39E021.hgt: cannot read"):
        build_dem([bad], area=area, out_dir=tmp_path)
