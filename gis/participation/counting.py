"""Counting a budget's ballots with pabutools (greedy or the Method of Equal Shares),
and the anonymous ballots in pabulib's ``.pb`` format so anyone can recount.

Both rules use cost satisfaction (a voter's utility is the money spent on projects they
chose): greedy then funds projects in order of votes while they fit, the standard
rule of most cities; Equal Shares splits the budget equally among voters (Peters,
Pierczyński & Skowron 2021).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.election.pabulib import election_as_pabulib_string
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

from models.participation.enums import CountingRule


@dataclass(frozen=True)
class Election:
    """One budget's election: its amount, projects (id -> cost) and anonymous ballots."""

    budget: Decimal
    costs: Mapping[int, Decimal]
    ballots: Sequence[frozenset[int]]
    names: Mapping[int, str] = field(default_factory=dict)
    meta: Mapping[str, str] = field(default_factory=dict)


def _instance(
    election: Election, selected: frozenset[int] | None = None
) -> tuple[Instance, ApprovalProfile]:
    projects = {pid: Project(str(pid), Fraction(cost)) for pid, cost in election.costs.items()}
    instance = Instance(projects.values(), budget_limit=Fraction(election.budget))
    instance.meta = dict(election.meta)
    votes = votes_per_project(election)
    instance.project_meta = {project: {"votes": votes[pid]} for pid, project in projects.items()}
    for pid, project in projects.items():
        if pid in election.names:
            instance.project_meta[project]["name"] = " ".join(
                election.names[pid].replace(";", ",").split()
            )
        if selected is not None:
            instance.project_meta[project]["selected"] = int(pid in selected)
    profile = ApprovalProfile(instance=instance)
    # Voters carry only a running number: pabutools 1.2 writes other voter attributes
    # into the PROJECTS header, and the file is anonymous anyway.
    for index, ballot in enumerate(election.ballots, start=1):
        chosen = (projects[p] for p in sorted(ballot) if p in projects)
        profile.append(ApprovalBallot(chosen, name=str(index), meta={"voter_id": str(index)}))
    return instance, profile


def count(election: Election, rule: CountingRule) -> list[int]:
    """Ids of the funded projects, sorted; ties broken by the lower project id.

    Greedy, as pabulib defines it, spends leftover money even on a project nobody
    chose; Equal Shares never funds one. Anyone recounting the ``.pb`` file with
    pabutools or pabulib's checker gets the same projects."""
    instance, profile = _instance(election)
    if rule is CountingRule.GREEDY:
        chosen = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        chosen = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    return sorted(int(p.name) for p in chosen)


def votes_per_project(election: Election) -> dict[int, int]:
    """How many ballots chose each project."""
    out = dict.fromkeys(election.costs, 0)
    for ballot in election.ballots:
        for pid in ballot:
            if pid in out:
                out[pid] += 1
    return out


def as_pabulib(election: Election, rule: CountingRule) -> str:
    """The election as a pabulib ``.pb`` file (META, PROJECTS with votes and the projects
    ``rule`` selects, VOTES), the same bytes for the same ballots: each vote lists its
    projects in increasing id (pabutools writes a ballot in its set order, which changes
    with Python's hash seed)."""
    instance, profile = _instance(election, frozenset(count(election, rule)))
    text = election_as_pabulib_string(instance, profile)
    meta, _, rest = text.partition("PROJECTS\n")
    projects, _, votes = rest.partition("VOTES\n")
    return (
        f"{meta}PROJECTS\n{_columns_in_order(projects, PROJECT_COLUMNS)}"
        f"VOTES\n{_sorted_votes(votes)}"
    )


#: The order of the PROJECTS columns pabulib's checker expects.
PROJECT_COLUMNS = ("project_id", "cost", "votes", "name", "selected")


def _columns_in_order(section: str, order: tuple[str, ...]) -> str:
    rows = [line.split(";") for line in section.splitlines()]
    index = [rows[0].index(c) for c in order if c in rows[0]]
    index += [i for i in range(len(rows[0])) if i not in index]
    return "".join(";".join(row[i] for i in index) + "\n" for row in rows)


def _sorted_votes(section: str) -> str:
    lines = section.splitlines()
    column = lines[0].split(";").index("vote")
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(";")
        if cells[column]:
            cells[column] = ",".join(sorted(cells[column].split(","), key=int))
        out.append(";".join(cells))
    return "\n".join(out) + "\n"
