"""Edge costs per profile, computed for every edge at once (numpy arrays).

:class:`EdgeTable` flattens the graph's directed edges into arrays; :func:`profile_costs`
turns them into seconds for one profile — ``inf`` where a rule blocks the edge — and the
first rule that blocks each edge (:data:`CONSTRAINTS`), which names the obstacle when
no route exists. The cost is the travel time (length / speed, plus the wait at a
crossing) times the profile's penalties.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from gis.mobility.profiles import (
    SMOOTH_ORDER,
    TYPICAL_KERB_HEIGHT,
    UNKNOWN_PENALTY,
    Profile,
    Unknown,
)
from models.enums import CrossingType, FootwayType, Smoothness, Surface, WheelchairAccess

#: Why an edge is blocked (index 0: it is not); the names are the request's fields.
CONSTRAINTS = (
    "",
    "barrier",
    "avoid_steps",
    "wheelchair",
    "max_kerb_height",
    "min_width",
    "max_uphill",
    "max_downhill",
    "allowed_surfaces",
    "worst_smoothness",
    "avoid_unmarked_crossings",
)
REASON = {name: i for i, name in enumerate(CONSTRAINTS)}
SURFACES = list(Surface)
#: Waiting time (s) at a crossing, by kind (signals: half a cycle on average).
CROSSING_WAIT = {
    CrossingType.TRAFFIC_SIGNALS: 30.0,
    CrossingType.MARKED: 5.0,
    CrossingType.UNMARKED: 10.0,
    CrossingType.RAISED: 3.0,
}
CROSSING_KINDS = list(CrossingType)
#: Cost factors of the blind profile's preferences.
NO_SOUND_FACTOR = 3.0
NO_TACTILE_FACTOR = 1.5
LIMITED_ACCESS_FACTOR = 1.5


def _tri(value: bool | None) -> int:
    return -1 if value is None else int(bool(value))


@dataclass(frozen=True)
class EdgeTable:
    """The graph's directed edges as arrays (row i ↔ ``keys[i]``)."""

    keys: list[tuple[int, int, int]]
    coords: list[np.ndarray]
    src: np.ndarray
    dst: np.ndarray
    n_nodes: int
    length: np.ndarray
    incline: np.ndarray
    width: np.ndarray
    surface: np.ndarray
    smooth: np.ndarray
    steps: np.ndarray
    kerb_height: np.ndarray
    kerb_unknown: np.ndarray
    wheel: np.ndarray
    crossing: np.ndarray
    sound: np.ndarray
    tactile: np.ndarray
    barrier: np.ndarray
    wait: np.ndarray

    @classmethod
    def of(cls, g: nx.MultiDiGraph, n_nodes: int) -> EdgeTable:
        """The table of ``g`` (node ids below ``n_nodes``) from each edge's ``row``
        (:func:`edge_row`, computed when the edge was added) and the barrier flag."""
        keys: list[tuple[int, int, int]] = []
        rows: list[tuple[float, ...]] = []
        barrier: list[bool] = []
        coords: list[np.ndarray] = []
        # networkx's own dict of dicts: its views cost ~10x more per edge read here
        for u, nbrs in g._adj.items():
            for v, parallel in nbrs.items():
                for k, d in parallel.items():
                    keys.append((u, v, k))
                    rows.append(d["row"])
                    barrier.append(d["barrier"])
                    coords.append(d["coords"])
        table = np.array(rows, dtype="float64").reshape(len(rows), len(ROW_FIELDS))
        col = {name: table[:, i] for i, name in enumerate(ROW_FIELDS)}
        ends = np.array(keys, dtype="int64").reshape(len(keys), 3)
        return cls(
            keys=keys,
            coords=coords,
            src=ends[:, 0].astype("int32"),
            dst=ends[:, 1].astype("int32"),
            n_nodes=n_nodes,
            length=col["length"],
            incline=col["incline"],
            width=col["width"],
            surface=col["surface"].astype("int8"),
            smooth=col["smooth"].astype("int8"),
            steps=col["steps"].astype(bool),
            kerb_height=col["kerb_height"],
            kerb_unknown=col["kerb_unknown"].astype(bool),
            wheel=col["wheel"].astype("int8"),
            crossing=col["crossing"].astype("int8"),
            sound=col["sound"].astype("int8"),
            tactile=col["tactile"].astype("int8"),
            barrier=np.array(barrier, dtype=bool),
            wait=col["wait"],
        )


#: The numbers :func:`edge_row` keeps of an edge, in order.
ROW_FIELDS = (
    "length", "incline", "width", "surface", "smooth", "steps", "kerb_height", "kerb_unknown",
    "wheel", "crossing", "sound", "tactile", "wait",
)  # fmt: skip
SURFACE_CODE = {s: i for i, s in enumerate(SURFACES)}
SMOOTH_CODE = {s: i for i, s in enumerate(SMOOTH_ORDER)}
CROSSING_CODE = {c: i for i, c in enumerate(CROSSING_KINDS)}
WHEEL_CODE = {WheelchairAccess.NO: 1, WheelchairAccess.LIMITED: 2}


def edge_row(e: dict[str, Any]) -> tuple[float, ...]:
    """The numbers of an edge's attributes the costs need (:data:`ROW_FIELDS`; codes are
    indexes of the enums' members, -1 or NaN when unknown)."""
    c = e["crossing"]
    kind = CROSSING_CODE[c["crossing_type"]] if c else -1
    kerb, unknown = _kerb_height(e)
    values = (
        e["length"],
        e["incline"],
        np.nan if e["width"] is None else e["width"],
        -1 if e["surface"] is None else SURFACE_CODE[e["surface"]],
        -1 if e["smoothness"] is None else SMOOTH_CODE[e["smoothness"]],
        float(e["steps"]),
        kerb,
        float(unknown),
        WHEEL_CODE.get(e["wheelchair"], 0),
        kind,
        _tri(c.get("traffic_signals_sound")) if c else -1,
        _tri(e["tactile_paving"]),
        CROSSING_WAIT[CROSSING_KINDS[kind]] if kind >= 0 else 0.0,
    )
    return tuple(map(float, values))  # all floats: numpy stacks them fastest


def _kerb_height(e: dict[str, Any]) -> tuple[float, bool]:
    """The highest kerb passed on an edge (m) and whether a kerb there is unknown."""
    worst, unknown = 0.0, False
    for end in ("from", "to"):
        kind, height = e[f"kerb_{end}"], e[f"kerb_{end}_height"]
        if height is None and kind is not None:
            height = TYPICAL_KERB_HEIGHT[kind]
        if height is None:
            unknown = unknown or (e["footway_type"] == FootwayType.CROSSING)
            continue
        worst = max(worst, float(height))
    return worst, unknown


@dataclass(frozen=True)
class Costs:
    """One profile's cost (s, ``inf`` blocked), blocking rule index and travel time."""

    cost: np.ndarray
    reason: np.ndarray
    time: np.ndarray


def profile_costs(t: EdgeTable, p: Profile) -> Costs:
    """The cost of every edge of ``t`` for profile ``p``."""
    n = len(t.length)
    reason = np.zeros(n, dtype="int8")
    factor = np.ones(n)

    def rule(name: str, blocked: np.ndarray) -> None:
        reason[(reason == 0) & blocked] = REASON[name]

    def unknown(attribute: str, name: str, missing: np.ndarray) -> None:
        policy = p.policy(attribute)
        if policy is Unknown.BLOCK:
            rule(name, missing)
        elif policy is Unknown.PENALISE:
            factor[missing] *= UNKNOWN_PENALTY

    rule("barrier", t.barrier)
    if p.avoid_steps:
        rule("avoid_steps", t.steps)
    if p.wheelchair:
        rule("wheelchair", t.wheel == 1)
        factor[t.wheel == 2] *= LIMITED_ACCESS_FACTOR
    rule("max_kerb_height", t.kerb_height > p.max_kerb_height + 1e-9)
    unknown("kerb", "max_kerb_height", t.kerb_unknown)
    with np.errstate(invalid="ignore"):
        rule("min_width", t.width < p.min_width)
        rule("max_uphill", t.incline > p.max_uphill)
        rule("max_downhill", -t.incline > p.max_downhill)
    unknown("width", "min_width", np.isnan(t.width) & (p.min_width > 0))
    slope_limited = p.max_uphill < np.inf or p.max_downhill < np.inf
    unknown("incline", "max_uphill", np.isnan(t.incline) & slope_limited)
    allowed = np.array([s in p.allowed_surfaces for s in SURFACES])
    known = t.surface >= 0
    rule("allowed_surfaces", known & ~allowed[np.where(known, t.surface, 0)])
    if len(p.allowed_surfaces) < len(SURFACES):
        unknown("surface", "allowed_surfaces", ~known)
    rank = SMOOTH_ORDER.index(p.worst_smoothness)
    rule("worst_smoothness", t.smooth > rank)
    if p.worst_smoothness is not Smoothness.IMPASSABLE:
        unknown("smoothness", "worst_smoothness", t.smooth < 0)
    unmarked = CROSSING_KINDS.index(CrossingType.UNMARKED)
    if p.avoid_unmarked_crossings:
        rule("avoid_unmarked_crossings", t.crossing == unmarked)
    if p.prefer_sound_signals:
        signals = CROSSING_KINDS.index(CrossingType.TRAFFIC_SIGNALS)
        factor[(t.crossing == signals) & (t.sound != 1)] *= NO_SOUND_FACTOR
    if p.prefer_tactile_paving:
        factor[(t.crossing >= 0) & (t.tactile != 1)] *= NO_TACTILE_FACTOR
    time = t.length / p.speed + t.wait
    cost = np.where(reason == 0, time * factor, np.inf)
    return Costs(cost=cost, reason=reason, time=time)
