"""Reading and validating a static GTFS feed (``.zip``) before anything is stored.

The whole feed is checked first: required files and columns, coordinates, times,
and referential integrity (trips → routes and shapes, stop times → trips and stops).
Every problem found is listed with its file, line and field; a feed with problems is
refused as a whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from models.base import STORAGE_SRID
from models.errors import InvalidInput

REQUIRED: dict[str, tuple[str, ...]] = {
    "stops.txt": ("stop_id",),
    "routes.txt": ("route_id", "route_type"),
    "trips.txt": ("route_id", "service_id", "trip_id"),
    "stop_times.txt": ("trip_id", "stop_id", "stop_sequence"),
}
OPTIONAL = ("shapes.txt", "calendar.txt", "calendar_dates.txt")
#: Problems listed in the error message (the count says how many there were in all).
SHOWN_PROBLEMS = 10
_TIME = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")
_TO_STORAGE = Transformer.from_crs(4326, STORAGE_SRID, always_xy=True)


@dataclass
class Feed:
    """A validated feed: rows per table, in the column order of :data:`COLUMNS`."""

    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


#: Table → columns written, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "gtfs_stops": (
        "stop_id",
        "stop_code",
        "stop_name",
        "location_type",
        "parent_station",
        "wheelchair_boarding",
        "geom",
    ),
    "gtfs_routes": (
        "route_id",
        "agency_id",
        "route_short_name",
        "route_long_name",
        "route_type",
        "route_color",
    ),
    "gtfs_shapes": ("shape_id", "geom"),
    "gtfs_trips": (
        "trip_id",
        "route_id",
        "service_id",
        "trip_headsign",
        "direction_id",
        "shape_id",
    ),
    "gtfs_stop_times": ("trip_id", "stop_sequence", "stop_id", "arrival_s", "departure_s"),
}


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: str, index: int | None, column: str, problem: str) -> None:
        where = file if index is None else f"{file} line {index + 2}"
        self.items.append(f"{where}, field '{column}': {problem}")


def read_gtfs(path: str | Path) -> Feed:
    """Read and validate the feed at ``path``; ``InvalidInput`` listing every problem."""
    path = Path(path)
    where = f"feed '{path.name}'"
    frames = _read_zip(path, where=where)
    problems = _Problems()
    feed = Feed()
    stops = _stops(frames["stops.txt"], problems)
    routes = _routes(frames["routes.txt"], problems)
    shapes = _shapes(frames.get("shapes.txt"), problems)
    services = _services(frames, problems)
    trips = _trips(frames["trips.txt"], problems, routes=routes, shapes=shapes, services=services)
    stop_times = _stop_times(frames["stop_times.txt"], problems, trips=trips, stops=stops)
    if problems.items:
        shown = "; ".join(problems.items[:SHOWN_PROBLEMS])
        more = len(problems.items) - SHOWN_PROBLEMS
        tail = f"; … and {more} more" if more > 0 else ""
        raise InvalidInput(
            f"{where}: {len(problems.items)} problem(s): {shown}{tail}", field="gtfs"
        )
    feed.tables = {
        "gtfs_stops": list(stops.values()),
        "gtfs_routes": list(routes.values()),
        "gtfs_shapes": list(shapes.values()),
        "gtfs_trips": list(trips.values()),
        "gtfs_stop_times": stop_times,
    }
    return feed


def _read_zip(path: Path, *, where: str) -> dict[str, pd.DataFrame]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"{where}: not a GTFS zip ({exc})", field="file") from None
    frames = {}
    with archive:
        names = set(archive.namelist())
        for name in (*REQUIRED, *OPTIONAL):
            if name not in names:
                if name in REQUIRED:
                    raise InvalidInput(f"{where}: {name} is missing", field=name)
                continue
            raw = archive.read(name)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = raw.count(b"\n", 0, exc.start) + 1
                raise InvalidInput(
                    f"{where}: {name} line {line} is not UTF-8 (GTFS requires it)", field=name
                ) from None
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
            frame.columns = [c.strip() for c in frame.columns]
            missing = [c for c in REQUIRED.get(name, ()) if c not in frame.columns]
            if missing:
                raise InvalidInput(f"{where}: {name} has no column '{missing[0]}'", field=name)
            frames[name] = frame
    return frames


def _opt(row: dict[str, str], column: str) -> str | None:
    value = row.get(column, "").strip()
    return value or None


def _int(value: str | None, problems: _Problems, file: str, index: int, column: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        problems.add(file, index, column, f"{value!r} is not an integer")
        return None


def _rows(frame: pd.DataFrame) -> Iterable[tuple[int, dict[str, str]]]:
    return enumerate(frame.to_dict("records"))


def _unique(
    problems: _Problems, file: str, index: int, column: str, key: str, seen: set[str]
) -> bool:
    if key in seen:
        problems.add(file, index, column, f"{key!r} repeats")
        return False
    seen.add(key)
    return True


def _stops(frame: pd.DataFrame, problems: _Problems) -> dict[str, tuple[Any, ...]]:
    out: dict[str, tuple[Any, ...]] = {}
    seen: set[str] = set()
    for index, row in _rows(frame):
        stop_id = row["stop_id"].strip()
        if not _unique(problems, "stops.txt", index, "stop_id", stop_id, seen):
            continue
        lat = _coordinate(row, "stop_lat", 90, problems, "stops.txt", index)
        lon = _coordinate(row, "stop_lon", 180, problems, "stops.txt", index)
        if lat is None or lon is None:
            continue
        x, y = _TO_STORAGE.transform(lon, lat)
        out[stop_id] = (
            stop_id,
            _opt(row, "stop_code"),
            _opt(row, "stop_name"),
            _int(_opt(row, "location_type"), problems, "stops.txt", index, "location_type") or 0,
            _opt(row, "parent_station"),
            _int(
                _opt(row, "wheelchair_boarding"),
                problems,
                "stops.txt",
                index,
                "wheelchair_boarding",
            ),
            shapely.Point(x, y),
        )
    return out


def _coordinate(
    row: dict[str, str], column: str, limit: float, problems: _Problems, file: str, index: int
) -> float | None:
    text = _opt(row, column)
    try:
        value = float(text) if text is not None else None
    except ValueError:
        value = None
    if value is None or not -limit <= value <= limit or value == 0:
        problems.add(file, index, column, f"{text!r} is not a valid coordinate")
        return None
    return value


def _routes(frame: pd.DataFrame, problems: _Problems) -> dict[str, tuple[Any, ...]]:
    out: dict[str, tuple[Any, ...]] = {}
    seen: set[str] = set()
    for index, row in _rows(frame):
        route_id = row["route_id"].strip()
        if not _unique(problems, "routes.txt", index, "route_id", route_id, seen):
            continue
        route_type = _int(_opt(row, "route_type"), problems, "routes.txt", index, "route_type")
        if route_type is None:
            problems.add("routes.txt", index, "route_type", "is required")
            continue
        out[route_id] = (
            route_id,
            _opt(row, "agency_id"),
            _opt(row, "route_short_name"),
            _opt(row, "route_long_name"),
            route_type,
            _opt(row, "route_color"),
        )
    return out


def _shapes(frame: pd.DataFrame | None, problems: _Problems) -> dict[str, tuple[Any, ...]]:
    if frame is None or frame.empty:
        return {}
    points: dict[str, list[tuple[int, float, float]]] = {}
    for index, row in _rows(frame):
        lat = _coordinate(row, "shape_pt_lat", 90, problems, "shapes.txt", index)
        lon = _coordinate(row, "shape_pt_lon", 180, problems, "shapes.txt", index)
        seq = _int(
            _opt(row, "shape_pt_sequence"), problems, "shapes.txt", index, "shape_pt_sequence"
        )
        if lat is not None and lon is not None and seq is not None:
            points.setdefault(row["shape_id"].strip(), []).append((seq, lon, lat))
    out: dict[str, tuple[Any, ...]] = {}
    for shape_id, pts in points.items():
        pts.sort()
        lons, lats = np.array([p[1] for p in pts]), np.array([p[2] for p in pts])
        x, y = _TO_STORAGE.transform(lons, lats)
        if len(set(zip(x, y, strict=True))) < 2:
            problems.add("shapes.txt", None, "shape_id", f"shape {shape_id!r} has under 2 points")
            continue
        out[shape_id] = (shape_id, shapely.LineString(np.column_stack([x, y])))
    return out


def _services(frames: dict[str, pd.DataFrame], problems: _Problems) -> set[str]:
    """Service ids of ``calendar.txt`` and ``calendar_dates.txt`` (one of them is required)."""
    found = [frames[n] for n in ("calendar.txt", "calendar_dates.txt") if n in frames]
    if not found:
        problems.add(
            "calendar.txt",
            None,
            "service_id",
            "neither calendar.txt nor calendar_dates.txt is in the feed",
        )
    return {str(v).strip() for frame in found if "service_id" in frame for v in frame["service_id"]}


def _trips(
    frame: pd.DataFrame,
    problems: _Problems,
    *,
    routes: dict[str, tuple[Any, ...]],
    shapes: dict[str, tuple[Any, ...]],
    services: set[str],
) -> dict[str, tuple[Any, ...]]:
    out: dict[str, tuple[Any, ...]] = {}
    seen: set[str] = set()
    for index, row in _rows(frame):
        trip_id = row["trip_id"].strip()
        if not _unique(problems, "trips.txt", index, "trip_id", trip_id, seen):
            continue
        route_id = row["route_id"].strip()
        if route_id not in routes:
            problems.add("trips.txt", index, "route_id", f"{route_id!r} is not in routes.txt")
        service_id = row["service_id"].strip()
        if services and service_id not in services:
            problems.add("trips.txt", index, "service_id", f"{service_id!r} is not in the calendar")
        shape_id = _opt(row, "shape_id")
        if shape_id is not None and shape_id not in shapes:
            problems.add("trips.txt", index, "shape_id", f"{shape_id!r} is not in shapes.txt")
        out[trip_id] = (
            trip_id,
            route_id,
            row["service_id"].strip(),
            _opt(row, "trip_headsign"),
            _int(_opt(row, "direction_id"), problems, "trips.txt", index, "direction_id"),
            shape_id,
        )
    return out


def seconds(text: str | None) -> int | None:
    """``HH:MM:SS`` (hours may pass 24) as seconds; ``None`` for blank; ``ValueError`` if bad."""
    if text is None:
        return None
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    h, m, s = (int(g) for g in match.groups())
    return h * 3600 + m * 60 + s


def _stop_times(
    frame: pd.DataFrame,
    problems: _Problems,
    *,
    trips: dict[str, tuple[Any, ...]],
    stops: dict[str, tuple[Any, ...]],
) -> list[tuple[Any, ...]]:
    out = []
    last: dict[str, tuple[int, int]] = {}  # trip → (sequence, time) of its previous stop
    order = frame.assign(_seq=pd.to_numeric(frame["stop_sequence"], errors="coerce"))
    order = order.sort_values(["trip_id", "_seq"], kind="stable").drop(columns="_seq")
    for index, row in zip(order.index.tolist(), order.to_dict("records"), strict=True):
        trip_id, stop_id = row["trip_id"].strip(), row["stop_id"].strip()
        if trip_id not in trips:
            problems.add("stop_times.txt", index, "trip_id", f"{trip_id!r} is not in trips.txt")
        if stop_id not in stops:
            problems.add("stop_times.txt", index, "stop_id", f"{stop_id!r} is not in stops.txt")
        seq = _int(_opt(row, "stop_sequence"), problems, "stop_times.txt", index, "stop_sequence")
        times = []
        for column in ("arrival_time", "departure_time"):
            try:
                times.append(seconds(_opt(row, column)))
            except ValueError:
                problems.add("stop_times.txt", index, column, f"{row[column]!r} is not HH:MM:SS")
                times.append(None)
        arrival, departure = times
        if arrival is not None and departure is not None and departure < arrival:
            problems.add("stop_times.txt", index, "departure_time", "is before the arrival")
        moment = arrival if arrival is not None else departure
        previous = last.get(trip_id)
        if seq is not None and previous is not None:
            if seq <= previous[0]:
                problems.add("stop_times.txt", index, "stop_sequence", f"{seq} repeats in the trip")
            if moment is not None and moment < previous[1]:
                problems.add("stop_times.txt", index, "arrival_time", "is before the previous stop")
        if seq is not None:
            last[trip_id] = (seq, moment if moment is not None else (previous or (0, 0))[1])
        out.append((trip_id, seq, stop_id, arrival, departure))
    return out
