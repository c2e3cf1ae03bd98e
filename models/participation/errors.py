"""Errors of participation: an action outside its phase or period, an unverified caller."""

from __future__ import annotations

from models.errors import Forbidden, PolisError


class OutOfPhase(PolisError, ValueError):
    """The process or consultation is not in the phase this action needs (409)."""

    status = 409
    code = "OutOfPhase"
    title = "Not in this phase"


class NotVerified(Forbidden):
    """The account is not a verified resident, or under the minimum age (403)."""

    code = "NotVerifiedResident"
    title = "Verified residents only"
