"""The stored DEM and slope as OGC API – Coverages collections (pygeoapi rasterio provider),
described by their raster catalogue entries."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pygeoapi.provider.rasterio_ import RasterioProvider
from pyproj import Transformer

from api.settings import PolisSettings
from gis.importers.dem import build_dem
from gis.importers.jobs import clip_area
from layers.db.rasters import StoredRaster, describe_raster
from layers.ogc.config import coverage_resources
from layers.registry import default_registry

Stored = tuple[PolisSettings, dict[str, StoredRaster]]


@pytest.fixture(scope="module")
def stored(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """A raster store holding an imported DEM and slope, and their catalogue entries."""
    store = tmp_path_factory.mktemp("store")
    area = clip_area(shared_dir / "data/boundaries/karditsa_municipality_9092.geojson")
    result = build_dem([shared_dir / "data/dem/N39E021.hgt"], area=area, out_dir=store)
    entries = {
        name: describe_raster(path, name=name, uri=path.name, source="N39E021.hgt")
        for name, path in (("dem", result.dem_path), ("slope", result.slope_path))
    }
    return PolisSettings(raster_store=store), entries


def test_no_raster_no_collection(tmp_path: Path, stored: Stored) -> None:
    assert coverage_resources(PolisSettings(raster_store=tmp_path), default_registry(), {}) == {}
    _, entries = stored  # catalogued, but not in this server's store: left out
    assert (
        coverage_resources(PolisSettings(raster_store=tmp_path), default_registry(), entries) == {}
    )


def test_dem_and_slope_collections(stored: Stored) -> None:
    settings, entries = stored
    resources = coverage_resources(settings, default_registry(), entries)
    assert set(resources) == {"dem", "slope"}
    dem = resources["dem"]
    west, south, east, north = dem["extents"]["spatial"]["bbox"]
    assert west < 21.922 < east and south < 39.365 < north
    assert dem["title"]["el"] and dem["title"]["en"]
    assert "Source: N39E021.hgt" in dem["description"]["en"]
    provider = dem["providers"][0]
    assert (provider["type"], provider["name"]) == ("coverage", "rasterio")
    assert provider["data"] == str(settings.raster_dir / "dem.tif")


def test_only_registry_rasters_are_served(stored: Stored) -> None:
    settings, entries = stored
    other = dataclasses.replace(entries["dem"], name="unpublished")
    resources = coverage_resources(settings, default_registry(), {**entries, "unpublished": other})
    assert set(resources) == {"dem", "slope"}


def test_the_demo_dem_says_it_is_synthetic(tmp_path: Path) -> None:
    from gis.demo.dem import synthetic_dem, write_cog

    path = write_cog(synthetic_dem(half_extent=600), tmp_path / "dem.tif")
    entry = describe_raster(path, name="dem", uri="dem.tif", source="demo", synthetic=True)
    settings = PolisSettings(raster_store=tmp_path)
    dem = coverage_resources(settings, default_registry(), {"dem": entry})["dem"]
    assert "Synthetic" in dem["description"]["en"] and "Συνθετικά" in dem["description"]["el"]


def test_provider_serves_the_elevation_at_the_centre(stored: Stored) -> None:
    settings, entries = stored
    provider = RasterioProvider(
        coverage_resources(settings, default_registry(), entries)["dem"]["providers"][0]
    )
    x, y = Transformer.from_crs(4326, 2100, always_xy=True).transform(21.922, 39.365)
    coverage = provider.query(
        subsets={"x": [x - 100, x + 100], "y": [y - 100, y + 100]}, format_="json"
    )
    values = [v for r in coverage["ranges"].values() for v in r["values"] if v is not None]
    assert values and min(values) > 100 and max(values) < 125
