"""Ordering a day's stops into a round trip from the depot: nearest neighbour, then 2-opt.

Works on a travel-cost matrix (``cost[i][j]`` from stop ``i`` to stop ``j``, index 0 the
depot); costs may be asymmetric (one-way streets): 2-opt moves are scored on the real
tour cost, not on a symmetric shortcut.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]


def tour_cost(cost: Matrix, tour: list[int]) -> float:
    """Cost of visiting ``tour`` in order and returning to its first stop."""
    return float(sum(cost[a, b] for a, b in zip(tour, [*tour[1:], tour[0]], strict=True)))


def nearest_neighbour(cost: Matrix) -> list[int]:
    """A tour from stop 0 always going to the cheapest unvisited stop next."""
    n = cost.shape[0]
    tour, left = [0], set(range(1, n))
    while left:
        here = tour[-1]
        nxt = min(left, key=lambda j: (cost[here, j], j))
        tour.append(nxt)
        left.remove(nxt)
    return tour


def two_opt(cost: Matrix, tour: list[int], *, max_rounds: int = 50) -> list[int]:
    """Reverse segments of ``tour`` (keeping stop 0 first) while that lowers its cost."""
    best, best_cost = list(tour), tour_cost(cost, tour)
    for _ in range(max_rounds):
        improved = False
        for i in range(1, len(best) - 1):
            for k in range(i + 1, len(best)):
                candidate = best[:i] + best[i : k + 1][::-1] + best[k + 1 :]
                c = tour_cost(cost, candidate)
                if c < best_cost - 1e-9:
                    best, best_cost, improved = candidate, c, True
        if not improved:
            break
    return best


def plan_tour(cost: Matrix) -> list[int]:
    """A short round trip over every stop starting at stop 0 (the depot)."""
    if cost.shape[0] <= 2:
        return list(range(cost.shape[0]))
    return two_opt(cost, nearest_neighbour(cost))
