"""A ballot checked against its process: knapsack (within the budget, at least the
minimum share spent) or approval, only eligible projects, one budget scope per voter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from models.errors import InvalidInput
from models.participation.enums import BallotKind


@dataclass(frozen=True)
class BallotProject:
    """A project on the ballot: its cost and the budget it draws on."""

    id: int
    cost: Decimal
    budget_id: int


def check_ballot(
    choices: Sequence[int],
    *,
    projects: Mapping[int, BallotProject],
    budgets: Mapping[int, Decimal],
    kind: BallotKind,
    min_share: float,
) -> None:
    """Raise ``InvalidInput`` (naming ``projects``) unless ``choices`` is a valid ballot.

    ``projects`` are the projects this voter may choose (feasible, visible, in the
    city-wide budget or in the voter's neighbourhood's); ``budgets`` the amounts of
    those budgets. A knapsack ballot must fit each budget and, where it chooses
    anything from a budget, spend at least ``min_share`` of it.
    """
    if not choices:
        raise InvalidInput(
            "'projects': choose at least one project / επιλέξτε τουλάχιστον ένα έργο",
            field="projects",
        )
    if len(set(choices)) != len(choices):
        raise InvalidInput(
            "'projects': a project is listed twice / ένα έργο εμφανίζεται δύο φορές",
            field="projects",
        )
    unknown = [c for c in choices if c not in projects]
    if unknown:
        raise InvalidInput(
            f"'projects': {unknown} are not on your ballot (unknown, not feasible or "
            "in another neighbourhood) / δεν περιλαμβάνονται στο ψηφοδέλτιό σας",
            field="projects",
        )
    if kind is BallotKind.APPROVAL:
        return
    spent: dict[int, Decimal] = {}
    for choice in choices:
        project = projects[choice]
        spent[project.budget_id] = spent.get(project.budget_id, Decimal(0)) + project.cost
    for budget_id, total in spent.items():
        limit = budgets[budget_id]
        if total > limit:
            raise InvalidInput(
                f"'projects': the chosen projects cost {total} €, over the budget of "
                f"{limit} € / το κόστος υπερβαίνει τον προϋπολογισμό",
                field="projects",
            )
        floor = limit * Decimal(str(min_share))
        if total < floor:
            raise InvalidInput(
                f"'projects': the chosen projects cost {total} €, less than the minimum "
                f"{floor:.2f} € ({min_share:.0%} of the budget) / κάτω από το ελάχιστο",
                field="projects",
            )
