"""Residents: the census import (keyed hashes only), codes sent by post, and the
verification of an account against either."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import psycopg

from models.errors import Conflict, Forbidden, InvalidInput
from models.participation.enums import VerificationMethod


@dataclass(frozen=True)
class ResidentInfo:
    """What participation knows of a verified account; ``source_key`` is the keyed hash
    of the census entry or postal code that verified it (the person, whatever account)."""

    neighbourhood: str
    birth_year: int
    method: VerificationMethod
    source_key: str


async def replace_census(
    conn: psycopg.AsyncConnection, rows: Iterable[tuple[str, int, str]]
) -> int:
    """Replace the census with ``rows`` (document key, birth year, neighbourhood) in one
    transaction; returns the number of rows. Keys already used by residents stay valid."""
    async with conn.transaction():
        await conn.execute("DELETE FROM census_entries")
        async with conn.cursor().copy(
            "COPY census_entries (document_key, birth_year, neighbourhood) FROM STDIN"
        ) as copy:
            n = 0
            for row in rows:
                await copy.write_row(row)
                n += 1
    return n


async def neighbourhood_names(conn: psycopg.AsyncConnection) -> frozenset[str]:
    """The Greek names of the ``neighbourhoods`` layer (empty when it has none)."""
    cur = await conn.execute("SELECT name_el FROM neighbourhoods WHERE name_el IS NOT NULL")
    return frozenset(str(r[0]) for r in await cur.fetchall())


def check_neighbourhoods(names: list[str | None], known: frozenset[str], field: str) -> None:
    """``InvalidInput`` naming ``field`` when a name is not a neighbourhood of the map
    (nothing is checked while the neighbourhoods layer is empty; None is city-wide)."""
    unknown = sorted({n for n in names if n is not None and known and n not in known})
    if unknown:
        raise InvalidInput(
            f"'{field}': {unknown} are not neighbourhoods of the map (the Greek names of the "
            "neighbourhoods layer)",
            field=field,
        )


async def census_size(conn: psycopg.AsyncConnection) -> dict[str, int]:
    """Residents in the census per neighbourhood."""
    cur = await conn.execute(
        "SELECT neighbourhood, count(*) FROM census_entries GROUP BY neighbourhood"
    )
    return {str(name): int(n) for name, n in await cur.fetchall()}


async def resident(conn: psycopg.AsyncConnection, user_id: int) -> ResidentInfo | None:
    """The verification of an account, None if it has none."""
    cur = await conn.execute(
        "SELECT neighbourhood, birth_year, method, source_key FROM residents WHERE user_id = %s",
        (user_id,),
    )
    row = await cur.fetchone()
    return None if row is None else ResidentInfo(row[0], row[1], VerificationMethod(row[2]), row[3])


async def _record(
    conn: psycopg.AsyncConnection,
    user_id: int,
    method: VerificationMethod,
    key: str,
    birth_year: int,
    neighbourhood: str,
) -> ResidentInfo:
    try:
        await conn.execute(
            "INSERT INTO residents (user_id, method, source_key, birth_year, neighbourhood) "
            "VALUES (%s, %s, %s, %s, %s)",
            (user_id, method.value, key, birth_year, neighbourhood),
        )
    except psycopg.errors.UniqueViolation:
        raise Conflict(
            "this account is already verified, or these details verified another account "
            "/ τα στοιχεία έχουν ήδη χρησιμοποιηθεί",
            field="document",
        ) from None
    return ResidentInfo(neighbourhood, birth_year, method, key)


async def verify_by_census(
    conn: psycopg.AsyncConnection, user_id: int, document_key: str, birth_year: int
) -> ResidentInfo:
    """Verify an account against the census (document and birth year must match)."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT birth_year, neighbourhood FROM census_entries WHERE document_key = %s",
            (document_key,),
        )
        row = await cur.fetchone()
        if row is None or row[0] != birth_year:
            raise Forbidden(
                "the document number and birth year do not match the census "
                "/ τα στοιχεία δεν αντιστοιχούν στο δημοτολόγιο"
            )
        return await _record(conn, user_id, VerificationMethod.CENSUS, document_key, row[0], row[1])


async def add_postal_codes(
    conn: psycopg.AsyncConnection, codes: Iterable[tuple[str, int, str]]
) -> None:
    """Store codes to be posted (keyed hash, birth year, neighbourhood)."""
    async with conn.transaction():
        for key, year, place in codes:
            await conn.execute(
                "INSERT INTO postal_codes (code_key, birth_year, neighbourhood) VALUES (%s, %s, %s)",
                (key, year, place),
            )


async def verify_by_code(
    conn: psycopg.AsyncConnection, user_id: int, code_key: str
) -> ResidentInfo:
    """Verify an account with an unused code sent by post (single use)."""
    async with conn.transaction():
        cur = await conn.execute(
            "UPDATE postal_codes SET used_at = now() WHERE code_key = %s AND used_at IS NULL "
            "RETURNING birth_year, neighbourhood",
            (code_key,),
        )
        row = await cur.fetchone()
        if row is None:
            raise Forbidden(
                "the code is unknown or already used / άκυρος ή χρησιμοποιημένος κωδικός"
            )
        return await _record(
            conn, user_id, VerificationMethod.POSTAL_CODE, code_key, row[0], row[1]
        )
