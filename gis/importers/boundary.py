"""Administrative boundaries and neighbourhoods from any vector file.

Kallikratis files name their areas in various ways (``NAME``, ``ONOMA``, ``name_el``)
and carry the official code (``KWD_YPES``, ``code``): both are recognised, or named by
the user. The code (or, without one, the name) is the key a re-import updates by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd

from gis.importers.attributes import to_layer_records
from layers.registry import Registry
from models.enums import BoundaryKind
from models.errors import InvalidInput

NAME_FIELDS = ("name_el", "name", "onoma", "ονομα", "όνομα", "nam", "label")
CODE_FIELDS = ("code", "kwd_ypes", "kallikratis", "kwd", "id_code")
#: ``--kind`` value that sends the areas to the ``neighbourhoods`` layer.
NEIGHBOURHOOD = "neighbourhood"


@dataclass(frozen=True)
class BoundaryRecords:
    """Records for ``layer`` and the key of each (code or name)."""

    layer: str
    records: list[dict[str, Any]]
    keys: list[str]


def boundary_records(
    registry: Registry,
    frame: gpd.GeoDataFrame,
    *,
    where: str,
    kind: str,
    name_field: str | None = None,
    code_field: str | None = None,
) -> BoundaryRecords:
    """Records of ``boundaries`` (kind ``municipality``, ``municipal_unit``, ``community``)
    or of ``neighbourhoods`` (kind ``neighbourhood``) from ``frame``.
    """
    kinds = [k.value for k in BoundaryKind] + [NEIGHBOURHOOD]
    if kind not in kinds:
        raise InvalidInput(f"--kind '{kind}': expected one of {', '.join(kinds)}", field="kind")
    layer = "neighbourhoods" if kind == NEIGHBOURHOOD else "boundaries"
    spec = registry.get(layer)
    name = name_field or _find(frame, NAME_FIELDS)
    code = code_field or (_find(frame, CODE_FIELDS) if "code" in spec.property_names else None)
    mapping = {src: dst for src, dst in ((name, "name_el"), (code, "code")) if src}
    constants = {} if layer == "neighbourhoods" else {"kind": kind}
    keep = [c for c in (name, code) if c] + [frame.geometry.name]
    converted = to_layer_records(
        spec, frame[keep], where=where, mapping=mapping, constants=constants
    )
    keys = []
    for index, record in enumerate(converted.records):
        key = record.get("code") or record.get("name_el")
        if not key:
            raise InvalidInput(
                f"{where}, record {index}: has neither a code nor a name to identify it",
                field=code or name or "name_el",
            )
        keys.append(f"{kind}:{key}")
    return BoundaryRecords(layer, converted.records, keys)


def _find(frame: gpd.GeoDataFrame, candidates: tuple[str, ...]) -> str | None:
    by_lower = {str(c).lower(): str(c) for c in frame.columns if c != frame.geometry.name}
    return next((by_lower[c] for c in candidates if c in by_lower), None)
