"""Reading vector files (GeoJSON, GeoPackage, Shapefile, CSV) into GeoDataFrames.

The CRS is taken from the file or given by the user; a file without one, or whose
coordinates cannot be in the CRS it claims, is refused rather than guessed. Text is
UTF-8 unless the user names another encoding (Greek files are often ``cp1253`` or
``iso-8859-7``): undecodable bytes are an error naming the file and the line.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from models.errors import InvalidInput

#: Column pairs read as point coordinates from a CSV file (lower-cased names).
XY_COLUMNS = (
    ("x", "y"),
    ("lon", "lat"),
    ("lng", "lat"),
    ("longitude", "latitude"),
    ("easting", "northing"),
)
#: Columns read as WKT geometry from a CSV file (lower-cased names).
WKT_COLUMNS = ("wkt", "geometry", "geom", "the_geom")
TEXT_SUFFIXES = {".csv", ".txt", ".geojson", ".json"}


def parse_crs(text: str, *, where: str) -> CRS:
    """The CRS ``text`` names (``EPSG:2100``, ``2100``, a WKT or PROJ string)."""
    try:
        return CRS.from_user_input(int(text) if text.isdigit() else text)
    except CRSError as exc:
        raise InvalidInput(f"{where}: unknown CRS '{text}' ({exc})", field="crs") from None


def read_vector(
    path: str | Path,
    *,
    crs: str | None = None,
    layer: str | None = None,
    encoding: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a vector file as a GeoDataFrame with a known CRS.

    Parameters
    ----------
    path:
        GeoJSON, GeoPackage, Shapefile (``.shp``) or CSV (point columns such as
        ``x``/``y``, ``lon``/``lat`` or a ``wkt`` column).
    crs:
        The file's CRS when it declares none (CSV, Shapefile without ``.prj``), or to
        override a wrong declaration.
    layer:
        The layer of a multi-layer file (GeoPackage); the first one by default.
    encoding:
        Text encoding of attributes when not UTF-8 (``cp1253``, ``iso-8859-7``).

    Raises
    ------
    InvalidInput
        Unreadable file, unknown or missing CRS, undecodable text; the message names
        the file and, where there is one, the line.
    """
    path = Path(path)
    where = f"file '{path.name}'"
    if not path.is_file():
        raise InvalidInput(f"{where}: no such file", field="file")
    if path.suffix.lower() in TEXT_SUFFIXES:
        text = _decoded(path, encoding, where=where)
    if path.suffix.lower() == ".shp" and encoding is None:
        _check_dbf_encoding(path, where=where)
    if path.suffix.lower() in (".csv", ".txt"):
        frame = _read_csv(text, where=where)
    else:
        frame = _read_ogr(path, layer=layer, encoding=encoding, where=where)
    return _with_crs(frame, crs, where=where)


def _decoded(path: Path, encoding: str | None, *, where: str) -> str:
    """The file's text; a decoding error names the line and the byte."""
    data = path.read_bytes()
    codec = encoding or "utf-8"
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except LookupError:
        raise InvalidInput(f"{where}: unknown encoding '{codec}'", field="encoding") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "" if encoding else " (give --encoding, e.g. cp1253 or iso-8859-7 for Greek)"
        raise InvalidInput(
            f"{where}, line {line}: byte 0x{data[exc.start]:02x} is not valid {codec}{hint}",
            field="encoding",
        ) from None


def _check_dbf_encoding(path: Path, *, where: str) -> None:
    """A Shapefile without ``.cpg`` whose attributes are not UTF-8 needs ``--encoding``.

    GDAL would otherwise read such Greek texts as Latin-1 and store them garbled.
    """
    dbf = path.with_suffix(".dbf")
    if path.with_suffix(".cpg").exists() or not dbf.exists():
        return
    data = dbf.read_bytes()
    header = int.from_bytes(data[8:10], "little") if len(data) > 10 else len(data)
    record_size = int.from_bytes(data[10:12], "little") if len(data) > 12 else 1
    try:
        data[header:].decode("utf-8")
    except UnicodeDecodeError as exc:
        record = exc.start // max(record_size, 1)
        raise InvalidInput(
            f"{where}, record {record}: attributes are not UTF-8 and the Shapefile has no "
            ".cpg file; give --encoding (e.g. cp1253 or iso-8859-7 for Greek)",
            field="encoding",
        ) from None


def _read_ogr(
    path: Path, *, layer: str | None, encoding: str | None, where: str
) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # e.g. "no .prj": checked below
            frame = pyogrio.read_dataframe(path, layer=layer, encoding=encoding)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise InvalidInput(f"{where}: cannot read ({exc})", field="file") from None
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InvalidInput(f"{where}: has no geometry column", field="geom")
    return frame


def _read_csv(text: str, *, where: str) -> gpd.GeoDataFrame:
    """A CSV with coordinate columns or a WKT column, every attribute as text."""
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InvalidInput(f"{where}: not a CSV table ({exc})", field="file") from None
    lower = {c.lower(): c for c in table.columns}
    for x, y in XY_COLUMNS:
        if x in lower and y in lower:
            cx, cy = lower[x], lower[y]
            xs = _numbers(table[cx], where=where, column=cx)
            ys = _numbers(table[cy], where=where, column=cy)
            geoms = shapely.points(xs, ys)
            return gpd.GeoDataFrame(table.drop(columns=[cx, cy]), geometry=geoms)
    for name in WKT_COLUMNS:
        if name in lower:
            column = lower[name]
            geoms = [
                _wkt(v, where=where, row=i, column=column) for i, v in enumerate(table[column])
            ]
            return gpd.GeoDataFrame(table.drop(columns=[column]), geometry=geoms)
    raise InvalidInput(
        f"{where}: no coordinate columns (x/y, lon/lat, easting/northing) or WKT column",
        field="geom",
    )


def _numbers(texts: pd.Series, *, where: str, column: str) -> np.ndarray:
    values = pd.to_numeric(texts, errors="coerce")
    bad = np.flatnonzero(values.isna().to_numpy())
    if bad.size:
        row = int(bad[0])
        raise InvalidInput(
            f"{where}, record {row} (line {row + 2}), field '{column}': "
            f"{texts.iloc[row]!r} is not a number",
            field=column,
        )
    return values.to_numpy(dtype=float)


def _wkt(value: object, *, where: str, row: int, column: str) -> shapely.Geometry | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        return shapely.from_wkt(str(value))
    except shapely.errors.GEOSException as exc:
        raise InvalidInput(
            f"{where}, record {row} (line {row + 2}), field '{column}': not WKT ({exc})",
            field=column,
        ) from None


def _with_crs(frame: gpd.GeoDataFrame, crs: str | None, *, where: str) -> gpd.GeoDataFrame:
    """Set the given CRS, or check the declared one; refuse a file without a CRS."""
    if crs is not None:
        frame = frame.set_crs(parse_crs(crs, where=where), allow_override=True)
    if frame.crs is None or not (frame.crs.is_geographic or frame.crs.is_projected):
        raise InvalidInput(
            f"{where}: the file declares no usable CRS; give it with --crs (e.g. EPSG:2100 for the "
            "Greek Grid, EPSG:4326 for longitude/latitude)",
            field="crs",
        )
    _check_extent(frame, where=where)
    return frame


def _check_extent(frame: gpd.GeoDataFrame, *, where: str) -> None:
    """Coordinates must lie within the CRS's area of use (with a generous margin)."""
    geoms = frame.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return
    area = frame.crs.area_of_use
    if area is None:
        return
    to_crs = Transformer.from_crs(4326, frame.crs, always_xy=True)
    west, south, east, north = to_crs.transform_bounds(area.west, area.south, area.east, area.north)
    margin = _margin(frame.crs)
    allowed = shapely.box(west - margin, south - margin, east + margin, north + margin)
    outside = np.flatnonzero(present & ~shapely.within(geoms, allowed))
    if outside.size:
        index = int(outside[0])
        name = frame.crs.to_string()
        raise InvalidInput(
            f"{where}, record {index}: coordinates {shapely.get_coordinates(geoms[index])[0].tolist()} "
            f"are outside the area of {name}; is the CRS right? (give it with --crs)",
            field="crs",
        )


def _margin(crs: CRS) -> float:
    return 1.0 if crs.is_geographic else 50_000.0
