"""Payments: RF references (ISO 11649), fees from stall areas, statement files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from stdnum import iso11649

from gis.commerce.fees import months_in, stall_fee
from layers.payments.references import references_in, rf_reference
from layers.payments.statements import read_statement
from models.errors import InvalidInput


@pytest.mark.parametrize("order_id", [1, 42, 99_999, 2_147_483_647])
def test_references_carry_valid_check_digits(order_id: int) -> None:
    reference = rf_reference(order_id)
    assert iso11649.is_valid(reference)
    assert reference.endswith(f"{order_id:010d}")
    assert references_in(f"Πληρωμή {iso11649.format(reference)} πάγκος")[0] == reference
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    assert not iso11649.is_valid(wrong)
    assert references_in(f"pay {wrong}") == []


def test_fee_is_area_times_rate_times_months() -> None:
    jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert stall_fee(15.0, Decimal("2.50"), *jan) == Decimal("37.50")
    assert stall_fee(12.34, Decimal("2.50"), *jan) == Decimal("30.85")
    quarter = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert months_in(*quarter) == 3
    assert stall_fee(15.0, Decimal("2.50"), *quarter) == Decimal("112.50")
    half = (dt.date(2026, 2, 1), dt.date(2026, 2, 14))  # 14 of February's 28 days
    assert stall_fee(10.0, Decimal("3.00"), *half) == Decimal("15.00")
    with pytest.raises(ValueError):
        months_in(dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_statement_csv() -> None:
    text = (
        "Ημερομηνία;Ποσό;Αιτιολογία;Αριθμός συναλλαγής\n"
        "05/01/2026;1.234,50;RF34 0000 0000 42;TX-1\n"
        "06/01/2026;-10,00;χρέωση;TX-2\n"
    )
    lines = read_statement(text)
    assert len(lines) == 1  # the debit is not a payment
    assert lines[0].amount == Decimal("1234.50")
    assert lines[0].booked == dt.date(2026, 1, 5)
    with pytest.raises(InvalidInput) as info:
        read_statement("date;amount;remittance;reference\n2026-13-01;x;RF;TX\n")
    assert info.value.field == "row 2"
    assert "'booked'" in info.value.message
