"""schema.org JSON-LD of a guide business (``LocalBusiness`` with its
``OpeningHoursSpecification``, accessibility and offers)."""

from __future__ import annotations

from typing import Any

from layers.commerce.hours import DAY_MINUTES
from layers.commerce.osm import CATEGORY_TAGS
from models.enums import BusinessCategory

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: schema.org types of the categories (LocalBusiness otherwise).
SCHEMA_TYPES = {
    BusinessCategory.CAFE: "CafeOrCoffeeShop",
    BusinessCategory.RESTAURANT: "Restaurant",
    BusinessCategory.TAVERN: "Restaurant",
    BusinessCategory.BAKERY: "Bakery",
    BusinessCategory.PHARMACY: "Pharmacy",
    BusinessCategory.SUPERMARKET: "GroceryStore",
    BusinessCategory.BUTCHER: "Store",
    BusinessCategory.CLOTHING: "ClothingStore",
    BusinessCategory.HARDWARE: "HardwareStore",
    BusinessCategory.BOOKSHOP: "BookStore",
    BusinessCategory.BANK: "BankOrCreditUnion",
    BusinessCategory.HOTEL: "Hotel",
    BusinessCategory.KIOSK: "Store",
    BusinessCategory.FUEL: "GasStation",
}


def _clock(minutes: int) -> str:
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def opening_specification(hours: dict[str, Any] | None) -> list[dict[str, Any]]:
    """``OpeningHoursSpecification`` entries of the ``hours`` column (a span past
    midnight closes at its clock time, as schema.org reads ``closes < opens``)."""
    if not hours:
        return []
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAY_NAMES[day]}",
            "opens": _clock(opens),
            "closes": "23:59" if closes == DAY_MINUTES else _clock(closes),
        }
        for day, opens, closes in hours.get("week", [])
    ]


def business_jsonld(
    record: dict[str, Any], url: str, offers: list[dict[str, Any]]
) -> dict[str, Any]:
    """The record of ``layers.commerce.guide.business`` as schema.org JSON-LD."""
    category = BusinessCategory(record["category"])
    key, value = CATEGORY_TAGS[category]
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(category, "LocalBusiness"),
        "@id": url,
        "url": url,
        "name": [
            {"@value": record["name_el"], "@language": "el"},
            {"@value": record["name_en"], "@language": "en"},
        ],
        "geo": {"@type": "GeoCoordinates", "latitude": record["lat"], "longitude": record["lon"]},
        "additionalProperty": [{"@type": "PropertyValue", "name": f"osm:{key}", "value": value}],
        "openingHoursSpecification": opening_specification(record.get("hours")),
    }
    if record.get("address"):
        out["address"] = {"@type": "PostalAddress", "streetAddress": record["address"]}
    for field, name in (("phone", "telephone"), ("email", "email"), ("website", "sameAs")):
        if record.get(field):
            out[name] = record[field]
    if record.get("photos"):
        out["photo"] = [{"@type": "ImageObject", "contentUrl": p["url"]} for p in record["photos"]]
    if record.get("wheelchair"):
        out["amenityFeature"] = [
            {
                "@type": "LocationFeatureSpecification",
                "name": "wheelchair",
                "value": record["wheelchair"] != "no",
            }
        ]
    if offers:
        out["makesOffer"] = [
            {
                "@type": "Offer" if o["kind"] == "offer" else "Event",
                "name": o["title_en"],
                "validFrom": o["valid_from"].isoformat(),
                "validThrough": o["valid_to"].isoformat(),
            }
            for o in offers
        ]
    return out
