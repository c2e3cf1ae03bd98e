"""The raster store: a database's raster files (DEM, slope, hazard outputs) and their
catalogue (table ``raster_catalogue``, :class:`models.rasters.RasterEntry`).

A stored raster is a file in the database's store (:attr:`DatabaseSettings.raster_dir`,
one directory per database unless ``POLIS_RASTER_STORE`` says otherwise) and a catalogue
row describing it. The two change together: new files are written to a staging
directory inside the store, and :func:`raster_transaction` registers them and moves them
into place (``os.replace``, atomic on one file system) in the same database transaction.
If the transaction fails, the previous files are put back, so an import that fails
leaves neither a new file nor a catalogue row.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import rasterio
from psycopg import sql
from psycopg.pq import TransactionStatus
from psycopg.types.json import Jsonb
from rasterio.errors import RasterioIOError

from models.errors import ConfigurationError, InvalidInput
from models.rasters import RasterEntry

log = logging.getLogger(__name__)

TABLE = sql.Identifier(RasterEntry.__tablename__)
COLUMNS = (
    "name", "uri", "srid", "minx", "miny", "maxx", "maxy", "res_x", "res_y",
    "width", "height", "statistics", "source", "synthetic", "licence",
)  # fmt: skip


@dataclass(frozen=True)
class StoredRaster:
    """One catalogue entry: a raster of the database and what it covers.

    ``bounds`` (minx, miny, maxx, maxy) and ``resolution`` (x, y) are in the raster's own
    CRS (``EPSG:srid``); ``size`` is (width, height) in cells; ``statistics`` holds
    ``min``, ``max``, ``mean`` (of the valid cells), ``valid_count``, ``nodata_count``
    and the ``nodata`` value of band 1.
    """

    name: str
    uri: str
    srid: int
    bounds: tuple[float, float, float, float]
    resolution: tuple[float, float]
    size: tuple[int, int]
    statistics: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    synthetic: bool = False
    licence: str | None = None
    created: dt.datetime | None = None

    @property
    def crs(self) -> str:
        """The raster's CRS as ``EPSG:<srid>``."""
        return f"EPSG:{self.srid}"


def describe_raster(
    path: str | Path,
    *,
    name: str,
    uri: str,
    source: str | None = None,
    synthetic: bool = False,
    licence: str | None = None,
) -> StoredRaster:
    """The catalogue entry of the single-band raster ``path``, read with rasterio.

    Raises
    ------
    InvalidInput
        The file cannot be read, has more than one band, or a CRS without EPSG code.
    """
    try:
        src = rasterio.open(path)
    except RasterioIOError as exc:
        raise InvalidInput(f"raster '{name}': cannot read {path} ({exc})", field="file") from None
    with src:
        if src.count != 1:
            raise InvalidInput(f"raster '{name}': {src.count} bands, expected 1", field="file")
        srid = src.crs.to_epsg() if src.crs else None
        if srid is None:
            raise InvalidInput(f"raster '{name}': its CRS has no EPSG code", field="crs")
        left, bottom, right, top = src.bounds
        return StoredRaster(
            name=name,
            uri=uri,
            srid=srid,
            bounds=(min(left, right), min(bottom, top), max(left, right), max(bottom, top)),
            resolution=(abs(float(src.res[0])), abs(float(src.res[1]))),
            size=(src.width, src.height),
            statistics=band_statistics(src),
            source=source,
            synthetic=synthetic,
            licence=licence,
        )


def band_statistics(src: rasterio.DatasetReader, band: int = 1) -> dict[str, Any]:
    """Min, max, mean, valid and nodata counts of ``band``, read block by block (NaN and
    the declared nodata value count as no data)."""
    valid = nodata = 0
    total, low, high = 0.0, math.inf, -math.inf
    for _, window in src.block_windows(band):
        block = src.read(band, window=window, masked=True)
        values = block.compressed()
        values = values[np.isfinite(values)]
        nodata += int(block.size - values.size)
        if values.size:
            valid += int(values.size)
            total += float(values.sum(dtype="float64"))
            low, high = min(low, float(values.min())), max(high, float(values.max()))
    return {
        "min": low if valid else None,
        "max": high if valid else None,
        "mean": total / valid if valid else None,
        "valid_count": valid,
        "nodata_count": nodata,
        "nodata": src.nodatavals[band - 1],
    }


def raster_catalogue(conn: psycopg.Connection) -> dict[str, StoredRaster]:
    """Every catalogue entry of the database, by name."""
    query = sql.SQL("SELECT {}, created FROM {} ORDER BY name").format(
        sql.SQL(", ").join(map(sql.Identifier, COLUMNS)), TABLE
    )
    out = {}
    for row in conn.execute(query):
        name, uri, srid, x0, y0, x1, y1, rx, ry, width, height, stats, *rest = row
        source, synthetic, licence, created = rest
        out[name] = StoredRaster(
            name, uri, srid, (x0, y0, x1, y1), (rx, ry), (width, height),
            dict(stats), source, synthetic, licence, created,
        )  # fmt: skip
    return out


def raster_path(store: Path, uri: str) -> str:
    """Where the file of catalogue ``uri`` is: relative to ``store``, or as written when
    absolute (a path, a ``/vsi…`` path or a URI GDAL opens)."""
    if _gdal_uri(uri) or Path(uri).is_absolute():
        return uri
    if ".." in Path(uri).parts:
        raise ConfigurationError(f"raster catalogue uri '{uri}' leaves the raster store")
    return str(store / uri)


def raster_present(data: str) -> bool:
    """Whether the file :func:`raster_path` gave exists (a remote URI is taken on trust:
    GDAL reports it when read)."""
    return _gdal_uri(data) or Path(data).is_file()


def _gdal_uri(uri: str) -> bool:
    return "://" in uri or uri.startswith("/vsi")


class RasterBatch:
    """The rasters an open :func:`raster_transaction` will store: write each file under
    :attr:`staging` (same file system as the store), then :meth:`add` it."""

    def __init__(self, store: Path, staging: Path) -> None:
        self.store = store
        self.staging = staging
        self.entries: dict[str, tuple[Path, StoredRaster]] = {}

    def add(
        self,
        name: str,
        path: str | Path,
        *,
        source: str | None,
        synthetic: bool = False,
        licence: str | None = None,
    ) -> StoredRaster:
        """Describe the staged file ``path`` and store it as ``name`` at commit.

        Raises
        ------
        InvalidInput
            A name that is not snake_case, an over-long source or licence, an unreadable
            raster (:func:`describe_raster`).
        """
        if not name.isidentifier() or name != name.lower() or len(name) > _length("name"):
            raise InvalidInput(f"raster name '{name}' must be snake_case", field="name")
        for what, text in (("source", source), ("licence", licence)):
            if text is not None and len(text) > _length(what):
                raise InvalidInput(
                    f"raster '{name}': {what} longer than {_length(what)} characters", field=what
                )
        path = Path(path)
        if path.parent.resolve() != self.staging.resolve():  # os.replace needs one file system
            path = Path(shutil.copy2(path, self.staging / f"{name}.upload{path.suffix}"))
        entry = describe_raster(
            path,
            name=name,
            uri=f"{name}{path.suffix or '.tif'}",
            source=source,
            synthetic=synthetic,
            licence=licence,
        )
        self.entries[name] = (path, entry)
        return entry


@contextmanager
def raster_transaction(conn: psycopg.Connection, store: Path) -> Iterator[RasterBatch]:
    """A database transaction that also stores rasters: both happen, or neither.

    The block runs in ``conn.transaction()`` (do the other database work of the same
    import in it too) and stages files in the batch. At the end of the block the entries
    are registered (a row lock per name serialises concurrent imports), the files are
    moved into place, and the transaction commits; if anything fails, the previous
    files are put back and nothing is registered.

    Parameters
    ----------
    conn:
        A connection with no transaction open (this one must be the outermost, so that
        its end is the commit).
    store:
        The raster store (:attr:`DatabaseSettings.raster_dir`); created when missing.
    """
    if conn.info.transaction_status != TransactionStatus.IDLE:
        raise RuntimeError("raster_transaction must open the connection's transaction")
    store.mkdir(parents=True, exist_ok=True)
    batch = RasterBatch(store, Path(tempfile.mkdtemp(dir=store, prefix=".staging-")))
    moved: list[tuple[Path, Path | None]] = []
    try:
        with conn.transaction():
            yield batch
            for _path, entry in batch.entries.values():
                _register(conn, entry)
            for path, entry in batch.entries.values():
                moved.append(_move_into_place(path, store / entry.uri, batch.staging))
    except BaseException:
        _put_back(moved)
        raise
    finally:
        shutil.rmtree(batch.staging, ignore_errors=True)  # staged leftovers and backups


def _length(column: str) -> int:
    return int(getattr(RasterEntry.__table__.c[column].type, "length", 0) or 10**6)


def _register(conn: psycopg.Connection, entry: StoredRaster) -> None:
    """Insert or replace the catalogue row of ``entry``."""
    names = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
    updates = sql.SQL(", ").join(
        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in (*COLUMNS[1:], "created")
    )
    statement = sql.SQL(
        "INSERT INTO {} ({}, created) VALUES ({}, now()) ON CONFLICT (name) DO UPDATE SET {}"
    ).format(TABLE, names, sql.SQL(", ").join(sql.Placeholder() * len(COLUMNS)), updates)
    values = (
        entry.name, entry.uri, entry.srid, *entry.bounds, *entry.resolution, *entry.size,
        Jsonb(entry.statistics), entry.source, entry.synthetic, entry.licence,
    )  # fmt: skip
    try:
        conn.execute(statement, values)
    except psycopg.DataError as exc:
        raise InvalidInput(f"raster '{entry.name}': {exc.diag.message_primary}") from exc


def _move_into_place(staged: Path, final: Path, staging: Path) -> tuple[Path, Path | None]:
    """Replace ``final`` by ``staged``; return (final, backup of the previous file)."""
    backup = None
    if final.exists():
        backup = staging / f"{final.name}.previous"
        try:
            os.link(final, backup)  # the old inode stays readable for open readers
        except OSError:
            shutil.copy2(final, backup)
    os.chmod(staged, 0o644)  # app servers running as another user read the store
    os.replace(staged, final)
    return final, backup


def _put_back(moved: list[tuple[Path, Path | None]]) -> None:
    """Undo :func:`_move_into_place` (the transaction did not commit)."""
    for final, backup in reversed(moved):
        try:
            if backup is None:
                final.unlink(missing_ok=True)
            else:
                os.replace(backup, final)
        except OSError:
            log.exception("raster store: could not put back %s", final)
