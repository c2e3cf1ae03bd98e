"""The census file: CSV with the document-number hash, birth year and neighbourhood."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from gis.participation.keys import keyed
from models.errors import InvalidInput

COLUMNS = ("document_hash", "birth_year", "neighbourhood")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class CensusRow:
    """One resident of the census file (``document_hash``: SHA-256 hex of the number)."""

    document_hash: str
    birth_year: int
    neighbourhood: str


def read_census(text: str, *, known: frozenset[str] = frozenset()) -> Iterator[CensusRow]:
    """The rows of a census CSV; ``InvalidInput`` naming the line and column on the first
    bad row (the import is all-or-nothing). With ``known`` neighbourhood names (the
    ``neighbourhoods`` layer's), any other name is refused."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise InvalidInput(
            f"census file: missing column(s) {', '.join(missing)} / λείπουν στήλες", field="file"
        )
    for line, row in enumerate(reader, start=2):
        digest = (row["document_hash"] or "").strip().lower()
        if not HEX64.match(digest):
            raise InvalidInput(
                f"census line {line}: 'document_hash' must be 64 hex digits (SHA-256) "
                f"/ γραμμή {line}: μη έγκυρο αποτύπωμα",
                field="document_hash",
            )
        year_text = (row["birth_year"] or "").strip()
        if not year_text.isdigit() or not 1900 <= int(year_text) <= 2100:
            raise InvalidInput(
                f"census line {line}: 'birth_year' must be a year between 1900 and 2100 "
                f"/ γραμμή {line}: μη έγκυρο έτος γέννησης",
                field="birth_year",
            )
        place = (row["neighbourhood"] or "").strip()
        if not place or len(place) > 200:
            raise InvalidInput(
                f"census line {line}: 'neighbourhood' must be 1-200 characters "
                f"/ γραμμή {line}: μη έγκυρη γειτονιά",
                field="neighbourhood",
            )
        if known and place not in known:
            raise InvalidInput(
                f"census line {line}: 'neighbourhood' '{place}' is not a neighbourhood of the "
                "map (the Greek names of the neighbourhoods layer) / άγνωστη γειτονιά",
                field="neighbourhood",
            )
        yield CensusRow(digest, int(year_text), place)


def keyed_census(
    text: str, key: str, *, known: frozenset[str] = frozenset()
) -> list[tuple[str, int, str]]:
    """The census rows as stored: (keyed hash of the document hash, birth year,
    neighbourhood); the document hashes themselves are not kept."""
    return [
        (keyed(key, "census", r.document_hash), r.birth_year, r.neighbourhood)
        for r in read_census(text, known=known)
    ]
