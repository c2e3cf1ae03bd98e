"""GTFS import: a valid feed stored whole, broken feeds refused with every problem listed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import psycopg
import pytest

from gis.importers.jobs import import_gtfs
from layers.db.bulk import layer_counts
from layers.registry import default_registry
from models.errors import InvalidInput

REGISTRY = default_registry()
FEED = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\n"
    "ASTIKO,Αστικό ΚΤΕΛ Καρδίτσας,https://example.org,Europe/Athens\n",
    "stops.txt": "stop_id,stop_code,stop_name,stop_lat,stop_lon,location_type,wheelchair_boarding\n"
    "S1,101,Πλατεία Ελευθερίας,39.3650,21.9220,0,1\n"
    "S2,102,Σταθμός ΚΤΕΛ,39.3610,21.9270,0,2\n"
    "S3,103,Νοσοκομείο,39.3580,21.9150,0,\n",
    "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\n"
    "R1,ASTIKO,1,Κέντρο - Νοσοκομείο,3\n",
    "trips.txt": "route_id,service_id,trip_id,trip_headsign,shape_id\n"
    "R1,WK,T1,Νοσοκομείο,SH1\nR1,WK,T2,Νοσοκομείο,SH1\n",
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
    "T1,07:00:00,07:00:00,S1,1\nT1,07:04:00,07:05:00,S2,2\nT1,07:10:00,07:10:00,S3,3\n"
    "T2,24:50:00,24:50:00,S1,1\nT2,24:55:00,24:55:00,S3,2\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
    "start_date,end_date\nWK,1,1,1,1,1,0,0,20260101,20261231\n",
    "shapes.txt": "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n"
    "SH1,39.3650,21.9220,1\nSH1,39.3610,21.9270,2\nSH1,39.3580,21.9150,3\n",
}


def feed(tmp: Path, name: str = "feed.zip", **changes: str) -> Path:
    path = tmp / name
    with zipfile.ZipFile(path, "w") as archive:
        for file, text in {**FEED, **changes}.items():
            archive.writestr(file, text)
    return path


def gtfs_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = ("gtfs_stops", "gtfs_routes", "gtfs_trips", "gtfs_stop_times", "gtfs_shapes")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]  # noqa: S608


def test_valid_feed_is_stored_and_feeds_transit_stops(
    import_conn: psycopg.Connection, tmp_path: Path
) -> None:
    report = import_gtfs(import_conn, REGISTRY, feed(tmp_path))
    assert gtfs_counts(import_conn) == {
        "gtfs_stops": 3,
        "gtfs_routes": 1,
        "gtfs_trips": 2,
        "gtfs_stop_times": 5,
        "gtfs_shapes": 1,
    }
    assert report.changes["transit_stops"].inserted == 3
    after_midnight = import_conn.execute(
        "SELECT arrival_s FROM gtfs_stop_times WHERE trip_id = 'T2' AND stop_sequence = 1"
    ).fetchone()
    assert after_midnight == (24 * 3600 + 50 * 60,)
    stops = dict(import_conn.execute("SELECT code, wheelchair_boarding FROM transit_stops"))
    assert stops == {"101": "yes", "102": "no", "103": "unknown"}
    again = import_gtfs(import_conn, REGISTRY, feed(tmp_path))
    assert again.changes["transit_stops"].unchanged == 3
    assert layer_counts(import_conn, REGISTRY)["transit_stops"] == 3


BROKEN = {
    "dangling references": (
        {
            "trips.txt": "route_id,service_id,trip_id,shape_id\nR9,WK,T1,SH9\nR1,SUN,T2,\n",
            "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
            "T1,07:00:00,07:00:00,S1,1\nT3,07:00:00,07:00:00,S7,1\n",
        },
        [
            r"trips.txt line 2, field 'route_id': 'R9' is not in routes.txt",
            r"trips.txt line 2, field 'shape_id': 'SH9' is not in shapes.txt",
            r"trips.txt line 3, field 'service_id': 'SUN' is not in the calendar",
            r"stop_times.txt line 3, field 'trip_id': 'T3' is not in trips.txt",
            r"stop_times.txt line 3, field 'stop_id': 'S7' is not in stops.txt",
        ],
    ),
    "bad times": (
        {
            "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
            "T1,07:00,07:00:00,S1,1\nT1,07:10:00,07:05:00,S2,2\nT1,07:01:00,07:11:00,S3,3\n"
        },
        [
            r"line 2, field 'arrival_time': '07:00' is not HH:MM:SS",
            r"line 3, field 'departure_time': is before the arrival",
            r"line 4, field 'arrival_time': is before the previous stop",
        ],
    ),
    "bad coordinates": (
        {
            "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nS1,A,39.36,21.92\nS2,B,139.36,21.9\n"
            "S3,C,,21.9\n"
        },
        [r"stops.txt line 3, field 'stop_lat': '139.36'", r"stops.txt line 4, field 'stop_lat'"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_feed_lists_problems_and_changes_nothing(
    import_conn: psycopg.Connection, tmp_path: Path, case: str
) -> None:
    import_gtfs(import_conn, REGISTRY, feed(tmp_path, "good.zip"))
    before = gtfs_counts(import_conn), layer_counts(import_conn, REGISTRY)
    changes, messages = BROKEN[case]
    with pytest.raises(InvalidInput) as caught:
        import_gtfs(import_conn, REGISTRY, feed(tmp_path, "bad.zip", **changes))
    assert caught.value.message.startswith("feed 'bad.zip': ")
    for message in messages:
        assert re.search(message, caught.value.message), message
    assert (gtfs_counts(import_conn), layer_counts(import_conn, REGISTRY)) == before


def test_missing_file_and_not_a_zip(import_conn: psycopg.Connection, tmp_path: Path) -> None:
    path = tmp_path / "partial.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("stops.txt", FEED["stops.txt"])
    with pytest.raises(InvalidInput, match=r"feed 'partial.zip': routes.txt is missing"):
        import_gtfs(import_conn, REGISTRY, path)
    text = tmp_path / "feed.zip"
    text.write_text("hello")
    with pytest.raises(InvalidInput, match=r"feed 'feed.zip': not a GTFS zip"):
        import_gtfs(import_conn, REGISTRY, text)
