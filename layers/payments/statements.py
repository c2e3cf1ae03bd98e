"""Bank statement files: a CSV export (``date;amount;remittance;bank reference``, with
Greek or English headers, decimal comma or point). Checked whole before anything is
written; each problem names its row and field."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from layers.payments.orders import StatementLine
from models.errors import InvalidInput

HEADERS = {
    "ημερομηνία": "booked",
    "date": "booked",
    "booked": "booked",
    "ποσό": "amount",
    "amount": "amount",
    "αιτιολογία": "remittance",
    "remittance": "remittance",
    "description": "remittance",
    "αριθμός συναλλαγής": "bank_reference",
    "reference": "bank_reference",
    "bank_reference": "bank_reference",
}
REQUIRED = ("booked", "amount", "remittance", "bank_reference")


def _date(value: str) -> dt.date:
    value = value.strip()
    if "/" in value:
        day, month, year = value.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(value)


def _amount(value: str) -> Decimal:
    value = value.strip().replace(" ", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    return Decimal(value)


def read_statement(text: str) -> list[StatementLine]:
    """Credit lines of a statement CSV; ``InvalidInput`` listing bad rows and fields."""
    sample = text[:2048]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise InvalidInput("file: empty / κενό αρχείο", field="file")
    names = [HEADERS.get(h.strip().lower(), h.strip()) for h in header]
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise InvalidInput(f"file: missing columns {missing} / λείπουν στήλες", field="file")
    lines, problems = [], []
    for number, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        row = dict(zip(names, raw, strict=False))
        try:
            booked = _date(row.get("booked", ""))
        except ValueError:
            problems.append(f"row {number}, 'booked': not a date")
            continue
        try:
            amount = _amount(row.get("amount", ""))
        except InvalidOperation:
            problems.append(f"row {number}, 'amount': not a number")
            continue
        if amount <= 0:
            continue  # debits are not payments to us
        reference = row.get("bank_reference", "").strip()
        if not reference:
            problems.append(f"row {number}, 'bank_reference': empty")
            continue
        lines.append(StatementLine(reference, booked, amount, row.get("remittance", "")))
    if problems:
        raise InvalidInput(
            f"{len(problems)} problem(s), nothing reconciled / καμία συμφωνία: "
            + "; ".join(problems[:20]),
            field=problems[0].split(",")[0],
        )
    return lines
