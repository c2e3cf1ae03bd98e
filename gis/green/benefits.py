"""Ecosystem benefits of a tree from its species, trunk diameter and crown (i-Tree-style).

Method (parameters in the tables ``green_species`` and ``green_benefit_parameters``,
each with its source):

* **Stored carbon** (kg C): above-ground dry biomass from the species group's allometry
  ``exp(b0 + b1 · ln DBH)`` (Jenkins et al. 2003, DBH in cm), times ``1 + root_shoot_ratio``
  for the roots, times ``urban_factor`` (open-grown urban trees carry less biomass than
  forest trees, Nowak 1994), times ``carbon_fraction``.
* **Annual sequestration** (kg C/year): stored carbon at ``DBH + growth`` minus at ``DBH``,
  with the species' DBH growth scaled by the tree's condition (good 1, fair 0.75, poor
  0.5, dead 0 — i-Tree's condition-adjusted growth, simplified to four classes).
* **Stormwater intercepted** (m³/year): leaf area (crown projection π(crown/2)² × the
  species' leaf-area index) × leaf storage per event (mm) × rain events per year.
* **Air pollution removed** (kg/year): crown projection × the mean annual removal per m²
  of tree cover (Nowak et al. 2006).

A tree without a crown diameter intercepts and removes nothing here (its crown is
unknown, so it is not guessed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from models.enums import TreeCondition

#: Growth multiplier by condition.
CONDITION_GROWTH: dict[TreeCondition, float] = {
    TreeCondition.GOOD: 1.0,
    TreeCondition.FAIR: 0.75,
    TreeCondition.POOR: 0.5,
    TreeCondition.DEAD: 0.0,
}


@dataclass(frozen=True)
class SpeciesParams:
    """Allometry (``b0``, ``b1``), DBH growth (cm/year) and leaf-area index of a species."""

    b0: float
    b1: float
    growth_cm: float
    lai: float


@dataclass(frozen=True)
class MethodParams:
    """The constants of the method (``green_benefit_parameters``)."""

    carbon_fraction: float
    root_shoot_ratio: float
    urban_factor: float
    leaf_storage_mm: float
    rain_events_per_year: float
    pollution_g_m2_canopy: float
    default_growth_cm: float
    default_lai: float

    @classmethod
    def from_table(cls, values: Mapping[str, float]) -> MethodParams:
        """From ``{name: value}`` rows; a missing parameter is a configuration error."""
        missing = [f for f in cls.__dataclass_fields__ if f not in values]
        if missing:
            raise KeyError(f"green_benefit_parameters lacks {', '.join(missing)}")
        return cls(**{f: float(values[f]) for f in cls.__dataclass_fields__})


#: The generic species (Jenkins' "mixed hardwood") for species missing from the table.
MIXED_HARDWOOD_B0, MIXED_HARDWOOD_B1 = -2.4800, 2.4835


@dataclass(frozen=True)
class TreeBenefits:
    carbon_kg: float
    sequestration_kg_yr: float
    stormwater_m3_yr: float
    pollution_kg_yr: float

    def __add__(self, other: TreeBenefits) -> TreeBenefits:
        return TreeBenefits(
            self.carbon_kg + other.carbon_kg,
            self.sequestration_kg_yr + other.sequestration_kg_yr,
            self.stormwater_m3_yr + other.stormwater_m3_yr,
            self.pollution_kg_yr + other.pollution_kg_yr,
        )

    def rounded(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in self.__dict__.items()}


NONE = TreeBenefits(0.0, 0.0, 0.0, 0.0)


def stored_carbon_kg(dbh_cm: float, species: SpeciesParams, method: MethodParams) -> float:
    """Carbon stored in the whole tree (kg C) at trunk diameter ``dbh_cm``."""
    if dbh_cm <= 0:
        return 0.0
    above = math.exp(species.b0 + species.b1 * math.log(dbh_cm))
    whole = above * (1 + method.root_shoot_ratio) * method.urban_factor
    return whole * method.carbon_fraction


def crown_area_m2(crown_m: float | None) -> float:
    """Crown projection area (m²) of a crown ``crown_m`` across."""
    return math.pi * (crown_m / 2) ** 2 if crown_m else 0.0


def tree_benefits(
    dbh_cm: float | None,
    crown_m: float | None,
    condition: TreeCondition,
    species: SpeciesParams,
    method: MethodParams,
) -> TreeBenefits:
    """The four benefits of one tree (see the module's method)."""
    if not dbh_cm:
        return NONE
    carbon = stored_carbon_kg(dbh_cm, species, method)
    growth = species.growth_cm * CONDITION_GROWTH[condition]
    sequestration = stored_carbon_kg(dbh_cm + growth, species, method) - carbon
    crown = crown_area_m2(crown_m)
    leaf_area = crown * species.lai
    stormwater = leaf_area * method.leaf_storage_mm / 1000 * method.rain_events_per_year
    pollution = crown * method.pollution_g_m2_canopy / 1000
    return TreeBenefits(carbon, sequestration, stormwater, pollution)


def species_or_default(
    table: Mapping[str, SpeciesParams], latin: str | None, method: MethodParams
) -> SpeciesParams:
    """The species' parameters, or the generic broadleaf's for an unknown species."""
    found = table.get(latin or "")
    if found is not None:
        return found
    return SpeciesParams(
        MIXED_HARDWOOD_B0, MIXED_HARDWOOD_B1, method.default_growth_cm, method.default_lai
    )
