"""Request bodies of the guide (pydantic): what an owner, a claimant or a moderator sends.
Field checks name the field (a 400 from the API); the tax number is checked with
python-stdnum (``stdnum.gr.vat``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationInfo, field_validator
from stdnum.gr import vat

from models.commerce_enums import AllocationMethod, OfferKind, StallSector, Wheelchair
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


#: ΟΠΣΑΑ export headers → licence fields (the export's Greek headers or English ones).
LICENCE_HEADERS = {
    "Αριθμός Άδειας": "licence_number",
    "Ονοματεπώνυμο": "holder",
    "ΑΦΜ": "tax_number",
    "Τύπος Άδειας": "sector",
    "Έναρξη Ισχύος": "valid_from",
    "Λήξη Ισχύος": "valid_to",
    "Είδη": "goods",
    "Όχημα": "vehicle_plate",
    "Βοηθοί": "helpers",
    "Μόρια": "points",
}
#: The export's licence types → sectors.
LICENCE_TYPES = {
    "παραγωγός": "producers",
    "παραγωγου": "producers",
    "producer": "producers",
    "producers": "producers",
    "επαγγελματίας": "professionals",
    "επαγγελματια": "professionals",
    "professional": "professionals",
    "professionals": "professionals",
}


class LicenceRow(BaseModel):
    """One licence of a ΟΠΣΑΑ export (dates as dd/mm/yyyy or ISO)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    licence_number: str = Field(min_length=1, max_length=40)
    holder: str = Field(min_length=1, max_length=200)
    tax_number: str
    sector: StallSector
    valid_from: dt.date
    valid_to: dt.date
    goods: str = Field(min_length=1, max_length=200)
    vehicle_plate: str | None = Field(default=None, max_length=20)
    helpers: int = Field(default=0, ge=0, le=10)
    points: float = Field(default=0, ge=0, le=1000)

    _tax = field_validator("tax_number")(checked_tax_number)

    @field_validator("sector", mode="before")
    @classmethod
    def _sector(cls, value: object) -> object:
        if isinstance(value, str):
            return LICENCE_TYPES.get(value.strip().lower(), value)
        return value

    @field_validator("valid_from", "valid_to", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        if isinstance(value, str) and "/" in value:
            day, month, year = value.strip().split("/")
            return dt.date(int(year), int(month), int(day))
        return value

    @field_validator("vehicle_plate", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("valid_to")
    @classmethod
    def _order(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("valid_from")
        if start is not None and value < start:
            raise ValueError("ends before it starts / λήγει πριν αρχίσει")
        return value


class AttendanceIn(BaseModel):
    """One stall's presence on a market day, from an inspector's phone (``client_id``:
    the phone's own id for the record, so a resent record is taken once)."""

    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    stall_id: int = Field(ge=1, le=2**31 - 1)
    day: dt.date
    present: bool


class InspectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    stall_id: int = Field(ge=1, le=2**31 - 1)
    day: dt.date
    findings: str = Field(min_length=1, max_length=4000)
    photos: list[HttpUrl] = Field(default_factory=list, max_length=10)
    penalty_eur: float = Field(default=0, ge=0, le=100_000)


class AllocationIn(BaseModel):
    """Allocate the market's vacant stalls among licences: by points, or a draw with a
    published seed (the same seed gives the same result)."""

    model_config = ConfigDict(extra="forbid")
    method: AllocationMethod
    licences: list[str] = Field(min_length=1, max_length=2000)
    seed: int | None = Field(default=None, ge=0, le=2**62)
    day: dt.date
