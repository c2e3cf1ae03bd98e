"""Categories and OSM tags, and the schema.org JSON-LD of a business."""

from __future__ import annotations

import datetime as dt

import pytest

from gis.commerce.jsonld import business_jsonld, opening_specification
from layers.commerce.hours import parse_hours
from layers.commerce.osm import CATEGORY_TAGS, business_attributes
from models.enums import BusinessCategory


@pytest.mark.parametrize(
    "category", [c for c in BusinessCategory if c is not BusinessCategory.TAVERN]
)
def test_each_category_maps_to_osm_tags_and_back(category: BusinessCategory) -> None:
    key, value = CATEGORY_TAGS[category]
    record = business_attributes({key: value, "name": "Δοκιμή", "opening_hours": "Mo 09:00-10:00"})
    assert record is not None
    assert record["category"] is category


def test_osm_hours_become_the_hours_column() -> None:
    record = business_attributes({"amenity": "cafe", "opening_hours": "Fr 20:00-02:00"})
    assert record is not None and '"week": [[4, 1200, 1560]]' in record["hours"]
    beyond = business_attributes({"amenity": "cafe", "opening_hours": "sunrise-sunset"})
    assert beyond is not None and beyond["hours"] is None  # kept as text only


def test_opening_hours_specification_past_midnight() -> None:
    spec = opening_specification(parse_hours("Fr 20:00-02:00; Sa 10:00-24:00").to_json())
    assert spec == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Friday",
            "opens": "20:00",
            "closes": "02:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Saturday",
            "opens": "10:00",
            "closes": "23:59",
        },
    ]


def test_business_json_ld() -> None:
    record = {
        "category": "pharmacy",
        "name_el": "Φαρμακείο Α",
        "name_en": "A Pharmacy",
        "lon": 21.92,
        "lat": 39.36,
        "address": "Οδός 1",
        "phone": "2441000000",
        "hours": parse_hours("Mo-Fr 08:00-14:00").to_json(),
        "wheelchair": "limited",
        "photos": [{"url": "https://photos.example.org/a.jpg", "caption": ""}],
    }
    offer = {
        "kind": "event",
        "title_en": "Health day",
        "valid_from": dt.date(2026, 12, 1),
        "valid_to": dt.date(2026, 12, 2),
    }
    ld = business_jsonld(record, "https://gis.example.org/guide/businesses/7", [offer])
    assert ld["@type"] == "Pharmacy"
    assert {"@value": "Φαρμακείο Α", "@language": "el"} in ld["name"]
    assert len(ld["openingHoursSpecification"]) == 5
    assert ld["telephone"] == "2441000000"
    assert ld["amenityFeature"][0]["value"] is True
    assert ld["makesOffer"][0] == {
        "@type": "Event",
        "name": "Health day",
        "validFrom": "2026-12-01",
        "validThrough": "2026-12-02",
    }
    assert ld["additionalProperty"][0] == {
        "@type": "PropertyValue",
        "name": "osm:amenity",
        "value": "pharmacy",
    }
