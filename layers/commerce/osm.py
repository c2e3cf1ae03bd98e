"""OpenStreetMap tags → attributes of the ``commerce`` layers: businesses.

Pure functions, declared as each layer's :class:`~layers.registry.OsmRule`.
"""

from __future__ import annotations

from layers.imports.osm_values import Attributes, Tags, address, names
from models.enums import BusinessCategory

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
        "phone": tags.get("phone") or tags.get("contact:phone"),
        "email": tags.get("email") or tags.get("contact:email"),
        "website": tags.get("website") or tags.get("contact:website"),
        "address": address(tags),
    }
