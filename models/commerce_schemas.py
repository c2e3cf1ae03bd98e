"""Request bodies of the guide (pydantic): what an owner, a claimant or a moderator sends.
Field checks name the field (a 400 from the API); the tax number is checked with
python-stdnum (``stdnum.gr.vat``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator
from stdnum.gr import vat

from models.commerce_enums import OfferKind, Wheelchair
from models.enums import BusinessCategory

#: Owner changes that wait for staff review.
REVIEWED_FIELDS = ("name_el", "name_en", "address", "category")

Name = Annotated[str, Field(min_length=1, max_length=200)]


def checked_tax_number(value: str) -> str:
    """A valid Greek tax number (ΑΦΜ), compact; ``ValueError`` otherwise."""
    try:
        return str(vat.validate(value))
    except Exception as exc:  # stdnum's ValidationError subclasses
        raise ValueError(f"not a valid Greek tax number (ΑΦΜ): {exc} / μη έγκυρος ΑΦΜ") from None


class ClaimIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tax_number: str = Field(max_length=20)

    _tax = field_validator("tax_number")(checked_tax_number)


class Photo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl
    caption: str = Field(default="", max_length=200)


class BusinessEdit(BaseModel):
    """An owner's edit. Name, address and category wait for staff review; the rest is
    applied at once."""

    model_config = ConfigDict(extra="forbid")
    name_el: Name | None = None
    name_en: Name | None = None
    address: Name | None = None
    category: BusinessCategory | None = None
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=120, pattern=r"^[^@\s]+@[^@\s]+$")
    website: HttpUrl | None = None
    opening_hours: str | None = Field(default=None, max_length=200)
    wheelchair: Wheelchair | None = None
    toilets_wheelchair: bool | None = None
    photos: list[Photo] | None = Field(default=None, max_length=20)


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: OfferKind = OfferKind.OFFER
    title_el: Name
    title_en: Name
    description: str | None = Field(default=None, max_length=2000)
    valid_from: dt.date
    valid_to: dt.date


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approve: bool
