"""The layer registry: one declaration per published layer, the single source of truth.

The pygeoapi configuration, the OGC fast paths, the web map's layer tree and the
catalogue are all generated from the :class:`LayerSpec` objects registered here.
Identifiers (tables, columns) reach SQL only after the registry vouched for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry

from layers.registry.labels import field_label
from layers.registry.text import Text
from models.auth import Role
from models.base import Base
from models.enums import Choice
from models.errors import ConfigurationError, NotFound

#: Roles that may read and edit every layer.
SUPER_ROLES = frozenset({Role.ADMIN, Role.GIS_ADMIN})


class Audience(StrEnum):
    """Who a layer is drawn for on the shared web map."""

    CITIZENS = "citizens"
    CIVIL_PROTECTION = "civil_protection"
    FIELD = "field"
    STAFF = "staff"


@dataclass(frozen=True)
class Style:
    """Default cartographic style (Leaflet path options, also exported as OGC style)."""

    color: str = "#3367d6"
    fill: str | None = None
    weight: float = 1.5
    radius: float = 5.0
    opacity: float = 0.9
    fill_opacity: float = 0.4


#: OSM element kinds an :class:`OsmRule` can take features from.
OSM_ELEMENTS = frozenset({"node", "way", "area"})


@dataclass(frozen=True)
class OsmRule:
    """How OpenStreetMap objects become features of a layer (``polis import osm``).

    Parameters
    ----------
    elements:
        The kinds of OSM element that may map to the layer: ``node`` (points), ``way``
        (open lines), ``area`` (closed ways and multipolygon relations).
    attributes:
        The object's tags → the layer's attributes, or None when the object is not one
        of the layer's features. Pure; lives in the layer's domain (``layers/<domain>/osm.py``).
    end_keys, ends:
        Ways only: ``ends(first, last)`` adds attributes taken from the tags of the way's
        first and last node (a footway's kerbs); only the node tags named in
        ``end_keys`` are kept while the file is read.
    backwards:
        Ways only: whether a way (by its tags) is drawn against the feature's direction
        (``oneway=-1``); its geometry is then stored reversed.
    """

    elements: frozenset[str]
    attributes: Callable[[Mapping[str, str]], dict[str, Any] | None]
    end_keys: frozenset[str] = frozenset()
    ends: Callable[[Mapping[str, str], Mapping[str, str]], dict[str, Any]] | None = None
    backwards: Callable[[Mapping[str, str]], bool] | None = None

    def validate(self, layer_id: str) -> None:
        """Check the rule; raise ``ConfigurationError`` naming ``layer_id``."""
        if not self.elements or not self.elements <= OSM_ELEMENTS:
            raise ConfigurationError(f"layer '{layer_id}': OSM elements are node, way, area")
        way_only = self.ends is not None or self.backwards is not None
        if way_only and "way" not in self.elements:
            raise ConfigurationError(f"layer '{layer_id}': OSM ends/backwards need way elements")
        if (self.ends is None) != (not self.end_keys):
            raise ConfigurationError(f"layer '{layer_id}': OSM ends and end_keys go together")


@dataclass(frozen=True)
class PropertySpec:
    """One attribute of a layer as published (derived from the model's column)."""

    name: str
    type: str  # JSON schema type: integer | number | boolean | string
    format: str | None
    enum: tuple[str, ...] | None
    nullable: bool
    title: Text

    def json_schema(self) -> dict[str, Any]:
        """JSON schema of the attribute (queryables, schemas)."""
        out: dict[str, Any] = {"type": self.type, "title": self.title.en}
        out["x-title-el"] = self.title.el
        if self.format:
            out["format"] = self.format
        if self.enum:
            out["enum"] = list(self.enum)
        return out


def _column_schema(column: sa.Column[Any]) -> tuple[str, str | None, tuple[str, ...] | None]:
    ctype = column.type
    if isinstance(ctype, sa.Enum):
        return "string", None, tuple(ctype.enums)
    if isinstance(ctype, sa.Boolean):
        return "boolean", None, None
    if isinstance(ctype, sa.Integer):
        return "integer", None, None
    if isinstance(ctype, (sa.Float, sa.Numeric)):
        return "number", None, None
    if isinstance(ctype, sa.DateTime):
        return "string", "date-time", None
    if isinstance(ctype, sa.Date):
        return "string", "date", None
    return "string", None, None


@dataclass(frozen=True)
class LayerSpec:
    """The declaration of one published layer.

    Parameters
    ----------
    id:
        Collection id: English snake_case plural (``parking_bays``).
    model:
        The SQLAlchemy model holding the data.
    title, description:
        Greek and English texts shown to users and in OGC metadata.
    keywords:
        Greek and English keywords.
    audiences:
        Which web maps draw the layer.
    editable:
        Whether staff may edit it through OGC API – Features Part 4 (later issue).
    style:
        Default style.
    tiles:
        Also served as Mapbox Vector Tiles (large layers).
    time_field:
        Date/time column used by ``datetime`` filters, if the layer has time.
    title_field:
        Column naming a feature in lists and popups.
    default_visible:
        Drawn when a web map opens (otherwise listed in the layer tree, unchecked).
    basemap:
        Part of the offline basemap drawn from our own layers (roads, buildings, green).
    searchable:
        Found by the web map's search box (by ``title_field`` and ``name_en`` if present).
    search_url:
        A domain's own search route answering ``?q=&limit=`` with GeoJSON features of
        the layer (accent-insensitive, Greeklish…), asked instead of a CQL filter.
    """

    id: str
    model: type[Base]
    title: Text
    description: Text
    keywords: tuple[Text, ...] = ()
    audiences: frozenset[Audience] = frozenset()
    editable: bool = False
    style: Style = field(default_factory=Style)
    tiles: bool = False
    tile_min_zoom: int = 12
    time_field: str | None = None
    title_field: str | None = None
    default_visible: bool = True
    basemap: bool = False
    searchable: bool = False
    search_url: str | None = None
    read_roles: frozenset[Role] | None = None
    edit_roles: frozenset[Role] = frozenset()
    private_fields: tuple[tuple[str, frozenset[Role]], ...] = ()
    hidden: frozenset[str] = frozenset()
    osm: OsmRule | None = None
    labels: tuple[tuple[str, Text], ...] = ()

    # ------------------------------------------------------------- authorisation
    def can_read(self, roles: frozenset[Role]) -> bool:
        """Whether holders of ``roles`` may read the layer (``read_roles=None``: anyone)."""
        return self.read_roles is None or bool(roles & (self.read_roles | SUPER_ROLES))

    def can_edit(self, roles: frozenset[Role]) -> bool:
        """Whether holders of ``roles`` may edit it (OGC API – Features Part 4)."""
        return self.editable and bool(roles & (self.edit_roles | SUPER_ROLES))

    def for_roles(self, roles: frozenset[Role]) -> LayerSpec:
        """The layer as holders of ``roles`` see it: private attributes they may not see
        are removed from its properties (so from every output, filter and sort)."""
        hidden = frozenset(
            name for name, allowed in self.private_fields if not roles & (allowed | SUPER_ROLES)
        )
        return self if hidden == self.hidden else replace(self, hidden=hidden)

    # ------------------------------------------------------------- derived facts
    @property
    def table(self) -> sa.Table:
        return self.model.__table__  # type: ignore[return-value]

    @property
    def table_name(self) -> str:
        return self.table.name

    @cached_property
    def geometry_type(self) -> str:
        """OGC/GeoJSON geometry type name, e.g. ``MultiPolygon``."""
        gtype = self.table.c.geom.type
        assert isinstance(gtype, Geometry)
        names = {
            "POINT": "Point",
            "LINESTRING": "LineString",
            "POLYGON": "Polygon",
            "MULTIPOINT": "MultiPoint",
            "MULTILINESTRING": "MultiLineString",
            "MULTIPOLYGON": "MultiPolygon",
        }
        return names[str(gtype.geometry_type).upper()]

    @cached_property
    def srid(self) -> int:
        gtype = self.table.c.geom.type
        assert isinstance(gtype, Geometry)
        return int(gtype.srid)

    @cached_property
    def properties(self) -> tuple[PropertySpec, ...]:
        """Published attributes, in table order (the id and geometry excluded)."""
        out = []
        for column in self.table.columns:
            if column.name in ("id", "geom") or column.name in self.hidden:
                continue
            jtype, fmt, enum = _column_schema(column)
            out.append(
                PropertySpec(
                    name=column.name,
                    type=jtype,
                    format=fmt,
                    enum=enum,
                    nullable=bool(column.nullable),
                    title=self.label(column.name),
                )
            )
        return tuple(out)

    def label(self, name: str) -> Text:
        """Greek/English label of attribute ``name``: the layer's own (``labels``) or the
        shared one."""
        own = dict(self.labels)
        return own[name] if name in own else field_label(name)

    @cached_property
    def property_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.properties)

    def value_labels(self) -> dict[str, dict[str, dict[str, str]]]:
        """Greek/English labels of enumerated values: ``{column: {value: {el, en}}}``."""
        out: dict[str, dict[str, dict[str, str]]] = {}
        for prop in self.properties:
            ctype = self.table.c[prop.name].type
            enum_class = getattr(ctype, "enum_class", None) if isinstance(ctype, sa.Enum) else None
            if enum_class is not None and issubclass(enum_class, Choice):
                out[prop.name] = enum_class.labels()
        return out

    def property(self, name: str) -> PropertySpec:
        """The attribute called ``name``; ``NotFound`` if the layer has none."""
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise NotFound(f"layer '{self.id}' has no property '{name}'", field=name)

    def validate(self) -> None:
        """Check the declaration against its model; raise ``ConfigurationError``."""
        if not self.id.isidentifier() or self.id != self.id.lower():
            raise ConfigurationError(f"layer id '{self.id}' must be snake_case")
        if "geom" not in self.table.c:
            raise ConfigurationError(f"layer '{self.id}': model has no 'geom' column")
        for name in (self.time_field, self.title_field):
            if name is not None and name not in self.property_names:
                raise ConfigurationError(f"layer '{self.id}': unknown column '{name}'")
        for name, _ in self.private_fields:
            if name not in self.table.c:
                raise ConfigurationError(f"layer '{self.id}': unknown private field '{name}'")
        if self.edit_roles and not self.editable:
            raise ConfigurationError(f"layer '{self.id}': edit_roles on a read-only layer")
        if self.osm is not None:
            self.osm.validate(self.id)
        if self.searchable and self.title_field is None:
            raise ConfigurationError(f"layer '{self.id}': searchable needs a title_field")
        if self.time_field is not None:
            ptype = self.table.c[self.time_field].type.python_type
            if ptype not in (dt.date, dt.datetime):
                raise ConfigurationError(f"layer '{self.id}': '{self.time_field}' is not a date")


@dataclass(frozen=True)
class RasterSpec:
    """The declaration of one published raster (an OGC API – Coverages collection).

    Parameters
    ----------
    id:
        Collection id and name in the raster catalogue (``dem``).
    title, description:
        Greek and English texts.
    keywords:
        Greek and English keywords.
    unit:
        What a cell holds (``m``, ``degrees``).
    """

    id: str
    title: Text
    description: Text
    keywords: tuple[Text, ...] = ()
    unit: str = ""

    def validate(self) -> None:
        if not self.id.isidentifier() or self.id != self.id.lower():
            raise ConfigurationError(f"raster id '{self.id}' must be snake_case")


class Registry:
    """An ordered, validated set of :class:`LayerSpec` (and :class:`RasterSpec`) keyed by
    collection id."""

    def __init__(self, specs: Iterable[LayerSpec], rasters: Iterable[RasterSpec] = ()):
        self._specs: dict[str, LayerSpec] = {}
        for spec in specs:
            spec.validate()
            if spec.id in self._specs:
                raise ConfigurationError(f"layer '{spec.id}' declared twice")
            self._specs[spec.id] = spec
        self._rasters: dict[str, RasterSpec] = {}
        for raster in rasters:
            raster.validate()
            if raster.id in self._specs or raster.id in self._rasters:
                raise ConfigurationError(f"collection '{raster.id}' declared twice")
            self._rasters[raster.id] = raster

    @property
    def rasters(self) -> tuple[RasterSpec, ...]:
        """The published rasters, in declaration order."""
        return tuple(self._rasters.values())

    def raster(self, raster_id: str) -> RasterSpec:
        """The raster ``raster_id``; ``NotFound`` naming it when unknown."""
        try:
            return self._rasters[raster_id]
        except KeyError:
            raise NotFound(f"coverage '{raster_id}' does not exist", field="collectionId") from None

    def __iter__(self) -> Iterator[LayerSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, layer_id: object) -> bool:
        return layer_id in self._specs

    def ids(self) -> list[str]:
        return list(self._specs)

    def get(self, layer_id: str) -> LayerSpec:
        """The layer ``layer_id``; ``NotFound`` naming it when unknown."""
        try:
            return self._specs[layer_id]
        except KeyError:
            raise NotFound(
                f"collection '{layer_id}' does not exist", field="collectionId"
            ) from None

    def for_audience(self, audience: Audience) -> list[LayerSpec]:
        return [s for s in self if audience in s.audiences]


def keywords(*pairs: tuple[str, str]) -> tuple[Text, ...]:
    """Keywords from (Greek, English) pairs."""
    return tuple(Text(el=el, en=en) for el, en in pairs)


#: Every audience of the shared web map.
EVERYONE = frozenset(Audience)
