"""Planting priority of a neighbourhood: exposed to heat or flooding, and short of canopy.

* ``need`` = how far canopy cover falls short of the target (30 %, the "3-30-300" rule
  of Konijnendijk 2021): ``max(0, 1 - canopy / 0.30)``.
* ``heat`` (0–1): the share of the neighbourhood under buildings, scaled so the most
  built-up neighbourhood is 1 (built surfaces store heat: a proxy where no land-surface
  temperature is at hand).
* ``flood`` (0–1): the share of the neighbourhood inside a flood zone (``hazards``).
* ``priority`` = ``need × max(heat, flood)``: high where either exposure is high and
  canopy low; classes high ≥ 0.5, medium ≥ 0.25, else low.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.green import PriorityClass

CANOPY_TARGET = 0.30
HIGH, MEDIUM = 0.5, 0.25


@dataclass(frozen=True)
class Exposure:
    """What is measured in one neighbourhood (shares 0–1)."""

    canopy: float
    built: float
    flood: float


@dataclass(frozen=True)
class Priority:
    heat_index: float
    priority: float
    priority_class: PriorityClass


def priorities(areas: list[Exposure]) -> list[Priority]:
    """Priority of each neighbourhood (heat scaled among ``areas``)."""
    most_built = max((a.built for a in areas), default=0.0) or 1.0
    out = []
    for a in areas:
        heat = min(1.0, a.built / most_built)
        need = max(0.0, 1.0 - a.canopy / CANOPY_TARGET)
        score = need * max(heat, min(1.0, a.flood))
        cls = (
            PriorityClass.HIGH
            if score >= HIGH
            else PriorityClass.MEDIUM
            if score >= MEDIUM
            else PriorityClass.LOW
        )
        out.append(Priority(round(heat, 4), round(score, 4), cls))
    return out
