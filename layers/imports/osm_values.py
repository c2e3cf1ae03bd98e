"""OpenStreetMap tag values → Python values, shared by every domain's tag mapping.

The parsers here know no layer: each domain's ``layers/<domain>/osm.py`` builds its
layers' attributes from them. Tag values OSM allows but our model cannot hold
(``maxspeed=FI:urban``, a 300 m ``width``) become ``None`` rather than failing the
import: OSM data is read as it is, not judged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from models.enums import Surface, WheelchairAccess

#: An OSM object's tags.
Tags = Mapping[str, str]
#: A layer's attributes mapped from them (column → value).
Attributes = dict[str, Any]

_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*([a-z°%\"']*)", re.IGNORECASE)

SURFACES: dict[str, Surface] = {
    "asphalt": Surface.ASPHALT,
    "concrete": Surface.CONCRETE,
    "paving_stones": Surface.PAVING_STONES,
    "sett": Surface.SETT,
    "cobblestone": Surface.SETT,
    "unhewn_cobblestone": Surface.SETT,
    "gravel": Surface.GRAVEL,
    "fine_gravel": Surface.GRAVEL,
    "pebblestone": Surface.GRAVEL,
    "compacted": Surface.COMPACTED,
    "dirt": Surface.DIRT,
    "earth": Surface.DIRT,
    "ground": Surface.DIRT,
    "mud": Surface.DIRT,
    "sand": Surface.DIRT,
    "grass": Surface.GRASS,
    "grass_paver": Surface.GRASS,
}
WHEELCHAIR = {
    "yes": WheelchairAccess.YES,
    "designated": WheelchairAccess.YES,
    "limited": WheelchairAccess.LIMITED,
    "no": WheelchairAccess.NO,
}


def yes_no(value: str | None) -> bool | None:
    """OSM ``yes``/``no`` (and ``true``/``1``…) as a boolean; anything else ``None``."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("yes", "true", "1", "designated"):
        return True
    if text in ("no", "false", "0"):
        return False
    return None


def leading_number(value: str | None) -> tuple[float, str] | None:
    """The leading number of a tag and the unit after it (``"1,5 m"`` → (1.5, "m"))."""
    match = _NUMBER.match(value) if value is not None else None
    if not match:
        return None
    return float(match.group(1).replace(",", ".")), match.group(2)


def number(value: str | None, *, low: float, high: float) -> float | None:
    """The leading number of ``value`` (``"1,5 m"`` → 1.5) when within [low, high]."""
    found = leading_number(value)
    if found is None:
        return None
    out, unit = found[0], found[1].lower()
    if unit == "mph":
        out *= 1.609344
    elif unit in ("ft", "'"):
        out *= 0.3048
    return out if low <= out <= high else None


def integer(value: str | None, *, low: int, high: int) -> int | None:
    """An integer tag within [low, high], else ``None``."""
    out = number(value, low=low, high=high)
    return round(out) if out is not None else None


def incline(value: str | None) -> float | None:
    """Incline in percent (``5%``, ``-3°``); ``up``/``down`` carry no figure → ``None``."""
    found = leading_number(value)
    if found is None:
        return None
    out = found[0]
    if found[1] == "°":
        out = math.tan(math.radians(out)) * 100
    return out if -100 <= out <= 100 else None


def surface(value: str | None) -> Surface | None:
    """Our surface class of an OSM ``surface`` (``concrete:plates`` → concrete)."""
    if value is None:
        return None
    base = value.split(":")[0].strip().lower()
    return SURFACES.get(base, Surface.OTHER)


def wheelchair(value: str | None) -> WheelchairAccess:
    """Our access class of an OSM ``wheelchair`` (``designated`` → yes; untagged → unknown)."""
    return WHEELCHAIR.get(value or "", WheelchairAccess.UNKNOWN)


def names(tags: Tags) -> Attributes:
    """Greek and Latin-script names: ``name:el``/``name`` and ``name:en``/``int_name``."""
    name = tags.get("name")
    latin = tags.get("name:en") or tags.get("int_name")
    if latin is None and name is not None and name.isascii():
        latin = name
    return {"name_el": tags.get("name:el") or name, "name_en": latin}


def address(tags: Tags) -> str | None:
    """``addr:street addr:housenumber, addr:city`` when there is a street."""
    street = tags.get("addr:street")
    if not street:
        return None
    number_ = tags.get("addr:housenumber")
    city = tags.get("addr:city")
    return f"{street} {number_}".strip() if number_ else street + (f", {city}" if city else "")
