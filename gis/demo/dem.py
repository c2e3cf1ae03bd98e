"""A synthetic digital elevation model of the demo town, and its Cloud-Optimised GeoTIFF.

The Thessalian plain lies at 100–115 m around Karditsa, falling gently to the east; the
foothills of the Agrafa rise to the west and south-west. The stream cuts a shallow bed.
:func:`terrain` is the street-level surface (bridges and embankments ignore the stream
bed) that footway inclines are computed from; :func:`synthetic_dem` adds the bed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
import shapely
from affine import Affine
from rasterio.enums import Resampling
from rasterio.io import MemoryFile
from rasterio.shutil import copy as rio_copy

from gis.demo.placement import centre_storage, offsets_to_local, rng
from gis.demo.town import town_plan
from models.base import STORAGE_SRID

#: Elevation of the central square (m above sea level).
CENTRE_ELEVATION = 110.0
#: Direction the hills rise towards (degrees anticlockwise from east): west-south-west.
HILLS_BEARING_DEG = 205.0


@dataclass(frozen=True)
class Dem:
    """A single-band elevation grid in EPSG:2100 (``values[row, col]``, row 0 = north)."""

    values: np.ndarray
    transform: Affine
    epsg: int = STORAGE_SRID

    @property
    def cell_size(self) -> float:
        """Cell size in metres."""
        return float(self.transform.a)


def terrain(east: np.ndarray, north: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Street-level elevation (m) at offsets east / north of the centre (m)."""
    east = np.asarray(east, dtype=float)
    north = np.asarray(north, dtype=float)
    r = rng(seed, "terrain")
    plain = CENTRE_ELEVATION - 0.0006 * east - 0.0002 * north
    for _ in range(3):  # gentle undulation of the plain, a metre at most
        wave = r.uniform(700, 1600)
        angle, phase = r.uniform(0, math.pi), r.uniform(0, 2 * math.pi)
        along = east * math.cos(angle) + north * math.sin(angle)
        plain = plain + 0.3 * (np.sin(along / wave * 2 * math.pi + phase) - math.sin(phase))
    b = math.radians(HILLS_BEARING_DEG)
    towards_hills = east * math.cos(b) + north * math.sin(b)
    x = np.clip((towards_hills - 3000) / 3500, 0, 1)
    ramp = 160 * (3 * x**2 - 2 * x**3)
    bumps = 70 * np.exp(-((east + 5200) ** 2 + (north + 2600) ** 2) / (2 * 1300**2))
    bumps += 50 * np.exp(-((east + 3800) ** 2 + (north + 4800) ** 2) / (2 * 1000**2))
    return plain + ramp + bumps  # type: ignore[no-any-return]


def synthetic_dem(*, seed: int = 0, cell_size: float = 30.0, half_extent: float = 6000.0) -> Dem:
    """The DEM of the demo town: a square of ``2 × half_extent`` m around the centre.

    Parameters
    ----------
    seed:
        Generator seed (the same seed as :func:`gis.demo.generate_demo` gives a DEM
        whose stream bed follows that town's stream).
    cell_size:
        Cell size in metres.
    half_extent:
        Half the side of the square covered, in metres.
    """
    n = int(round(2 * half_extent / cell_size))
    x0, y0 = centre_storage()
    # align the grid on whole cells of the Greek Grid, as national DEMs are
    west = math.floor((x0 - half_extent) / cell_size) * cell_size
    north_edge = math.ceil((y0 + half_extent) / cell_size) * cell_size
    cols = west + (np.arange(n) + 0.5) * cell_size - x0
    rows = north_edge - (np.arange(n) + 0.5) * cell_size - y0
    east, north = np.meshgrid(cols, rows)
    z = terrain(east, north, seed=seed)
    z = z - _stream_bed(east, north, seed=seed)
    transform = Affine(cell_size, 0, west, 0, -cell_size, north_edge)
    return Dem(values=z.astype("float32"), transform=transform)


def _stream_bed(east: np.ndarray, north: np.ndarray, *, seed: int) -> np.ndarray:
    """Depth of the stream bed below the plain: 2.5 m on the axis, gone 40 m away."""
    u, v = offsets_to_local(east, north)
    stream = town_plan(seed).stream
    minx, miny, maxx, maxy = stream.buffer(60).bounds
    near = (u > minx) & (u < maxx) & (v > miny) & (v < maxy)  # distance only where it matters
    depth = np.zeros_like(u)
    dist = shapely.distance(stream, shapely.points(u[near], v[near]))
    depth[near] = 2.5 * np.exp(-((dist / 15.0) ** 2))
    return depth


def write_cog(dem: Dem, path: str | Path, *, cog_driver: bool | None = None) -> Path:
    """Write ``dem`` as a Cloud-Optimised GeoTIFF (deflate, 256 px tiles, overviews).

    Parameters
    ----------
    dem:
        The elevation grid.
    path:
        The file to (over)write.
    cog_driver:
        Use GDAL's ``COG`` driver; by default, when the installed GDAL has it. Without
        it a tiled GeoTIFF with internal overviews is written through an in-memory
        copy, which gives the same layout.
    """
    path = Path(path)
    rows, cols = dem.values.shape
    profile = {
        "width": cols,
        "height": rows,
        "count": 1,
        "dtype": "float32",
        "crs": f"EPSG:{dem.epsg}",
        "transform": dem.transform,
    }
    if cog_driver is None:
        with rasterio.Env() as env:
            cog_driver = "COG" in env.drivers()
    if cog_driver:
        options = {
            "compress": "deflate",
            "predictor": "3",
            "blocksize": 256,
            "overviews": "auto",
            "overview_resampling": "average",
        }
        with rasterio.open(path, "w", driver="COG", **profile, **options) as dst:
            dst.write(dem.values, 1)
        return path
    with MemoryFile() as mem:
        with mem.open(driver="GTiff", tiled=True, blockxsize=256, blockysize=256, **profile) as tmp:
            tmp.write(dem.values, 1)
            tmp.build_overviews([2, 4, 8], Resampling.average)
        with mem.open() as src:
            rio_copy(
                src,
                path,
                driver="GTiff",
                tiled=True,
                blockxsize=256,
                blockysize=256,
                compress="deflate",
                predictor=3,
                copy_src_overviews=True,
            )
    return path
