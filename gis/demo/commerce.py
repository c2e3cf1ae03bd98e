"""The local economy: businesses of the city guide and the stalls of two street markets.

Businesses sit just inside the street door of commercial and mixed-use buildings (kiosks
on central sidewalks, fuel stations on the roads out of town). Opening hours follow the
OSM ``opening_hours`` syntax and the Greek split shop hours; contact details use the
Karditsa area code and reserved ``example.com`` domains.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point

from gis.demo import names
from gis.demo.buildings import Building, district
from gis.demo.footways import Sidewalk
from gis.demo.placement import rng
from gis.demo.streets import Network, Segment
from layers.commerce.hours import parse_hours
from layers.db.bulk import RecordRef
from models.commerce_enums import StallSector, Wheelchair
from models.enums import BuildingUse, BusinessCategory, StallCategory, Weekday

C = BusinessCategory
RETAIL = "Mo,We,Sa 09:00-15:00; Tu,Th,Fr 09:00-14:30,17:30-21:00"
HOURS: dict[BusinessCategory, str] = {
    C.CAFE: "Mo-Su 07:30-01:00",
    C.RESTAURANT: "Mo-Su 12:00-16:00,19:00-24:00",
    C.TAVERN: "Tu-Su 13:00-17:00,20:00-24:00; Mo off",
    C.BAKERY: "Mo-Sa 06:30-15:00; Su 07:00-13:00",
    C.PHARMACY: "Mo,We 08:00-14:30; Tu,Th,Fr 08:00-14:00,17:30-21:00; Sa 08:30-14:00",
    C.SUPERMARKET: "Mo-Fr 08:00-21:00; Sa 08:00-20:00",
    C.BUTCHER: "Mo-Sa 07:00-15:00; Tu,Th,Fr 17:30-20:30",
    C.BANK: "Mo-Th 08:00-14:30; Fr 08:00-14:00",
    C.HOTEL: "24/7",
    C.KIOSK: "Mo-Su 06:00-24:00",
    C.FUEL: "Mo-Sa 06:00-22:00; Su 07:00-21:00",
}
#: How each category is named: (Greek pattern, English pattern, uses a trade name).
PATTERNS: dict[BusinessCategory, tuple[str, str, bool]] = {
    C.CAFE: ("Καφέ {el}", "{en} Café", True),
    C.RESTAURANT: ("Εστιατόριο {el}", "{en} Restaurant", True),
    C.TAVERN: ("Ταβέρνα {el}", "{en} Taverna", True),
    C.BAKERY: ("Αρτοποιείο {el}", "{en} Bakery", False),
    C.PHARMACY: ("Φαρμακείο {el}", "{en} Pharmacy", False),
    C.SUPERMARKET: ("Σούπερ Μάρκετ {el}", "{en} Supermarket", True),
    C.BUTCHER: ("Κρεοπωλείο {el}", "{en} Butcher's", False),
    C.CLOTHING: ("Ένδυση {el}", "{en} Clothing", False),
    C.HARDWARE: ("Σιδηρικά {el}", "{en} Hardware", False),
    C.BOOKSHOP: ("Βιβλιοπωλείο {el}", "{en} Bookshop", False),
    C.HOTEL: ("Ξενοδοχείο {el}", "{en} Hotel", True),
    C.KIOSK: ("Περίπτερο {el}", "{en} Kiosk", False),
    C.FUEL: ("Πρατήριο Καυσίμων {el}", "{en} Fuel Station", False),
}
BANKS: tuple[names.Name, ...] = (
    ("Τράπεζα Θεσσαλίας", "Bank of Thessaly"),
    ("Τράπεζα Πεδιάδας", "Pediada Bank"),
    ("Τράπεζα Αγράφων", "Agrafa Bank"),
    ("Συνεταιριστική Τράπεζα Κάμπου", "Kampos Cooperative Bank"),
)
OTHER_TRADES: tuple[names.Name, ...] = (
    ("Κομμωτήριο", "Hair Salon"),
    ("Οπτικά", "Opticians"),
    ("Ανθοπωλείο", "Florist"),
    ("Ζαχαροπλαστείο", "Patisserie"),
    ("Υποδήματα", "Shoes"),
    ("Ηλεκτρικά Είδη", "Electrical Goods"),
    ("Χρυσοχοείο", "Jeweller"),
    ("Φωτογραφείο", "Photo Studio"),
)
MIX: dict[str, dict[BusinessCategory, float]] = {
    "central": {
        C.CAFE: 16, C.CLOTHING: 16, C.OTHER: 20, C.RESTAURANT: 6, C.TAVERN: 4, C.BAKERY: 5,
        C.PHARMACY: 5, C.BOOKSHOP: 3, C.BANK: 3, C.HOTEL: 1.5, C.SUPERMARKET: 2, C.BUTCHER: 2,
        C.HARDWARE: 2,
    },
    "elsewhere": {
        C.CAFE: 12, C.OTHER: 20, C.TAVERN: 6, C.RESTAURANT: 4, C.BAKERY: 8, C.PHARMACY: 5,
        C.SUPERMARKET: 6, C.BUTCHER: 5, C.CLOTHING: 4, C.HARDWARE: 6, C.BOOKSHOP: 1, C.BANK: 1,
    },
}  # fmt: skip


def business_records(
    network: Network, built: list[Building], sidewalks: list[Sidewalk], seed: int
) -> list[dict[str, Any]]:
    """Records of the businesses layer."""
    r = rng(seed, "businesses")
    out = []
    for b in built:
        use = b.record["use"]
        if b.record.get("name") or use not in (BuildingUse.COMMERCIAL, BuildingUse.MIXED):
            continue
        if r.random() > (0.75 if use is BuildingUse.COMMERCIAL else 0.5):
            continue
        mix = MIX["central" if district(b.door) == "central" else "elsewhere"]
        category = r.choices(list(mix), list(mix.values()))[0]
        spot = Point(b.door.x + 2 * b.inward[0], b.door.y + 2 * b.inward[1])
        out.append(_business(category, spot, b.record["address"], r))
    out += [_business(C.KIOSK, p, None, r) for p in _kiosk_spots(sidewalks, r)]
    out += [_business(C.FUEL, p, address, r) for p, address in _fuel_spots(network, built, r)]
    return out


def _business(
    category: BusinessCategory, spot: Point, address: str | None, r: random.Random
) -> dict[str, Any]:
    name_el, name_en = _name(category, r)
    hours = HOURS.get(category, RETAIL)
    if category not in (C.HOTEL, C.KIOSK, C.CAFE) and r.random() < 0.3:
        hours += "; PH off"
    slug = _slug(name_en)
    return {
        "name_el": name_el,
        "name_en": name_en,
        "category": category,
        "opening_hours": hours,
        "hours": json.dumps(parse_hours(hours).to_json()),
        "wheelchair": r.choice(list(Wheelchair)),
        "phone": _phone(r),
        "email": f"info@{slug}.example.com" if r.random() < 0.45 else None,
        "website": f"https://{slug}.example.com" if r.random() < 0.3 else None,
        "address": address,
        "geom": spot,
    }


def _name(category: BusinessCategory, r: random.Random) -> names.Name:
    """Greek and English trade name: owner's surname or a trade name, by category."""
    if category is C.BANK:
        el, en = r.choice(BANKS)
        return f"{el} – Κατάστημα Καρδίτσας", f"{en} – Karditsa branch"
    if category is C.OTHER:
        (trade_el, trade_en), (el, en) = r.choice(OTHER_TRADES), r.choice(names.SURNAMES)
        return f"{trade_el} {el}", f"{en} {trade_en}"
    pattern_el, pattern_en, trade = PATTERNS[category]
    el, en = r.choice(names.TRADE_NAMES if trade else names.SURNAMES)
    if category is C.PHARMACY:
        initial = r.choice(names.INITIALS)
        el, en = f"{initial[0]} {el}", f"{initial[1]} {en}"
    return pattern_el.format(el=el), pattern_en.format(en=en)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _phone(r: random.Random) -> str:
    """A Karditsa landline (area code 24410) or, for one in five, a mobile number."""
    if r.random() < 0.2:
        return f"+30 69{r.randint(0, 9)} {r.randint(0, 999):03d} {r.randint(0, 9999):04d}"
    return f"+30 24410 {r.randint(20000, 89999)}"


def _kiosk_spots(sidewalks: list[Sidewalk], r: random.Random) -> list[Point]:
    """Twelve kiosks (περίπτερα) on central sidewalks, a few metres from the corner."""
    central = [s for s in sidewalks if s.geom.distance(Point(0, 0)) < 350 and s.geom.length > 30]
    return [s.geom.interpolate(6.0) for s in r.sample(central, min(12, len(central)))]


def _fuel_spots(
    network: Network, built: list[Building], r: random.Random
) -> list[tuple[Point, str]]:
    """Up to eight fuel stations on the roads out of town, each on a free plot."""
    tree = shapely.STRtree([b.geom for b in built])
    out: list[tuple[Point, str]] = []
    for seg in network.segments:
        if not seg.line.key.startswith("radial") or seg.geom.length < 150 or len(out) == 8:
            continue
        for spot in _roadside(seg, r):
            if not tree.query(spot.buffer(12), predicate="intersects").size:
                out.append((spot, seg.name[0]))
                break
    return out


def _roadside(seg: Segment, r: random.Random) -> list[Point]:
    """Candidate spots beside ``seg``, clear of its building line, in random order."""
    coords = np.asarray(seg.geom.coords)
    d = (coords[-1] - coords[0]) / seg.geom.length
    n = np.array([-d[1], d[0]])
    off = seg.profile.building_line + 8
    spots = [
        Point(coords[0] + d * seg.geom.length * f + side * off * n)
        for f in (0.2, 0.35, 0.5, 0.65, 0.8)
        for side in (1, -1)
    ]
    r.shuffle(spots)
    return spots


# ------------------------------------------------------------------ street markets
#: (weekday, Greek and English market name, grid line, span along it)
MARKETS = (
    (Weekday.SAT, ("Λαϊκή Αγορά Σαββάτου", "Saturday street market"), "u-400", (0.0, 400.0)),
    (Weekday.WED, ("Λαϊκή Αγορά Τετάρτης", "Wednesday street market"), "v560", (-200.0, 300.0)),
)
STALLS = (
    [StallCategory.PRODUCE, StallCategory.FISH, StallCategory.DAIRY, StallCategory.FLOWERS,
     StallCategory.CLOTHING, StallCategory.HOUSEHOLD, StallCategory.OTHER],
    [55, 5, 8, 5, 12, 10, 5],
)  # fmt: skip


def market_streets() -> set[str]:
    """Keys of the street lines the markets close (no parking bays there)."""
    return {key for _, _, key, _ in MARKETS}


#: Market hours, set-up time before opening and fee per m² and month (euros).
MARKET_HOURS = (dt.time(7, 0), dt.time(14, 30))
SETUP_MINUTES = 60
RATE_PER_M2 = 2.5
#: Stall categories sold by producers (the others by professional traders).
PRODUCE = {StallCategory.PRODUCE, StallCategory.DAIRY, StallCategory.FLOWERS}


def _market_segments(network: Network, key: str, lo: float, hi: float) -> list[Segment]:
    return sorted(
        (s for s in network.by_key(key) if _within(s, key, lo, hi)), key=lambda s: s.geom.bounds
    )


def market_records(network: Network) -> list[dict[str, Any]]:
    """Records of the markets layer: weekday, hours, fee rate and the streets they fill."""
    out = []
    for weekday, (market_el, market_en), key, (lo, hi) in MARKETS:
        segs = _market_segments(network, key, lo, hi)
        out.append(
            {
                "name_el": market_el,
                "name_en": market_en,
                "weekday": weekday,
                "opens": MARKET_HOURS[0].isoformat(),
                "closes": MARKET_HOURS[1].isoformat(),
                "setup_minutes": SETUP_MINUTES,
                "rate_per_m2": RATE_PER_M2,
                "geom": shapely.MultiLineString([s.geom for s in segs]),
            }
        )
    return out


def stall_records(network: Network, seed: int) -> list[dict[str, Any]]:
    """Records of the market-stalls layer: both sides of the market streets' carriageway."""
    r = rng(seed, "markets")
    out = []
    for index, (weekday, (market_el, _), key, (lo, hi)) in enumerate(MARKETS):
        segs = _market_segments(network, key, lo, hi)
        street = segs[0].name[0]
        number = 0
        for seg in segs:
            for stall, width in _stalls(seg, r):
                number += 1
                category = r.choices(*STALLS)[0]
                out.append(
                    {
                        "market_name": f"{market_el} – οδός {street}",
                        "stall_number": number,
                        "weekday": weekday,
                        "category": category,
                        "size_m2": round(stall.area, 1),
                        "market_id": RecordRef("markets", index),
                        "sector": StallSector.PRODUCERS
                        if category in PRODUCE
                        else StallSector.PROFESSIONALS,
                        "width_m": round(width, 2),
                        "depth_m": 3.0,
                        "geom": stall,
                    }
                )
    return out


def _within(seg: Segment, key: str, lo: float, hi: float) -> bool:
    mid = seg.geom.interpolate(0.5, normalized=True)
    along = mid.y if key.startswith("u") else mid.x
    return lo < along < hi


def _stalls(seg: Segment, r: random.Random) -> list[tuple[Any, float]]:
    """Stalls 4–6 m long, 3 m deep, leaving a 1.6 m walkway on the street's axis; with
    their frontage."""
    (x0, y0), (x1, y1) = seg.geom.coords[0], seg.geom.coords[-1]
    length = seg.geom.length
    d = np.array([x1 - x0, y1 - y0]) / length
    n = np.array([-d[1], d[0]])
    out = []
    for side in (1, -1):
        t = 8.0
        while True:
            w = r.uniform(4, 6)
            if t + w > length - 8:
                break
            a, b = np.array([x0, y0]) + d * t, np.array([x0, y0]) + d * (t + w)
            corners = [
                a + side * 0.8 * n,
                b + side * 0.8 * n,
                b + side * 3.8 * n,
                a + side * 3.8 * n,
            ]
            out.append((shapely.Polygon(corners).normalize(), w))
            t += w + 1.0
    return out
