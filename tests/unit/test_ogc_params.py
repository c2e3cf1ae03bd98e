"""Query-string validation of /items: every bad value is a 400 naming its parameter."""

from __future__ import annotations

import datetime as dt

import pytest

from layers.ogc.crs import EPSG_URI
from layers.ogc.params import parse_items_query
from layers.registry import default_registry
from models.errors import InvalidParameter

REGISTRY = default_registry()
BUILDINGS = REGISTRY.get("buildings")
TREES = REGISTRY.get("trees")


def parse(params: dict[str, str], spec=BUILDINGS):
    return parse_items_query(spec, params, default_limit=10, max_limit=10_000)


def test_defaults() -> None:
    q = parse({})
    assert (q.limit, q.offset, q.bbox, q.filter, q.sortby) == (10, 0, None, None, ())
    assert q.crs.srid == 4326 and not q.crs.flip


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "10001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "1,2,x,4"}, "bbox"),
        ({"bbox": "22,39,21,40"}, "bbox"),
        ({"bbox": "21,91,22,92"}, "bbox"),
        ({"bbox-crs": "EPSG:2100"}, "bbox-crs"),
        ({"bbox": "1,2,3,4", "bbox-crs": "EPSG:9999"}, "bbox-crs"),
        ({"crs": "EPSG:32634"}, "crs"),
        ({"crs": "http://www.opengis.net/def/crs/EPSG/0/1"}, "crs"),
        ({"datetime": "2020-01-01"}, "datetime"),  # buildings have no time
        ({"sortby": "-colour"}, "sortby"),
        ({"properties": "floors,colour"}, "properties"),
        ({"skipGeometry": "maybe"}, "skipGeometry"),
        ({"floors": "many"}, "floors"),
        ({"use": "castle"}, "use"),
        ({"is_school": "yes"}, "is_school"),
        ({"colour": "red"}, "colour"),
        ({"filter": "floors >"}, "filter"),
        ({"filter": "floors > 1", "filter-lang": "ecql"}, "filter-lang"),
        ({"filter": "colour = 'red'"}, "filter"),
        ({"filter": "floors > 1", "filter-crs": "EPSG:1234"}, "filter-crs"),
    ],
)
def test_bad_values_name_their_parameter(params: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidParameter) as err:
        parse(params)
    assert err.value.field == field
    assert err.value.status == 400
    assert f"'{field}'" in err.value.message


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"datetime": "2020-13-01"}, "datetime"),
        ({"datetime": "2021-01-01/2020-01-01"}, "datetime"),
        ({"datetime": "../.."}, "datetime"),
    ],
)
def test_bad_datetimes(params: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidParameter) as err:
        parse(params, TREES)
    assert err.value.field == field


def test_bbox_in_epsg4326_is_latitude_first() -> None:
    q = parse({"bbox": "39.3,21.9,39.4,22.0", "bbox-crs": EPSG_URI.format(4326)})
    assert q.bbox == (21.9, 39.3, 22.0, 39.4)
    assert q.bbox_crs.srid == 4326


def test_bbox_with_heights_keeps_the_plane() -> None:
    assert parse({"bbox": "21.9,39.3,0,22.0,39.4,100"}).bbox == (21.9, 39.3, 22.0, 39.4)


def test_datetime_forms() -> None:
    utc = dt.UTC
    day = parse({"datetime": "2020-05-01"}, TREES).interval
    assert day is not None and day[0] == dt.datetime(2020, 5, 1, tzinfo=utc)
    assert day[1] is not None and day[1].date() == dt.date(2020, 5, 1)
    assert parse({"datetime": "../2020-01-01T00:00:00Z"}, TREES).interval == (
        None,
        dt.datetime(2020, 1, 1, tzinfo=utc),
    )
    lo, hi = parse({"datetime": "2019-01-01T00:00:00+02:00/.."}, TREES).interval or (0, 0)
    assert hi is None and lo == dt.datetime(2018, 12, 31, 22, tzinfo=utc)


def test_property_values_are_typed() -> None:
    q = parse({"floors": "3", "is_school": "true", "use": "residential"})
    assert dict(q.equals) == {"floors": 3, "is_school": True, "use": "residential"}


def test_sortby_properties_and_crs() -> None:
    q = parse({"sortby": "-floors,+name", "properties": "name,floors", "crs": "EPSG:2100"})
    assert q.sortby == (("floors", True), ("name", False))
    assert q.properties == ("name", "floors")
    assert q.crs.srid == 2100


def test_filter_is_parsed_to_cql2_json() -> None:
    q = parse({"filter": "floors > 2 AND use = 'education'"})
    assert q.filter is not None and q.filter["op"] == "and"
    j = parse({"filter": '{"op": ">", "args": [{"property": "floors"}, 2]}'})
    assert j.filter == {"op": ">", "args": [{"property": "floors"}, 2]}
