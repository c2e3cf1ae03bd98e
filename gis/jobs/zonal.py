"""``zonal-statistics``: statistics of any catalogued coverage (the DEM, slope, hazard
outputs) over every polygon of any polygon layer — e.g. elevation per neighbourhood.

Each zone is rasterised on the coverage's grid (rasterio, a cell counts when its centre
is inside; ``all_touched`` counts every cell the polygon touches); no-data cells are
left out; zones are reprojected to the coverage's CRS first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import rasterio
import shapely
from pydantic import BaseModel, ConfigDict, Field
from pyproj import Transformer
from rasterio.features import geometry_mask
from rasterio.windows import Window, from_bounds

from gis.jobs.spec import JobContext, OutputSpec, ProcessSpec
from layers.jobs.sources import Zone, coverage_file, read_zones
from layers.registry import Registry, Text
from models.errors import InvalidParameter

Statistic = Literal["count", "min", "max", "mean", "sum", "std", "median"]


class ZonalInputs(BaseModel):
    """Inputs of ``zonal-statistics``."""

    model_config = ConfigDict(extra="forbid")
    coverage: str = Field(
        title="Κάλυψη / Coverage", description="a raster collection id, e.g. dem or slope"
    )
    zones: str = Field(title="Ζώνες / Zones", description="a polygon layer id, e.g. neighbourhoods")
    statistics: list[Statistic] = Field(
        default=["count", "min", "max", "mean"],
        min_length=1,
        title="Στατιστικά / Statistics",
        description="any of count, min, max, mean, sum, std, median",
    )
    all_touched: bool = Field(
        default=False,
        title="Όλα τα κελιά που αγγίζει / All touched",
        description="count every cell a zone touches, not only those whose centre it holds",
    )


#: Rasters of up to this many cells are read into memory once per job (a window read per
#: zone costs ~2 ms); larger ones are read window by window.
IN_MEMORY_CELLS = 16_000_000
Reader = Callable[[Window], np.ma.MaskedArray]


def band_reader(src: Any) -> Reader:
    """Band 1 of ``src`` by window: sliced from memory, or read from the file if large."""
    if src.width * src.height <= IN_MEMORY_CELLS:
        band = src.read(1, masked=True)
        return lambda window: band[window.toslices()]
    return lambda window: src.read(1, window=window, masked=True)


def cell_values(src: Any, read: Reader, geom: shapely.Geometry, *, all_touched: bool) -> np.ndarray:
    """The valid values of band 1 of ``src`` (read through ``read``) inside ``geom`` (in
    the raster's CRS)."""
    full = Window(0, 0, src.width, src.height)
    exact = from_bounds(*geom.bounds, transform=src.transform)
    col, row = math.floor(exact.col_off), math.floor(exact.row_off)
    width = math.ceil(exact.col_off + exact.width) - col
    height = math.ceil(exact.row_off + exact.height) - row
    try:
        window = Window(col, row, width, height).intersection(full)
    except rasterio.errors.WindowError:
        return np.empty(0)  # outside the raster
    data = read(window)
    if data.size == 0:
        return np.empty(0)
    inside = geometry_mask(
        [geom],
        out_shape=data.shape,
        transform=src.window_transform(window),
        invert=True,
        all_touched=all_touched,
    )
    values = data[inside & ~np.ma.getmaskarray(data)]
    return np.asarray(values.compressed() if np.ma.isMaskedArray(values) else values, float)


def statistics(values: np.ndarray, wanted: list[Statistic]) -> dict[str, float | int | None]:
    """The ``wanted`` statistics of ``values`` (None for all but count when empty)."""
    functions: dict[str, Callable[[np.ndarray], Any]] = {
        "min": np.min,
        "max": np.max,
        "mean": np.mean,
        "sum": np.sum,
        "std": np.std,
        "median": np.median,
    }
    out: dict[str, float | int | None] = {}
    for name in wanted:
        if name == "count":
            out[name] = int(values.size)
        else:
            out[name] = float(functions[name](values)) if values.size else None
    return out


def zone_geometry(zone: Zone, to_raster: Transformer | None) -> shapely.Geometry:
    geom = shapely.from_wkb(zone.wkb)
    return shapely.transform(geom, to_raster.transform, interleaved=False) if to_raster else geom


def check_zones(inputs: ZonalInputs, registry: Registry) -> None:
    """The zones must be polygons."""
    kind = registry.get(inputs.zones).geometry_type
    if kind not in ("Polygon", "MultiPolygon"):
        raise InvalidParameter("zones", f"layer '{inputs.zones}' holds {kind}s, not polygons")


def zonal_statistics(inputs: ZonalInputs, context: JobContext) -> dict[str, Any]:
    """Statistics of ``inputs.coverage`` over every zone of ``inputs.zones``."""
    spec = context.registry.get(inputs.zones)
    with context.connection() as conn:
        path = coverage_file(conn, context.settings.raster_dir, inputs.coverage, field="coverage")
        zones = read_zones(conn, spec)
    rows = []
    with rasterio.open(path) as src:
        epsg = src.crs.to_epsg() if src.crs else None
        to_raster = (
            Transformer.from_crs(spec.srid, src.crs, always_xy=True) if epsg != spec.srid else None
        )
        read = band_reader(src)
        for n, zone in enumerate(zones):
            geom = zone_geometry(zone, to_raster)
            values = cell_values(src, read, geom, all_touched=inputs.all_touched)
            rows.append(
                {"id": zone.id, "title": zone.title, **statistics(values, inputs.statistics)}
            )
            context.progress(100 * (n + 1) / max(1, len(zones)), f"{n + 1}/{len(zones)}")
    return {"statistics": rows}


ZONAL_STATISTICS = ProcessSpec(
    id="zonal-statistics",
    title=Text("Στατιστικά ζωνών", "Zonal statistics"),
    description=Text(
        "Στατιστικά μιας κάλυψης (π.χ. υψόμετρο) ανά πολύγωνο ενός επιπέδου (π.χ. ανά γειτονιά).",
        "Statistics of a coverage (e.g. elevation) per polygon of a layer "
        "(e.g. per neighbourhood).",
    ),
    inputs=ZonalInputs,
    outputs={
        "statistics": OutputSpec(
            Text("Στατιστικά ανά ζώνη", "Statistics per zone"),
            {"type": "array", "items": {"type": "object"}},
        )
    },
    run=zonal_statistics,
    layer_inputs=("zones",),
    raster_inputs=("coverage",),
    check=check_zones,
    keywords=("raster", "zonal statistics"),
)
