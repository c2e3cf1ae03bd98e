"""The demo town's sensors: river and rain gauges, a weather station, air-quality
monitors and counters, with a few days of history, and the values the simulator
(``polis demo simulate sensors``) publishes live. Pure: placement and values only."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import psycopg

from gis.demo import town
from gis.demo.placement import CENTRE_LONLAT, local_to_offsets
from layers.sensors.entities import DatastreamSpec, StationSpec, add_station, clear_sensors
from layers.sensors.partitions import maintain_partitions
from layers.sensors.store import write_batch
from models.observations import Reading

#: Days of history loaded with the demo, and its step.
HISTORY_DAYS = 3
HISTORY_STEP = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Kind:
    """How one observed property behaves: mean, daily swing, noise, valid range."""

    property: str
    unit_name: str
    unit_symbol: str
    mean: float
    swing: float
    noise: float
    low: float
    high: float
    peak_hour: float = 15.0
    integer: bool = False


KINDS = {
    k.property: k
    for k in (
        Kind("Στάθμη νερού / Water level", "metre", "m", 1.2, 0.15, 0.03, 0.0, 8.0, 6.0),
        Kind("Βροχόπτωση / Rainfall", "millimetre", "mm", 0.2, 0.3, 0.4, 0.0, 200.0, 17.0),
        Kind(
            "Θερμοκρασία αέρα / Air temperature",
            "degree Celsius",
            "°C",
            17.0,
            6.0,
            0.4,
            -30.0,
            50.0,
        ),
        Kind("Σχετική υγρασία / Relative humidity", "percent", "%", 60.0, -15.0, 2.0, 0.0, 100.0),
        Kind("Ταχύτητα ανέμου / Wind speed", "metre per second", "m/s", 3.0, 1.5, 0.8, 0.0, 60.0),
        Kind("PM2.5", "microgram per cubic metre", "µg/m³", 18.0, 8.0, 3.0, 0.0, 1000.0, 20.0),
        Kind("NO₂", "microgram per cubic metre", "µg/m³", 30.0, 15.0, 4.0, 0.0, 2000.0, 9.0),
        Kind(
            "Πεζοί / Pedestrians",
            "count per 10 minutes",
            "1",
            60.0,
            50.0,
            8.0,
            0.0,
            10000.0,
            12.0,
            True,
        ),
        Kind(
            "Ποδήλατα / Bicycles",
            "count per 10 minutes",
            "1",
            15.0,
            12.0,
            3.0,
            0.0,
            5000.0,
            18.0,
            True,
        ),
    )
}


def _stream(property_name: str, name: str, interval_s: int = 600) -> DatastreamSpec:
    k = KINDS[property_name]
    return DatastreamSpec(name, k.property, k.unit_name, k.unit_symbol, k.low, k.high, interval_s)


def _lonlat(u: float, v: float) -> tuple[float, float]:
    """Local town coordinates (metres) → CRS84, close enough for a demo station."""
    east, north = local_to_offsets(np.array([u]), np.array([v]))
    lat = CENTRE_LONLAT[1] + float(north[0]) / 111_320
    lon = CENTRE_LONLAT[0] + float(east[0]) / (111_320 * math.cos(math.radians(CENTRE_LONLAT[1])))
    return lon, lat


def demo_stations(seed: int = 0) -> list[StationSpec]:
    """The demo town's stations; river gauges stand on its stream."""
    stream = town.town_plan(seed).stream
    north, south = (
        stream.interpolate(0.3, normalized=True),
        stream.interpolate(0.7, normalized=True),
    )
    level = "Στάθμη νερού / Water level"
    rain = "Βροχόπτωση / Rainfall"

    def station(name: str, at: tuple[float, float], *streams: DatastreamSpec) -> StationSpec:
        lon, lat = _lonlat(*at)
        return StationSpec(name, lon, lat, description=name, datastreams=streams)

    return [
        station(
            "Σταθμήμετρο ρέματος (βόρειο) / Stream gauge (north)",
            (north.x, north.y),
            _stream(level, "Στάθμη βόρεια / Level north", 300),
        ),
        station(
            "Σταθμήμετρο ρέματος (νότιο) / Stream gauge (south)",
            (south.x, south.y),
            _stream(level, "Στάθμη νότια / Level south", 300),
        ),
        station(
            "Βροχόμετρο πάρκου / Park rain gauge",
            (-650.0, -440.0),
            _stream(rain, "Βροχή πάρκου / Park rain"),
        ),
        station(
            "Βροχόμετρο βιομηχανικής ζώνης / Industrial rain gauge",
            (900.0, 600.0),
            _stream(rain, "Βροχή ΒΙΠΕ / Industrial rain"),
        ),
        station(
            "Μετεωρολογικός σταθμός Δημαρχείου / Town hall weather station",
            (30.0, 60.0),
            _stream("Θερμοκρασία αέρα / Air temperature", "Θερμοκρασία / Temperature"),
            _stream("Σχετική υγρασία / Relative humidity", "Υγρασία / Humidity"),
            _stream("Ταχύτητα ανέμου / Wind speed", "Άνεμος / Wind"),
        ),
        station(
            "Ποιότητα αέρα: κέντρο / Air quality: centre",
            (-60.0, 20.0),
            _stream("PM2.5", "PM2.5 κέντρο / PM2.5 centre"),
            _stream("NO₂", "NO₂ κέντρο / NO₂ centre"),
        ),
        station(
            "Ποιότητα αέρα: σχολεία / Air quality: schools",
            (420.0, -300.0),
            _stream("PM2.5", "PM2.5 σχολεία / PM2.5 schools"),
            _stream("NO₂", "NO₂ σχολεία / NO₂ schools"),
        ),
        station(
            "Μετρητής πλατείας / Square counter",
            (0.0, 40.0),
            _stream("Πεζοί / Pedestrians", "Πεζοί πλατείας / Square pedestrians"),
        ),
        station(
            "Μετρητής ποδηλατόδρομου / Cycle path counter",
            (-300.0, 150.0),
            _stream("Ποδήλατα / Bicycles", "Ποδήλατα / Bicycles"),
        ),
    ]


def value_at(kind: Kind, when: dt.datetime, rng: np.random.Generator) -> float:
    """A plausible value of ``kind`` at ``when`` (daily cycle + noise, within range)."""
    hours = when.hour + when.minute / 60
    value = kind.mean + kind.swing * math.cos((hours - kind.peak_hour) / 24 * 2 * math.pi)
    value += float(rng.normal(0, kind.noise))
    value = min(max(value, kind.low), kind.high)
    return float(round(value)) if kind.integer else round(value, 2)


def history(
    kinds: list[Kind], *, now: dt.datetime, seed: int = 0
) -> Iterator[tuple[int, dt.datetime, float]]:
    """(index into ``kinds``, time, value) for :data:`HISTORY_DAYS` up to ``now``."""
    rng = np.random.default_rng(seed)
    start = now - dt.timedelta(days=HISTORY_DAYS)
    steps = int((now - start) / HISTORY_STEP)
    for i, kind in enumerate(kinds):
        for s in range(steps):
            when = start + s * HISTORY_STEP
            yield i, when, value_at(kind, when, rng)


def load_demo_sensors(conn: psycopg.Connection, *, seed: int = 0, retention_days: int = 90) -> int:
    """Replace every sensor entity with the demo's, with their history (in the caller's
    transaction); the number of observations loaded."""
    clear_sensors(conn)
    maintain_partitions(conn, retention_days=retention_days, ahead_days=3)
    ids: list[int] = []
    kinds: list[Kind] = []
    for station in demo_stations(seed):
        for spec, ident in zip(station.datastreams, add_station(conn, station), strict=True):
            ids.append(ident)
            kinds.append(KINDS[spec.observed_property])
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    readings = [Reading(ids[i], t, v) for i, t, v in history(kinds, now=now, seed=seed)]
    write_batch(conn, readings, source="demo")
    return len(readings)
