"""The phase of a participatory-budgeting process at a moment, from its dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.participation.enums import Phase


@dataclass(frozen=True)
class PhaseDates:
    """The moments that open each phase (``voting_until`` closes the vote)."""

    proposals_from: dt.datetime
    review_from: dt.datetime
    voting_from: dt.datetime
    voting_until: dt.datetime
    implementation_from: dt.datetime


def phase_at(dates: PhaseDates, now: dt.datetime) -> Phase:
    """The phase in force at ``now`` (timezone-aware).

    Examples
    --------
    >>> d = [dt.datetime(2026, m, 1, tzinfo=dt.UTC) for m in (1, 2, 3, 4, 6)]
    >>> phase_at(PhaseDates(*d), dt.datetime(2026, 3, 15, tzinfo=dt.UTC)).value
    'voting'
    """
    if now < dates.proposals_from:
        return Phase.UPCOMING
    if now < dates.review_from:
        return Phase.PROPOSALS
    if now < dates.voting_from:
        return Phase.REVIEW
    if now < dates.voting_until:
        return Phase.VOTING
    if now < dates.implementation_from:
        return Phase.RESULTS
    return Phase.IMPLEMENTATION
