"""Who may do what in participation: staff of the consultations office, verified
residents (old enough), and the keyed hashes that stand for them in the database."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Request

from api.security.credentials import derived_key
from api.security.principal import Principal, require_account
from gis.participation.keys import keyed
from layers.participation.residents import ResidentInfo, resident
from models.auth import Role
from models.errors import Forbidden
from models.participation.errors import NotVerified
from models.participation.settings import ParticipationSettings

#: Roles that run processes and consultations, review and moderate.
PARTICIPATION_STAFF = frozenset({Role.CONSULTATIONS, Role.ADMIN, Role.GIS_ADMIN})


def participation_settings(request: Request) -> ParticipationSettings:
    """The participation settings, read from the environment once per application."""
    state = request.app.state
    if getattr(state, "participation", None) is None:
        state.participation = ParticipationSettings()
    settings: ParticipationSettings = state.participation
    return settings


def participation_key(request: Request) -> str:
    """The key of participation's keyed hashes (derived from the server secret)."""
    return key_of(request.app.state.secret)


def key_of(secret: str) -> str:
    """Participation's key derived from the application secret (the CLI's way in)."""
    return derived_key(secret, "participation")


def person_key(request: Request, purpose: str, *parts: object) -> str:
    """The keyed hash standing for an account (or a document) in ``purpose``."""
    return keyed(participation_key(request), purpose, *parts)


def voter_key(request: Request, process_id: int, info: ResidentInfo) -> str:
    """The keyed hash a resident's ballot is stored under in one process: from the census
    entry or code that verified them, so a second account of the same person (after the
    first was deleted) finds the same ballot and cannot vote twice."""
    return person_key(request, "voter", process_id, info.source_key)


async def require_participation_staff(
    principal: Annotated[Principal, Depends(require_account)],
) -> Principal:
    if not principal.roles & PARTICIPATION_STAFF:
        raise Forbidden("only the consultations office may do this / μόνο για το αρμόδιο γραφείο")
    return principal


ParticipationStaff = Annotated[Principal, Depends(require_participation_staff)]


async def verified_resident(
    request: Request, who: Principal, *, min_age: int, today: dt.date | None = None
) -> ResidentInfo:
    """The caller's verification; ``NotVerified`` (403) without one or under ``min_age``."""
    assert who.user_id is not None
    async with request.app.state.pool.connection() as conn:
        info = await resident(conn, who.user_id)
    if info is None:
        raise NotVerified(
            "verify that you are a resident first (POST /participation/verify) "
            "/ επιβεβαιώστε πρώτα ότι είστε δημότης",
            field="resident",
        )
    year = (today or dt.date.today()).year
    if year - info.birth_year < min_age:
        raise NotVerified(
            f"residents aged {min_age} or over take part / συμμετέχουν δημότες {min_age} ετών "
            "και άνω",
            field="birth_year",
        )
    return info


def count_write(request: Request, who: Principal) -> None:
    """Count a citizen's write against ``POLIS_WRITE_RATE`` (429 past it)."""
    request.app.state.limits.take("write", str(who.user_id))
