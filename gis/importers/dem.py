"""Digital elevation models from SRTM ``.hgt`` and GeoTIFF tiles.

Tiles are mosaicked in their own CRS, voids (SRTM's -32768, any declared nodata) are
filled by inverse-distance interpolation from their edges, the result is reprojected to
the Greek Grid, clipped to the municipality plus a margin and written as a
Cloud-Optimised GeoTIFF, with its slope beside it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
import shapely
from affine import Affine
from pyproj import Transformer
from rasterio.errors import RasterioIOError
from rasterio.features import geometry_mask
from rasterio.fill import fillnodata
from rasterio.merge import merge
from rasterio.warp import Resampling, reproject
from shapely.geometry.base import BaseGeometry

from models.base import STORAGE_SRID
from models.errors import InvalidInput

#: Nodata value of the stored rasters.
NODATA = -9999.0
SRTM_VOID = -32768


@dataclass(frozen=True)
class Grid:
    """A single-band float grid in EPSG:2100 (NaN = no data)."""

    values: np.ndarray
    transform: Affine

    @property
    def cell_size(self) -> float:
        return float(self.transform.a)


@dataclass(frozen=True)
class DemResult:
    """The stored DEM, its slope, and facts for the summary."""

    dem_path: Path
    slope_path: Path
    shape: tuple[int, int]
    voids_filled: int
    min_elevation: float
    max_elevation: float


def mosaic(
    paths: Sequence[str | Path], *, area: BaseGeometry, margin: float
) -> tuple[np.ndarray, Affine, str, int]:
    """Merge the tiles over ``area`` (EPSG:2100) + ``margin``; return values with NaN voids.

    Returns values (float32, NaN where void), their transform, CRS and the void count.
    """
    names = ", ".join(Path(p).name for p in paths)
    if not paths:
        raise InvalidInput("no DEM file given", field="file")
    with ExitStack() as stack:
        try:
            sources = [stack.enter_context(rasterio.open(p)) for p in paths]
        except RasterioIOError as exc:
            raise InvalidInput(f"DEM files {names}: cannot read ({exc})", field="file") from None
        crs = sources[0].crs
        for src in sources:
            if src.crs != crs:
                raise InvalidInput(
                    f"file '{Path(src.name).name}': CRS {src.crs} differs from {crs}", field="crs"
                )
        bounds = _bounds_in(area.buffer(margin * 2), crs)
        overlap = any(shapely.box(*src.bounds).intersects(shapely.box(*bounds)) for src in sources)
        if not overlap:
            raise InvalidInput(
                f"DEM files {names}: do not overlap the municipality "
                f"(area {tuple(round(b, 3) for b in bounds)} in {crs})",
                field="file",
            )
        nodata = sources[0].nodata if sources[0].nodata is not None else SRTM_VOID
        data, transform = merge(sources, bounds=bounds, nodata=nodata)
    values = data[0].astype("float32")
    void = (data[0] == nodata) | (data[0] == SRTM_VOID)
    values[void] = np.nan
    return values, transform, str(crs), int(void.sum())


def fill_voids(values: np.ndarray) -> np.ndarray:
    """Fill NaN cells by inverse-distance interpolation from the surrounding valid cells."""
    valid = np.isfinite(values)
    if valid.all():
        return values
    if not valid.any():
        raise InvalidInput("the DEM has no valid cell over the municipality", field="file")
    out = np.where(valid, values, 0).astype("float32")
    distance = max(values.shape)
    filled = fillnodata(out, mask=valid.astype("uint8"), max_search_distance=distance)
    return np.asarray(filled, dtype="float32")


def to_storage(
    values: np.ndarray,
    transform: Affine,
    crs: str,
    *,
    area: BaseGeometry,
    margin: float,
    cell_size: float,
) -> Grid:
    """Reproject to EPSG:2100 on a grid covering ``area`` + ``margin``; NaN outside it."""
    clip = area.buffer(margin)
    x0, y0, x1, y1 = clip.bounds
    x0, y0 = np.floor(x0 / cell_size) * cell_size, np.floor(y0 / cell_size) * cell_size
    cols = int(np.ceil((x1 - x0) / cell_size))
    rows = int(np.ceil((y1 - y0) / cell_size))
    dst_transform = Affine(cell_size, 0, x0, 0, -cell_size, y0 + rows * cell_size)
    out = np.full((rows, cols), np.nan, dtype="float32")
    reproject(
        values,
        out,
        src_transform=transform,
        src_crs=crs,
        src_nodata=np.nan,
        dst_transform=dst_transform,
        dst_crs=f"EPSG:{STORAGE_SRID}",
        dst_nodata=np.nan,
        resampling=Resampling.bilinear,
    )
    outside = geometry_mask([clip], out_shape=out.shape, transform=dst_transform)
    out[outside] = np.nan
    return Grid(out, dst_transform)


def slope_degrees(grid: Grid) -> Grid:
    """Slope in degrees (central differences; NaN where the DEM has none)."""
    dz_dy, dz_dx = np.gradient(grid.values.astype("float64"), grid.cell_size)
    slope = np.degrees(np.arctan(np.hypot(dz_dx, dz_dy))).astype("float32")
    return Grid(slope, grid.transform)


def write_cog(grid: Grid, path: Path, *, band: str, unit: str, source: str) -> Path:
    """Write ``grid`` as a Cloud-Optimised GeoTIFF (deflate, 256 px tiles, overviews)."""
    values = np.where(np.isfinite(grid.values), grid.values, NODATA).astype("float32")
    with rasterio.open(
        path,
        "w",
        driver="COG",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs=f"EPSG:{STORAGE_SRID}",
        transform=grid.transform,
        nodata=NODATA,
        compress="deflate",
        predictor="3",
        blocksize=256,
        overviews="auto",
        overview_resampling="average",
    ) as dst:
        dst.write(values, 1)
        dst.set_band_description(1, band)
        dst.set_band_unit(1, unit)
        dst.update_tags(POLIS_SOURCE=source)
    return path


def write_all(
    grids: dict[str, tuple[Grid, str, str]], out_dir: Path, *, source: str
) -> dict[str, Path]:
    """Write ``name.tif`` for every grid; existing files are replaced only when all succeed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".import-") as tmp:
        written = {
            name: write_cog(grid, Path(tmp) / f"{name}.tif", band=band, unit=unit, source=source)
            for name, (grid, band, unit) in grids.items()
        }
        for name, path in written.items():
            os.replace(path, out_dir / f"{name}.tif")
    return {name: out_dir / f"{name}.tif" for name in grids}


def build_dem(
    paths: Sequence[str | Path],
    *,
    area: BaseGeometry,
    out_dir: Path,
    margin: float = 1000.0,
    cell_size: float = 30.0,
) -> DemResult:
    """Mosaic, fill, reproject, clip; write ``dem.tif`` and ``slope.tif`` in ``out_dir``.

    Parameters
    ----------
    paths:
        SRTM ``.hgt`` or GeoTIFF tiles (one CRS).
    area:
        The municipality in EPSG:2100.
    out_dir:
        Where the COGs go (:func:`gis.importers.jobs.import_dem` gives a staging
        directory of the raster store); files there are replaced only on success.
    margin:
        Metres kept around the municipality.
    cell_size:
        Output cell size in metres.
    """
    values, transform, crs, voids = mosaic(paths, area=area, margin=margin)
    filled = fill_voids(values)
    grid = to_storage(filled, transform, crs, area=area, margin=margin, cell_size=cell_size)
    inside = ~geometry_mask([area], out_shape=grid.values.shape, transform=grid.transform)
    missing = int((inside & ~np.isfinite(grid.values)).sum())
    if missing:
        share = missing / max(int(inside.sum()), 1)
        raise InvalidInput(
            f"DEM files {', '.join(Path(p).name for p in paths)}: cover only "
            f"{100 * (1 - share):.1f}% of the municipality; add the missing tiles",
            field="file",
        )
    paths_out = write_all(
        {"dem": (grid, "elevation", "m"), "slope": (slope_degrees(grid), "slope", "degree")},
        out_dir,
        source=", ".join(Path(p).name for p in paths),
    )
    finite = grid.values[np.isfinite(grid.values)]
    return DemResult(
        paths_out["dem"],
        paths_out["slope"],
        grid.values.shape,
        voids,
        float(finite.min()),
        float(finite.max()),
    )


def _bounds_in(area: BaseGeometry, crs: object) -> tuple[float, float, float, float]:
    """Bounds of ``area`` (EPSG:2100) in ``crs``."""
    to_crs = Transformer.from_crs(STORAGE_SRID, crs, always_xy=True)
    west, south, east, north = to_crs.transform_bounds(*area.bounds)
    return float(west), float(south), float(east), float(north)
