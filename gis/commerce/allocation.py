"""Allocation of a market's vacant stalls among licence holders.

By points: highest first (ties by licence number). By draw: a permutation drawn with
numpy's PCG64 generator from a published seed, so anyone can repeat it. Each sector
(producers, professionals) fills its own stalls; whoever gets none is put on the waiting
list in the order drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.commerce_enums import AllocationMethod


@dataclass(frozen=True)
class Applicant:
    licence_id: int
    licence_number: str
    sector: str
    points: float


@dataclass(frozen=True)
class Stall:
    stall_id: int
    number: int
    sector: str


@dataclass(frozen=True)
class Allocation:
    assigned: tuple[tuple[int, int], ...]  # (stall id, licence id)
    waiting: tuple[int, ...]  # licence ids in order


def ranking(
    applicants: Sequence[Applicant], method: AllocationMethod, seed: int | None
) -> list[Applicant]:
    """The order in which applicants choose: by points, or drawn with ``seed``."""
    by_number = sorted(applicants, key=lambda a: a.licence_number)
    if method is AllocationMethod.POINTS:
        return sorted(by_number, key=lambda a: -a.points)
    order = np.random.default_rng(seed).permutation(len(by_number))
    return [by_number[i] for i in order]


def allocate(
    stalls: Sequence[Stall],
    applicants: Sequence[Applicant],
    method: AllocationMethod,
    seed: int | None = None,
) -> Allocation:
    """Vacant stalls (lowest number first) to applicants in :func:`ranking` order, each
    within their sector; the rest wait."""
    free: dict[str, list[Stall]] = {}
    for stall in sorted(stalls, key=lambda s: s.number):
        free.setdefault(stall.sector, []).append(stall)
    assigned = []
    waiting = []
    for applicant in ranking(applicants, method, seed):
        pool = free.get(applicant.sector, [])
        if pool:
            assigned.append((pool.pop(0).stall_id, applicant.licence_id))
        else:
            waiting.append(applicant.licence_id)
    return Allocation(tuple(assigned), tuple(waiting))
