"""Keyed hashes (HMAC-SHA-256 with a key derived from the server secret): identities
and census numbers are stored only in this form, never in clear."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata


def keyed(key: str, *parts: object) -> str:
    """Hex HMAC-SHA-256 of ``parts`` (joined by NUL) under ``key``.

    Examples
    --------
    >>> keyed("k", "a", 1) == keyed("k", "a", 1) != keyed("other", "a", 1)
    True
    """
    message = "\x00".join(str(p) for p in parts).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def normalise_document(number: str) -> str:
    """A document number as it is hashed: upper case, Latin look-alikes of Greek capitals
    folded (ΑΒ123 and AB123 are the same identity card), spaces and dashes removed."""
    text = unicodedata.normalize("NFKC", number).upper()
    folded = text.translate(str.maketrans("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"))
    return "".join(ch for ch in folded if ch.isalnum())


def document_digest(number: str) -> str:
    """SHA-256 of the normalised document number: what the census file holds."""
    return hashlib.sha256(normalise_document(number).encode()).hexdigest()
