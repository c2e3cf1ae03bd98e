"""Market licences from a ΟΠΣΑΑ export (CSV), kept in sync by licence number.

All or nothing: every row is checked first and every problem is reported with its row
and field; only a file without problems is written (inserted or updated by number).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection
from pydantic import ValidationError

from models.commerce_schemas import LICENCE_HEADERS, LicenceRow
from models.errors import InvalidInput

MAX_REPORTED = 20
FIELDS = tuple(LicenceRow.model_fields)


@dataclass(frozen=True)
class SyncReport:
    inserted: int
    updated: int
    unchanged: int


def _header(name: str) -> str:
    name = name.strip().lstrip("\ufeff")
    return LICENCE_HEADERS.get(name, name)


def read_licences(text: str) -> list[LicenceRow]:
    """Rows of the export; ``InvalidInput`` listing each row's bad fields."""
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames is None:
        raise InvalidInput("file: empty / κενό αρχείο", field="file")
    headers = [_header(h) for h in reader.fieldnames]
    missing = [f for f in ("licence_number", "holder", "tax_number", "sector") if f not in headers]
    unknown = [h for h in headers if h not in FIELDS]
    if missing or unknown:
        what = f"missing columns {missing}" if missing else f"unknown columns {unknown}"
        raise InvalidInput(f"file: {what} / λάθος στήλες", field="file")
    rows: list[LicenceRow] = []
    problems: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        values = {h: v for h, v in zip(headers, raw.values(), strict=False) if v not in (None, "")}
        try:
            row = LicenceRow.model_validate(values)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "row"
                problems.append((f"row {line}.{field}", f"row {line}, '{field}': {err['msg']}"))
            continue
        if row.licence_number in seen:
            problems.append(
                (
                    f"row {line}.licence_number",
                    f"row {line}, 'licence_number': {row.licence_number} repeats row "
                    f"{seen[row.licence_number]}",
                )
            )
        seen[row.licence_number] = line
        rows.append(row)
    if problems:
        listed = "; ".join(message for _, message in problems[:MAX_REPORTED])
        more = f" (+{len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise InvalidInput(
            f"{len(problems)} problem(s), nothing imported / τίποτα δεν εισήχθη: {listed}{more}",
            field=problems[0][0],
        )
    return rows


async def sync_licences(
    conn: AsyncConnection[Any],
    rows: list[LicenceRow],
    progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Insert new licence numbers, update changed ones, in one transaction."""
    inserted = updated = 0
    names = ", ".join(FIELDS)
    placeholders = ", ".join(f"%({f})s" for f in FIELDS)
    changes = ", ".join(f"{f} = EXCLUDED.{f}" for f in FIELDS if f != "licence_number")
    differs = " OR ".join(f"market_licences.{f} IS DISTINCT FROM EXCLUDED.{f}" for f in FIELDS)
    statement = (
        f"INSERT INTO market_licences ({names}) VALUES ({placeholders}) "  # noqa: S608 (model fields)
        f"ON CONFLICT (licence_number) DO UPDATE SET {changes} WHERE {differs} "
        "RETURNING (xmax = 0) AS inserted"
    )
    async with conn.transaction():
        for done, row in enumerate(rows, start=1):
            cur = await conn.execute(statement, {**row.model_dump(), "sector": row.sector.value})  # type: ignore[arg-type]
            result = await cur.fetchone()
            if result is not None:
                inserted += bool(result[0])
                updated += not result[0]
            if progress is not None:
                progress(done)
    return SyncReport(inserted, updated, len(rows) - inserted - updated)
