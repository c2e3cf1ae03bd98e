"""The demo town's water: the Karampalis stream and the drainage canal east of town."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import LineString, MultiLineString

from gis.demo import names
from gis.demo.town import TownPlan
from models.enums import WaterwayKind

#: A straight drainage canal of the plain, east of the ring road (local frame, metres).
CANAL = LineString([(1500, -2600), (1550, -900), (1650, 900), (1700, 2600)])


def waterway_records(plan: TownPlan) -> list[dict[str, Any]]:
    """Records of the waterways layer, clipped to the municipality."""
    stream_el, stream_en = names.STREAM
    lines = [
        (plan.stream, f"Ρέμα {stream_el}", f"{stream_en} stream", WaterwayKind.STREAM, 6.0),
        (CANAL, "Αποστραγγιστική τάφρος Ανατολικής Πεδιάδας", "East plain drain",
         WaterwayKind.DRAIN, 3.0),
    ]  # fmt: skip
    out = []
    for line, name_el, name_en, kind, width in lines:
        inside = line.intersection(plan.boundary)
        if inside.is_empty:
            continue
        parts = [g for g in shapely.get_parts(inside) if isinstance(g, LineString)]
        out.append(
            {
                "name_el": name_el,
                "name_en": name_en,
                "kind": kind,
                "intermittent": kind is WaterwayKind.DRAIN,
                "width_m": width,
                "geom": MultiLineString(parts),
            }
        )
    return out
