"""OSM tags → layer attributes (each domain's ``layers/<domain>/osm.py``): the
pedestrian-network tags, classes, odd values."""

from __future__ import annotations

import pytest

from layers.commerce.osm import business_attributes
from layers.core.osm import road_attributes
from layers.green.osm import tree_attributes
from layers.imports.osm_values import incline, number, surface
from layers.mobility.osm import crossing_attributes, footway_attributes
from layers.transit.osm import bus_stop_attributes
from models.enums import (
    BusinessCategory,
    CrossingType,
    FootwayType,
    KerbType,
    RoadClass,
    Surface,
    WheelchairAccess,
)


def test_sidewalk_tags() -> None:
    attrs = footway_attributes(
        {
            "highway": "footway",
            "footway": "sidewalk",
            "surface": "paving_stones:30",
            "width": "1,8 m",
            "incline": "-4%",
            "tactile_paving": "yes",
            "wheelchair": "limited",
            "lit": "no",
        }
    )
    assert attrs == {
        "footway_type": FootwayType.SIDEWALK,
        "incline": -4.0,
        "width": 1.8,
        "surface": Surface.PAVING_STONES,
        "smoothness": None,
        "tactile_paving": True,
        "step_count": None,
        "lit": False,
        "wheelchair": WheelchairAccess.LIMITED,
    }


@pytest.mark.parametrize(
    ("tags", "kind"),
    [
        ({"crossing": "traffic_signals"}, CrossingType.TRAFFIC_SIGNALS),
        ({"crossing_ref": "pelican"}, CrossingType.TRAFFIC_SIGNALS),
        ({"crossing": "marked", "traffic_calming": "table"}, CrossingType.RAISED),
        ({"crossing": "unmarked"}, CrossingType.UNMARKED),
        ({"crossing": "zebra"}, CrossingType.MARKED),
        ({}, CrossingType.MARKED),
    ],
)
def test_crossing_types(tags: dict[str, str], kind: CrossingType) -> None:
    attrs = crossing_attributes({"highway": "crossing", **tags})
    assert attrs is not None and attrs["crossing_type"] is kind


def test_crossing_accessibility_tags() -> None:
    attrs = crossing_attributes(
        {
            "highway": "crossing",
            "kerb": "lowered",
            "tactile_paving": "no",
            "traffic_signals:sound": "walk",
            "crossing:island": "yes",
        }
    )
    assert attrs is not None
    assert attrs["kerb"] is KerbType.LOWERED
    assert (attrs["tactile_paving"], attrs["traffic_signals_sound"], attrs["island"]) == (
        False,
        True,
        True,
    )


def test_roads() -> None:
    attrs = road_attributes({"highway": "primary_link", "maxspeed": "FI:urban", "lanes": "12"})
    assert attrs is not None and attrs["road_class"] is RoadClass.PRIMARY
    assert attrs["maxspeed"] is None and attrs["lanes"] is None  # not representable → None
    assert road_attributes({"highway": "footway"}) is None
    assert road_attributes({"highway": "residential", "maxspeed": "30 mph"})["maxspeed"] == 48  # type: ignore[index]


def test_greek_and_latin_names() -> None:
    attrs = business_attributes(
        {
            "shop": "bakery",
            "name": "Φούρνος",
            "name:en": "Bakery",
            "opening_hours": "Mo-Sa 07:00-14:00",
        }
    )
    assert attrs is not None
    assert (attrs["name_el"], attrs["name_en"], attrs["category"]) == (
        "Φούρνος",
        "Bakery",
        BusinessCategory.BAKERY,
    )
    assert attrs["opening_hours"] == "Mo-Sa 07:00-14:00"
    assert business_attributes({"shop": "florist"})["category"] is BusinessCategory.OTHER  # type: ignore[index]


def test_values() -> None:
    assert number("2.5 m", low=0, high=50) == 2.5
    assert number("300", low=0, high=50) is None
    assert incline("up") is None and incline("10°") == pytest.approx(17.63, abs=0.01)
    assert surface("concrete:plates") is Surface.CONCRETE and surface("wood") is Surface.OTHER
    assert tree_attributes({"natural": "tree"})["species"] == "unknown"  # type: ignore[index]
    assert bus_stop_attributes({"public_transport": "platform", "bus": "yes"}) is not None


def test_errors_name_the_osm_object() -> None:
    from gis.importers.jobs import osm_object_named
    from models.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"record 1: bad value \(OSM way 42\)$"):
        with osm_object_named(["n1", "w42"]):
            raise InvalidInput("layer 'roads', record 1: bad value")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ({"waterway": "stream", "name": "Καράμπαλης"}, ("stream", "Καράμπαλης", False)),
        ({"waterway": "drain", "intermittent": "yes"}, ("drain", None, True)),
        ({"waterway": "riverbank"}, None),
        ({"natural": "water"}, None),
    ],
)
def test_waterways(tags: dict[str, str], expected: tuple[str, str | None, bool] | None) -> None:
    from layers.core.osm import waterway_attributes

    got = waterway_attributes(tags)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert (got["kind"], got["name_el"], got["intermittent"]) == expected
