"""The imported DEM and slope as OGC API – Coverages collections (pygeoapi rasterio provider)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pygeoapi.provider.rasterio_ import RasterioProvider
from pyproj import Transformer

from gis.importers.dem import build_dem
from gis.importers.jobs import clip_area
from layers.db.settings import PolisSettings
from layers.ogc.config import coverage_resources
from layers.registry import default_registry


@pytest.fixture(scope="module")
def settings(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> PolisSettings:
    var = tmp_path_factory.mktemp("var")
    area = clip_area(shared_dir / "data/boundaries/karditsa_municipality_9092.geojson")
    build_dem([shared_dir / "data/dem/N39E021.hgt"], area=area, out_dir=var / "rasters")
    return PolisSettings(var_dir=var)


def test_no_raster_no_collection(tmp_path: Path) -> None:
    assert coverage_resources(PolisSettings(var_dir=tmp_path), default_registry()) == {}


def test_dem_and_slope_collections(settings: PolisSettings) -> None:
    resources = coverage_resources(settings, default_registry())
    assert set(resources) == {"dem", "slope"}
    dem = resources["dem"]
    west, south, east, north = dem["extents"]["spatial"]["bbox"]
    assert west < 21.922 < east and south < 39.365 < north
    assert dem["title"]["el"] and dem["title"]["en"]
    assert "Source: N39E021.hgt" in dem["description"]["en"]
    provider = dem["providers"][0]
    assert (provider["type"], provider["name"]) == ("coverage", "rasterio")


def test_the_demo_dem_says_it_is_synthetic(tmp_path: Path) -> None:
    from gis.demo.dem import synthetic_dem, write_cog

    (tmp_path / "rasters").mkdir()
    write_cog(synthetic_dem(half_extent=600), tmp_path / "rasters" / "dem.tif")
    dem = coverage_resources(PolisSettings(var_dir=tmp_path), default_registry())["dem"]
    assert "Synthetic" in dem["description"]["en"] and "Συνθετικά" in dem["description"]["el"]


def test_provider_serves_the_elevation_at_the_centre(settings: PolisSettings) -> None:
    provider = RasterioProvider(coverage_resources(settings, default_registry())["dem"]["providers"][0])
    x, y = Transformer.from_crs(4326, 2100, always_xy=True).transform(21.922, 39.365)
    coverage = provider.query(
        subsets={"x": [x - 100, x + 100], "y": [y - 100, y + 100]}, format_="json"
    )
    values = [v for r in coverage["ranges"].values() for v in r["values"] if v is not None]
    assert values and min(values) > 100 and max(values) < 125
