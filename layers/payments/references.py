"""ISO 11649 RF creditor references of payment orders (check digits by python-stdnum)."""

from __future__ import annotations

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

#: The longest reference (ISO 11649: 25 characters).
LONGEST = 25


def rf_reference(order_id: int) -> str:
    """The RF reference of order ``order_id`` (``RF`` + check digits + 10-digit id)."""
    body = f"{order_id:010d}"
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def references_in(text: str) -> list[str]:
    """Valid RF references in a remittance text, written compact or in blocks of four
    (``RF34 0000 0000 42``): every valid reading at each ``RF`` (the words after it
    may or may not belong to it; the orders' table says which reading exists)."""
    words = text.upper().replace(",", " ").replace(";", " ").split()
    out = []
    for start, word in enumerate(words):
        if not word.startswith("RF"):
            continue
        candidate = ""
        for part in words[start:]:
            candidate += part
            if len(candidate) > LONGEST:
                break
            if iso11649.is_valid(candidate):
                out.append(candidate)
    return out
