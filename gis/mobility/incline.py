"""Inclines from a DEM: heights at points read from a raster held in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from pyproj import Transformer
from rasterio.transform import Affine

from models.base import STORAGE_SRID


@dataclass(frozen=True)
class DemGrid:
    """A DEM band in memory: heights at storage-CRS points (nearest cell; NaN outside
    or on no-data)."""

    heights_m: np.ndarray
    transform: Affine
    to_dem: Transformer | None

    @classmethod
    def open(cls, path: str | Path) -> DemGrid:
        """Read band 1 of the raster at ``path``."""
        with rasterio.open(path) as src:
            band = src.read(1, masked=True).astype("float64").filled(np.nan)
            srid = src.crs.to_epsg() if src.crs else STORAGE_SRID
            to_dem = (
                None
                if srid == STORAGE_SRID
                else Transformer.from_crs(STORAGE_SRID, srid or STORAGE_SRID, always_xy=True)
            )
            return cls(band, src.transform, to_dem)

    def heights(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Heights (m) at the points ``x``, ``y`` (EPSG:2100)."""
        if self.to_dem is not None:
            x, y = self.to_dem.transform(x, y)
        inverse = ~self.transform
        col, row = inverse * (np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64"))
        col = np.floor(col).astype(np.int64)
        row = np.floor(row).astype(np.int64)
        rows, cols = self.heights_m.shape
        inside = (row >= 0) & (row < rows) & (col >= 0) & (col < cols)
        out = np.full(col.shape, np.nan)
        out[inside] = self.heights_m[row[inside], col[inside]]
        return out


def grade_percent(z0: np.ndarray, z1: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Signed grade in percent from ``z0`` to ``z1`` over ``length`` metres (NaN unknown),
    clipped to ±100 as the footways table allows."""
    with np.errstate(invalid="ignore", divide="ignore"):
        grade = np.where(length > 0, 100 * (z1 - z0) / length, 0.0)
    return np.clip(np.round(grade, 1), -100, 100)
