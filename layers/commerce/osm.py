"""OpenStreetMap tags → attributes of the ``commerce`` layers: businesses.

Pure functions, declared as each layer's :class:`~layers.registry.OsmRule`.
"""

from __future__ import annotations

import json

from layers.commerce.hours import parse_hours
from layers.imports.osm_values import Attributes, Tags, address, names
from models.commerce_enums import Wheelchair
from models.enums import BusinessCategory
from models.errors import InvalidInput

AMENITY_CATEGORIES = {
    "cafe": BusinessCategory.CAFE,
    "restaurant": BusinessCategory.RESTAURANT,
    "fast_food": BusinessCategory.RESTAURANT,
    "bar": BusinessCategory.CAFE,
    "pub": BusinessCategory.CAFE,
    "ice_cream": BusinessCategory.CAFE,
    "pharmacy": BusinessCategory.PHARMACY,
    "bank": BusinessCategory.BANK,
    "fuel": BusinessCategory.FUEL,
}
SHOP_CATEGORIES = {
    "bakery": BusinessCategory.BAKERY,
    "pastry": BusinessCategory.BAKERY,
    "supermarket": BusinessCategory.SUPERMARKET,
    "convenience": BusinessCategory.SUPERMARKET,
    "greengrocer": BusinessCategory.SUPERMARKET,
    "butcher": BusinessCategory.BUTCHER,
    "clothes": BusinessCategory.CLOTHING,
    "shoes": BusinessCategory.CLOTHING,
    "boutique": BusinessCategory.CLOTHING,
    "fashion": BusinessCategory.CLOTHING,
    "hardware": BusinessCategory.HARDWARE,
    "doityourself": BusinessCategory.HARDWARE,
    "books": BusinessCategory.BOOKSHOP,
    "stationery": BusinessCategory.BOOKSHOP,
    "kiosk": BusinessCategory.KIOSK,
    "newsagent": BusinessCategory.KIOSK,
}
HOTELS = {"hotel", "guest_house", "hostel", "motel"}
#: Each category as OSM tags it (the first mapping above; schema.org types alongside).
CATEGORY_TAGS: dict[BusinessCategory, tuple[str, str]] = {
    BusinessCategory.CAFE: ("amenity", "cafe"),
    BusinessCategory.RESTAURANT: ("amenity", "restaurant"),
    BusinessCategory.TAVERN: ("amenity", "restaurant"),
    BusinessCategory.BAKERY: ("shop", "bakery"),
    BusinessCategory.PHARMACY: ("amenity", "pharmacy"),
    BusinessCategory.SUPERMARKET: ("shop", "supermarket"),
    BusinessCategory.BUTCHER: ("shop", "butcher"),
    BusinessCategory.CLOTHING: ("shop", "clothes"),
    BusinessCategory.HARDWARE: ("shop", "hardware"),
    BusinessCategory.BOOKSHOP: ("shop", "books"),
    BusinessCategory.BANK: ("amenity", "bank"),
    BusinessCategory.HOTEL: ("tourism", "hotel"),
    BusinessCategory.KIOSK: ("shop", "kiosk"),
    BusinessCategory.FUEL: ("amenity", "fuel"),
    BusinessCategory.OTHER: ("shop", "yes"),
}


def hours_json(opening_hours: str | None) -> str | None:
    """The ``hours`` column (JSON text) of an ``opening_hours`` value; None when absent
    or beyond the syntax Polis reads (the text is kept as it is)."""
    if not opening_hours:
        return None
    try:
        return json.dumps(parse_hours(opening_hours).to_json())
    except InvalidInput:
        return None


def business_attributes(tags: Tags) -> Attributes | None:
    """A ``businesses`` record of a shop, café, restaurant, pharmacy, bank, fuel or hotel."""
    category = AMENITY_CATEGORIES.get(tags.get("amenity", ""))
    if category is None and "shop" in tags:
        category = SHOP_CATEGORIES.get(tags["shop"], BusinessCategory.OTHER)
    if category is None and tags.get("tourism") in HOTELS:
        category = BusinessCategory.HOTEL
    if category is None:
        return None
    return {
        **names(tags),
        "category": category,
        "opening_hours": tags.get("opening_hours"),
        "hours": hours_json(tags.get("opening_hours")),
        "wheelchair": Wheelchair(tags["wheelchair"])
        if tags.get("wheelchair") in set(Wheelchair)
        else None,
        "phone": tags.get("phone") or tags.get("contact:phone"),
        "email": tags.get("email") or tags.get("contact:email"),
        "website": tags.get("website") or tags.get("contact:website"),
        "address": address(tags),
    }
