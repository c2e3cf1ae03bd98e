"""Residents: the census import and postal codes (staff), and an account's
verification against either (the census never leaves the server)."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request, UploadFile

from api.deps import CurrentAccount, PoolDep
from api.routes.participation_access import ParticipationStaff, participation_key, person_key
from gis.participation.census import keyed_census
from gis.participation.keys import document_digest, normalise_document
from layers.participation import residents
from models.errors import Forbidden, InvalidInput, NotFound
from models.participation.schemas import CensusVerification, CodeVerification, PostalCodesCreate

router = APIRouter(prefix="/participation", tags=["participation"])
MAX_CENSUS_BYTES = 50_000_000
#: Letters and digits of postal codes (no 0/O, 1/I look-alikes).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@router.post("/census", status_code=201)
async def import_census(
    file: UploadFile, request: Request, pool: PoolDep, who: ParticipationStaff
) -> dict[str, int]:
    """Replace the census (CSV: document_hash, birth_year, neighbourhood), all or nothing;
    each document hash is stored only keyed with the server secret."""
    data = await file.read(MAX_CENSUS_BYTES + 1)
    if len(data) > MAX_CENSUS_BYTES:
        raise InvalidInput(
            "'file': the census file is over 50 MB / το αρχείο υπερβαίνει τα 50 MB", field="file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            "'file': the census must be UTF-8 CSV / το δημοτολόγιο πρέπει να είναι CSV σε UTF-8",
            field="file",
        ) from None
    async with pool.connection() as conn:
        known = await residents.neighbourhood_names(conn)
        rows = keyed_census(text, participation_key(request), known=known)
        return {"imported": await residents.replace_census(conn, rows)}


@router.post("/postal-codes", status_code=201)
async def postal_codes(
    body: PostalCodesCreate, request: Request, pool: PoolDep, who: ParticipationStaff
) -> dict[str, Any]:
    """Make single-use codes to send by post; they are shown once and stored hashed."""
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(10)) for _ in body.entries]
    async with pool.connection() as conn:
        known = await residents.neighbourhood_names(conn)
        residents.check_neighbourhoods([e.neighbourhood for e in body.entries], known, "entries")
        await residents.add_postal_codes(
            conn,
            [
                (person_key(request, "code", code), e.birth_year, e.neighbourhood)
                for code, e in zip(codes, body.entries, strict=True)
            ],
        )
    return {
        "codes": [{"code": c, **e.model_dump()} for c, e in zip(codes, body.entries, strict=True)]
    }


@router.post("/verify", status_code=201)
async def verify(
    body: CensusVerification | CodeVerification,
    request: Request,
    pool: PoolDep,
    who: CurrentAccount,
) -> dict[str, Any]:
    """Verify the caller as a resident: document number + birth year (census) or a code
    sent by post; failed attempts are limited like failed logins (429)."""
    assert who.user_id is not None
    # failed attempts count like failed logins: guessing document numbers is slow
    limits, attempt = request.app.state.limits, ("verify-resident", str(who.user_id))
    limits.check("login", *attempt)
    try:
        info = await _verify(body, request, pool, who.user_id)
    except Forbidden:
        limits.hit("login", *attempt)
        raise
    limits.reset("login", *attempt)
    return {"neighbourhood": info.neighbourhood, "method": info.method.value}


async def _verify(
    body: CensusVerification | CodeVerification, request: Request, pool: PoolDep, user_id: int
) -> residents.ResidentInfo:
    async with pool.connection() as conn:
        if isinstance(body, CensusVerification):
            if len(normalise_document(body.document_number)) < 4:
                raise InvalidInput(
                    "'document_number': too short / πολύ σύντομος αριθμός", field="document_number"
                )
            key = person_key(request, "census", document_digest(body.document_number))
            return await residents.verify_by_census(conn, user_id, key, body.birth_year)
        key = person_key(request, "code", body.code.strip().upper())
        return await residents.verify_by_code(conn, user_id, key)


@router.get("/me")
async def me(pool: PoolDep, who: CurrentAccount) -> dict[str, Any]:
    """The caller's verification (neighbourhood and method)."""
    assert who.user_id is not None
    async with pool.connection() as conn:
        info = await residents.resident(conn, who.user_id)
    if info is None:
        raise NotFound(
            "you are not verified as a resident / δεν έχετε επιβεβαιωθεί ως δημότης",
            field="resident",
        )
    return {"neighbourhood": info.neighbourhood, "method": info.method.value}
