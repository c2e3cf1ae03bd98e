"""The crossing audit: what each crossing lacks, ranked (crossings near schools first).

A crossing *lacks* a lowered kerb when its own kerb or a kerb at either end of its
crossing edge is not lowered or flush (an unsurveyed kerb counts as lacking: the audit
asks for a survey), tactile paving when it is not confirmed, a sound signal when it has
traffic signals without a confirmed sound, and markings when it is unmarked.
"""

from __future__ import annotations

from typing import Any

#: Kerbs a wheelchair passes without help.
LEVEL_KERBS = frozenset({"lowered", "flush", "none"})
FEATURES = {
    "lowered_kerb": ("υποβιβασμένο κράσπεδο", "lowered kerb"),
    "tactile_paving": ("οδηγός τυφλών", "tactile paving"),
    "sound_signal": ("ηχητική σήμανση", "sound signal"),
    "markings": ("διαγράμμιση", "markings"),
}


def missing_features(row: dict[str, Any]) -> list[str]:
    """The features a crossing lacks (keys of :data:`FEATURES`)."""
    kerbs = [row.get("kerb"), *(row.get("edge_kerbs") or [])]
    kerbs = [k for k in kerbs if k is not None] or [None]
    out = []
    if any(k not in LEVEL_KERBS for k in kerbs):
        out.append("lowered_kerb")
    if row.get("tactile_paving") is not True:
        out.append("tactile_paving")
    if (
        row.get("crossing_type") == "traffic_signals"
        and row.get("traffic_signals_sound") is not True
    ):
        out.append("sound_signal")
    if row.get("crossing_type") == "unmarked":
        out.append("markings")
    return out


def audit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Crossings that lack something, as GeoJSON features ranked: near a school first,
    then by how much is missing, then by distance to the school."""
    out = []
    for row in rows:
        missing = missing_features(row)
        if not missing:
            continue
        school = (
            {
                "id": row["school_id"],
                "name": row["school_name"],
                "distance_m": round(row["school_m"], 1),
            }
            if row.get("school_id") is not None
            else None
        )
        out.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {
                    "crossing_type": row["crossing_type"],
                    "missing": missing,
                    "missing_el": [FEATURES[m][0] for m in missing],
                    "missing_en": [FEATURES[m][1] for m in missing],
                    "missing_count": len(missing),
                    "near_school": school,
                    "extension_s": row["extension_s"],
                },
            }
        )

    def rank(f: dict[str, Any]) -> tuple[int, int, float]:
        school = f["properties"]["near_school"]
        return (
            0 if school else 1,
            -f["properties"]["missing_count"],
            school["distance_m"] if school else 0.0,
        )

    out.sort(key=rank)
    for i, f in enumerate(out, start=1):
        f["properties"]["rank"] = i
    return out
