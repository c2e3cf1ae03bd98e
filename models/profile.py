"""The municipality profile: which municipality a Polis installation serves.

Names, Kallikratis code, map centre and zoom, boundary, data licence, contact, website,
mail sender and the enabled domains are configuration, not code: one TOML file per
municipality (``data/profiles/`` holds the default), read by
:func:`layers.db.profile.load_profile` and validated by :class:`MunicipalityProfile`.
This module does no I/O.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from models.licences import LICENCES, Licence, licence_for

#: Where a Greek municipality's centre can be (lon/lat, CRS84): the area of use of the
#: Greek Grid (EPSG:2100), islands included, with a small margin.
GREECE_BOUNDS = (19.3, 34.7, 29.7, 41.8)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
_DOMAIN = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an email address (name@example.gr)")
    return value


def _url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError(f"'{value}' is not an http(s) URL (https://www.example.gr)")
    return value


Email = Annotated[str, AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
Label = Annotated[str, Field(min_length=1, max_length=200)]


class _Frozen(BaseModel):
    # Frozen (hashable: the web map caches pages per profile); unknown keys are typos.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Names(_Frozen):
    """A name in Greek (first) and English."""

    el: Label
    en: Label

    def as_dict(self) -> dict[str, str]:
        """``{"el": ..., "en": ...}``."""
        return {"el": self.el, "en": self.en}


class Keywords(_Frozen):
    """Keywords in Greek and English (the town, the region...)."""

    el: tuple[Label, ...] = ()
    en: tuple[Label, ...] = ()


class Centre(_Frozen):
    """Where the maps open: longitude and latitude in degrees (CRS84)."""

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)

    @model_validator(mode="after")
    def _in_greece(self) -> Centre:
        west, south, east, north = GREECE_BOUNDS
        if not (west <= self.lon <= east and south <= self.lat <= north):
            swapped = west <= self.lat <= east and south <= self.lon <= north
            hint = "; lon and lat look swapped" if swapped else ""
            raise ValueError(
                f"lon {self.lon}, lat {self.lat} is outside Greece "
                f"(lon {west}..{east}, lat {south}..{north}){hint}"
            )
        return self


class Contact(_Frozen):
    """Who answers for the data (the OGC service's point of contact)."""

    name: Names
    email: Email
    address: Label | None = None
    postcode: Annotated[str, Field(pattern=r"^\d{3} ?\d{2}$")] | None = None
    city: Names | None = None
    region: Names | None = None
    country: Names = Names(el="Ελλάδα", en="Greece")
    phone: Annotated[str, Field(pattern=r"^\+?[\d ()-]{5,20}$")] | None = None
    url: Url | None = None


class MunicipalityProfile(_Frozen):
    """The municipality a Polis installation serves.

    Parameters
    ----------
    name:
        The municipality's name as it signs: ``Δήμος …`` / ``Municipality of …``.
    kallikratis_code:
        Its code; the ``boundaries`` feature with this code is its boundary unless
        ``boundary`` names a file.
    centre, zoom:
        Where and how close every map opens.
    boundary:
        A GeoJSON file (CRS84) of the municipality's area (relative paths are relative to
        the profile file), or None for the ``boundaries`` feature with the code.
    licence:
        SPDX id of the licence the municipality publishes its data under.
    contact, website, mail_from:
        The service's point of contact, the municipality's web site and the sender of
        the mail Polis sends (account verification).
    keywords:
        Place keywords of the OGC service (the town, the region).
    domains:
        The enabled domains (``core``, ``parking``...); None enables every available one.
    """

    name: Names
    kallikratis_code: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    centre: Centre
    zoom: int = Field(default=15, ge=8, le=20)
    boundary: Path | None = None
    licence: str
    contact: Contact
    website: Url
    mail_from: Email
    keywords: Keywords = Keywords()
    domains: tuple[str, ...] | None = None

    @field_validator("licence")
    @classmethod
    def _known_licence(cls, value: str) -> str:
        found = licence_for(value)
        if found is None:
            known = ", ".join(LICENCES)
            raise ValueError(f"unknown licence '{value}': use an SPDX id, one of {known}")
        return found.id

    @field_validator("domains")
    @classmethod
    def _domain_names(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("enable at least one domain (or leave `domains` out for all)")
        bad = [d for d in value if not _DOMAIN.match(d)]
        if bad:
            raise ValueError(f"not a domain name: {', '.join(map(repr, bad))}")
        if len(set(value)) != len(value):
            raise ValueError("a domain is listed twice")
        return value

    @property
    def data_licence(self) -> Licence:
        """The licence of the municipality's data (title and URL)."""
        return LICENCES[self.licence]
