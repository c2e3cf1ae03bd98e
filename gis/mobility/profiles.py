"""Routing profiles for people with reduced mobility, and per-request overrides.

Each profile says what blocks an edge (a hard limit) and how unknown attributes are
treated. **Unknown-attribute policy** (:class:`Unknown`), per profile and attribute:

* ``allow`` — an unknown value is taken as passable, at no extra cost;
* ``penalise`` — passable, but the edge costs :data:`UNKNOWN_PENALTY` times more, so a
  route over known-good edges is preferred when one exists;
* ``block`` — an unknown value is taken as failing the limit.

==================  =====  =======  =====  =======  ==========
profile             kerb   surface  width  incline  smoothness
==================  =====  =======  =====  =======  ==========
manual_wheelchair   block  penalise penalise penalise allow
powered_wheelchair  penalise allow  penalise allow    allow
walker              penalise penalise allow allow     allow
blind               allow  allow    allow  allow    allow
pedestrian          allow  allow    allow  allow    allow
==================  =====  =======  =====  =======  ==========

A kerb is *unknown* on a crossing edge whose kerb type and height are both missing (a
missing kerb elsewhere means there is none). A kerb of known type and unknown height
takes the type's typical height (:data:`TYPICAL_KERB_HEIGHT`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from models.enums import KerbType, Smoothness, Surface


class Unknown(StrEnum):
    """How a profile treats an attribute whose value is not known."""

    ALLOW = "allow"
    PENALISE = "penalise"
    BLOCK = "block"


#: Cost factor of each unknown attribute under :attr:`Unknown.PENALISE`.
UNKNOWN_PENALTY = 2.0
#: Typical kerb heights (m) of each kerb type, used when ``kerb:height`` is missing.
TYPICAL_KERB_HEIGHT = {
    KerbType.FLUSH: 0.0,
    KerbType.NONE: 0.0,
    KerbType.LOWERED: 0.02,
    KerbType.ROLLED: 0.03,
    KerbType.RAISED: 0.15,
}
#: The attributes a policy covers.
POLICY_KEYS = ("kerb", "surface", "width", "incline", "smoothness")
SMOOTH_ORDER = list(Smoothness)
ALL_SURFACES = frozenset(Surface)
FIRM = frozenset({Surface.ASPHALT, Surface.CONCRETE, Surface.PAVING_STONES, Surface.COMPACTED})
INF = float("inf")


@dataclass(frozen=True)
class Profile:
    """What a traveller can pass, how fast they go, and what they prefer.

    Inclines are percent (uphill / downhill in the direction of travel), kerb heights
    and widths metres, speed metres per second; ``worst_smoothness`` is the roughest
    surface condition still passable.
    """

    name: str
    title_el: str
    title_en: str
    speed: float
    max_uphill: float = INF
    max_downhill: float = INF
    max_kerb_height: float = INF
    min_width: float = 0.0
    avoid_steps: bool = False
    allowed_surfaces: frozenset[Surface] = ALL_SURFACES
    worst_smoothness: Smoothness = Smoothness.IMPASSABLE
    wheelchair: bool = False
    avoid_unmarked_crossings: bool = False
    prefer_sound_signals: bool = False
    prefer_tactile_paving: bool = False
    unknown: dict[str, Unknown] = field(default_factory=dict)

    def policy(self, attribute: str) -> Unknown:
        """The unknown-value policy of ``attribute`` (``allow`` when not listed)."""
        return self.unknown.get(attribute, Unknown.ALLOW)

    def describe(self) -> dict[str, Any]:
        """A JSON-able description (``GET /mobility/profiles``)."""
        finite = {
            k: (None if v == INF else v)
            for k, v in (
                ("max_uphill", self.max_uphill),
                ("max_downhill", self.max_downhill),
                ("max_kerb_height", self.max_kerb_height),
            )
        }
        return {
            "id": self.name,
            "title": {"el": self.title_el, "en": self.title_en},
            "speed_m_s": self.speed,
            **finite,
            "min_width": self.min_width,
            "avoid_steps": self.avoid_steps,
            "allowed_surfaces": sorted(s.value for s in self.allowed_surfaces),
            "worst_smoothness": self.worst_smoothness.value,
            "avoid_unmarked_crossings": self.avoid_unmarked_crossings,
            "prefer_sound_signals": self.prefer_sound_signals,
            "unknown_policy": {k: self.policy(k).value for k in POLICY_KEYS},
        }


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "manual_wheelchair", "Χειροκίνητο αμαξίδιο", "Manual wheelchair", speed=0.9,
            max_uphill=6.0, max_downhill=8.0, max_kerb_height=0.03, min_width=0.9,
            avoid_steps=True, allowed_surfaces=FIRM, worst_smoothness=Smoothness.INTERMEDIATE,
            wheelchair=True,
            unknown={"kerb": Unknown.BLOCK, "surface": Unknown.PENALISE,
                     "width": Unknown.PENALISE, "incline": Unknown.PENALISE},
        ),
        Profile(
            "powered_wheelchair", "Ηλεκτροκίνητο αμαξίδιο", "Powered wheelchair", speed=1.4,
            max_uphill=10.0, max_downhill=10.0, max_kerb_height=0.06, min_width=1.0,
            avoid_steps=True, allowed_surfaces=FIRM | {Surface.SETT, Surface.GRAVEL},
            worst_smoothness=Smoothness.BAD, wheelchair=True,
            unknown={"kerb": Unknown.PENALISE, "width": Unknown.PENALISE},
        ),
        Profile(
            "walker", "Περιπατητήρας / μπαστούνι", "Walker or cane", speed=0.8,
            max_uphill=8.0, max_downhill=8.0, max_kerb_height=0.10, min_width=0.8,
            avoid_steps=True, allowed_surfaces=FIRM | {Surface.SETT},
            worst_smoothness=Smoothness.BAD,
            unknown={"kerb": Unknown.PENALISE, "surface": Unknown.PENALISE},
        ),
        Profile(
            "blind", "Τυφλός ή με χαμηλή όραση", "Blind or low vision", speed=1.0,
            avoid_unmarked_crossings=True, prefer_sound_signals=True, prefer_tactile_paving=True,
        ),
        Profile("pedestrian", "Πεζός", "Pedestrian", speed=1.3),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Overrides:
    """Per-request changes to a profile (``None``: keep the profile's value)."""

    max_uphill: float | None = None
    max_downhill: float | None = None
    max_kerb_height: float | None = None
    min_width: float | None = None
    avoid_steps: bool | None = None
    allowed_surfaces: frozenset[Surface] | None = None
    avoid_unmarked_crossings: bool | None = None
    prefer_sound_signals: bool | None = None

    def apply(self, profile: Profile) -> Profile:
        """``profile`` with these overrides; the same object when there are none."""
        changes = {k: v for k, v in self.__dict__.items() if v is not None}
        if not changes:
            return profile
        key = ",".join(f"{k}={_text(v)}" for k, v in sorted(changes.items()))
        return replace(profile, name=f"{profile.name}[{key}]", **changes)


def _text(value: Any) -> str:
    if isinstance(value, frozenset):
        return "+".join(sorted(str(v) for v in value))
    return str(value)
