"""Data licences Polis knows by their SPDX id, each with its title and its canonical URL.

A collection's ``license`` link and the service's licence are built from this table, so
the link always points at the licence its title names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    """A data licence: SPDX id, title and the URL of its text."""

    id: str
    title: str
    url: str


#: SPDX id -> licence (https://spdx.org/licenses/).
LICENCES: dict[str, Licence] = {
    lic.id: lic
    for lic in (
        Licence(
            "CC0-1.0",
            "Creative Commons Zero v1.0 Universal",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        Licence(
            "CC-BY-4.0",
            "Creative Commons Attribution 4.0 International",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        Licence(
            "CC-BY-SA-4.0",
            "Creative Commons Attribution Share Alike 4.0 International",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        Licence(
            "CC-BY-3.0",
            "Creative Commons Attribution 3.0 Unported",
            "https://creativecommons.org/licenses/by/3.0/",
        ),
        Licence(
            "CC-BY-SA-3.0",
            "Creative Commons Attribution Share Alike 3.0 Unported",
            "https://creativecommons.org/licenses/by-sa/3.0/",
        ),
        Licence(
            "ODbL-1.0",
            "Open Data Commons Open Database License v1.0",
            "https://opendatacommons.org/licenses/odbl/1-0/",
        ),
        Licence(
            "ODC-By-1.0",
            "Open Data Commons Attribution License v1.0",
            "https://opendatacommons.org/licenses/by/1-0/",
        ),
        Licence(
            "PDDL-1.0",
            "Open Data Commons Public Domain Dedication & License 1.0",
            "https://opendatacommons.org/licenses/pddl/1-0/",
        ),
    )
}
_BY_FOLDED = {key.casefold(): lic for key, lic in LICENCES.items()}


def licence_for(spdx_id: str) -> Licence | None:
    """The licence of ``spdx_id`` (case-insensitive, surrounding blanks ignored), or None.

    Examples
    --------
    >>> licence_for("odbl-1.0").url
    'https://opendatacommons.org/licenses/odbl/1-0/'
    >>> licence_for("my own terms") is None
    True
    """
    return _BY_FOLDED.get(spdx_id.strip().casefold())
