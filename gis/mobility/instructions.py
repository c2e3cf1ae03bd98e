"""Step-by-step instructions in Greek and English announcing kerbs, crossings, surfaces
and steps."""

from __future__ import annotations

import math
from typing import Any

from models.enums import CrossingType, FootwayType, KerbType, Surface

Step = dict[str, Any]


def _kerb_text(kind: KerbType | None, height: float | None) -> tuple[str, str] | None:
    if kind is None and height is None:
        return None
    el, en = (kind.el.lower(), kind.en.lower()) if kind is not None else ("άγνωστο", "unknown")
    if height is not None:
        cm = round(height * 100)
        el, en = f"{el}, {cm} εκ.", f"{en}, {cm} cm"
    return f"κράσπεδο {el}", f"kerb {en}"


def _yes(value: bool | None, el: str, en: str) -> tuple[str, str] | None:
    if value is None:
        return None
    return (el, en) if value else (f"χωρίς {el}", f"no {en}")


def crossing_step(edge: dict[str, Any], distance: float) -> Step:
    """The instruction for crossing a road on ``edge``."""
    c = edge.get("crossing") or {}
    kind = c.get("crossing_type")
    if isinstance(kind, CrossingType):
        name_el, name_en = kind.el.lower(), kind.en.lower()
    else:
        name_el, name_en = "διάβαση", "crossing"
    parts = [
        _yes(c.get("traffic_signals_sound"), "ηχητική σήμανση", "sound signal"),
        _yes(c.get("traffic_signals_vibration"), "δονητική σήμανση", "vibrating signal"),
        _yes(c.get("button_operated"), "κουμπί", "push button"),
        _yes(c.get("island"), "νησίδα", "refuge island"),
        _yes(edge.get("tactile_paving"), "οδηγό τυφλών", "tactile paving"),
        _kerb_text(edge.get("kerb_from"), edge.get("kerb_from_height")),
        _kerb_text(edge.get("kerb_to"), edge.get("kerb_to_height")),
    ]
    known = [p for p in parts if p is not None]
    el_extra = "; ".join(p[0] for p in known)
    en_extra = "; ".join(p[1] for p in known)
    return {
        "kind": "crossing",
        "distance_m": round(distance, 1),
        "el": f"Διασχίστε την οδό ({name_el}, {round(distance)} μ.)"
        + (f": {el_extra}" if known else ""),
        "en": f"Cross the road ({name_en}, {round(distance)} m)"
        + (f": {en_extra}" if known else ""),
    }


def walk_step(edge: dict[str, Any], distance: float, turn: tuple[str, str] | None) -> Step:
    """The instruction for walking ``distance`` metres along footways like ``edge``."""
    kind = edge.get("footway_type")
    surface = edge.get("surface")
    where_el, where_en = (
        (kind.el.lower(), kind.en.lower())
        if isinstance(kind, FootwayType)
        else ("πεζόδρομο", "footway")
    )
    el = f"Συνεχίστε στο {where_el} για {round(distance)} μ."
    en = f"Continue along the {where_en} for {round(distance)} m"
    if turn is not None:
        el, en = (
            f"{turn[0]} και συνεχίστε στο {where_el} για {round(distance)} μ.",
            (f"{turn[1]} and continue along the {where_en} for {round(distance)} m"),
        )
    if isinstance(surface, Surface):
        el += f" (επιφάνεια: {surface.el.lower()})"
        en += f" (surface: {surface.en.lower()})"
    if edge.get("steps"):
        count = edge.get("step_count")
        el += f" — σκαλοπάτια{f' ({count})' if count else ''}"
        en += f" — steps{f' ({count})' if count else ''}"
    kerb = _kerb_text(edge.get("kerb_from"), edge.get("kerb_from_height"))
    if kerb is not None:
        el, en = f"Προσοχή: {kerb[0]}. {el}", f"Mind the {kerb[1]}. {en}"
    return {"kind": "walk", "distance_m": round(distance, 1), "el": el + ".", "en": en + "."}


def turn_of(a: tuple[float, float], b: tuple[float, float]) -> tuple[str, str] | None:
    """A turn from heading vector ``a`` to ``b`` (None when about straight on)."""
    cross = a[0] * b[1] - a[1] * b[0]
    dot = a[0] * b[0] + a[1] * b[1]
    angle = math.degrees(math.atan2(cross, dot))
    if abs(angle) < 30:
        return None
    if angle > 0:
        return "Στρίψτε αριστερά", "Turn left"
    return "Στρίψτε δεξιά", "Turn right"


def instructions(edges: list[dict[str, Any]]) -> list[Step]:
    """Steps for a route's edges (in travel order): runs of edges of the same kind and
    surface become one step; every crossing and every kerb gets its own."""
    steps: list[Step] = []
    run: list[dict[str, Any]] = []
    heading: tuple[float, float] | None = None

    def flush() -> None:
        nonlocal heading
        if not run:
            return
        first = run[0]
        c = first["coords"]
        start = (float(c[1][0] - c[0][0]), float(c[1][1] - c[0][1]))
        turn = turn_of(heading, start) if heading is not None else None
        steps.append(walk_step(first, sum(e["length"] for e in run), turn))
        c = run[-1]["coords"]
        heading = (float(c[-1][0] - c[-2][0]), float(c[-1][1] - c[-2][1]))
        run.clear()

    for edge in edges:
        if edge.get("footway_type") == FootwayType.CROSSING:
            flush()
            steps.append(crossing_step(edge, edge["length"]))
            c = edge["coords"]
            heading = (float(c[-1][0] - c[-2][0]), float(c[-1][1] - c[-2][1]))
            continue
        same = run and (
            run[-1].get("footway_type") == edge.get("footway_type")
            and run[-1].get("surface") == edge.get("surface")
            and edge.get("kerb_from") is None
            and not edge.get("steps")
        )
        if not same:
            flush()
        run.append(edge)
    flush()
    steps.append({"kind": "arrive", "distance_m": 0.0, "el": "Φτάσατε.", "en": "You have arrived."})
    return steps
