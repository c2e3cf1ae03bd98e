"""SensorThings API v1.1 reads: the entity sets, their properties and navigation, and
one SQL query per collection (``$filter``, ``$orderby``, ``$top``, ``$skip``,
``$count``). Identifiers come from the tables below only; values are bound."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row

from layers.sensors.odata import compile_filter
from models.errors import InvalidParameter, NotFound

#: Largest ``$top``; the default page size.
MAX_TOP = 1000
DEFAULT_TOP = 100


@dataclass(frozen=True)
class Nav:
    """A navigation property: the target set and the condition selecting its rows from
    the ids of the source rows (``{ids}`` is a subquery or a bound list)."""

    target: str
    many: bool
    condition: str


@dataclass(frozen=True)
class EntitySet:
    name: str
    table: str
    columns: str  # select list over alias t; outputs named as in the standard
    props: Mapping[str, str]  # filterable/sortable property -> column
    navs: Mapping[str, Nav] = field(default_factory=dict)


def _set(name: str, table: str, columns: str, props: dict[str, str], **navs: Nav) -> EntitySet:
    return EntitySet(name, table, columns, {"id": "t.id", **props}, navs)


_NAMED = {"name": "t.name", "description": "t.description"}
SETS: dict[str, EntitySet] = {
    s.name: s
    for s in (
        _set(
            "Things",
            "sensor_things",
            "t.id, t.name, t.description, t.properties",
            _NAMED,
            Datastreams=Nav("Datastreams", True, "t.thing_id IN ({ids})"),
            Locations=Nav(
                "Locations",
                True,
                "t.id IN (SELECT location_id FROM sensor_thing_locations WHERE thing_id IN ({ids}))",
            ),
        ),
        _set(
            "Locations",
            "sensor_locations",
            "t.id, t.name, t.description, 'application/geo+json' AS \"encodingType\", "
            "ST_AsGeoJSON(ST_Transform(t.geom, 4326), 7)::json AS location",
            _NAMED,
            Things=Nav(
                "Things",
                True,
                "t.id IN (SELECT thing_id FROM sensor_thing_locations WHERE location_id IN ({ids}))",
            ),
        ),
        _set(
            "Sensors",
            "sensor_devices",
            't.id, t.name, t.description, t.encoding_type AS "encodingType", t.metadata',
            _NAMED,
            Datastreams=Nav("Datastreams", True, "t.sensor_id IN ({ids})"),
        ),
        _set(
            "ObservedProperties",
            "sensor_observed_properties",
            "t.id, t.name, t.definition, t.description",
            {**_NAMED, "definition": "t.definition"},
            Datastreams=Nav("Datastreams", True, "t.observed_property_id IN ({ids})"),
        ),
        _set(
            "Datastreams",
            "sensor_datastreams",
            't.id, t.name, t.description, t.observation_type AS "observationType", '
            "json_build_object('name', t.unit_name, 'symbol', t.unit_symbol, "
            "'definition', t.unit_definition) AS \"unitOfMeasurement\", "
            "json_build_object('validMin', t.valid_min, 'validMax', t.valid_max, "
            "'expectedIntervalSeconds', t.expected_interval_s) AS properties",
            _NAMED,
            Observations=Nav("Observations", True, "t.datastream_id IN ({ids})"),
            Thing=Nav(
                "Things",
                False,
                "t.id IN (SELECT thing_id FROM sensor_datastreams WHERE id IN ({ids}))",
            ),
            Sensor=Nav(
                "Sensors",
                False,
                "t.id IN (SELECT sensor_id FROM sensor_datastreams WHERE id IN ({ids}))",
            ),
            ObservedProperty=Nav(
                "ObservedProperties",
                False,
                "t.id IN (SELECT observed_property_id FROM sensor_datastreams WHERE id IN ({ids}))",
            ),
        ),
        _set(
            "Observations",
            "sensor_observations",
            't.id, t.phenomenon_time AS "phenomenonTime", t.result, '
            't.result_time AS "resultTime", '
            "json_build_object('messageId', t.message_id) AS parameters",
            {
                "phenomenonTime": "t.phenomenon_time",
                "resultTime": "t.result_time",
                "result": "t.result",
            },
            Datastream=Nav(
                "Datastreams",
                False,
                "t.id IN (SELECT datastream_id FROM sensor_observations WHERE id IN ({ids}))",
            ),
        ),
    )
}


def entity_set(name: str) -> EntitySet:
    """The entity set ``name``; ``NotFound`` naming it when unknown."""
    try:
        return SETS[name]
    except KeyError:
        raise NotFound(
            f"unknown SensorThings entity set '{name}' (known: {', '.join(SETS)})", field="path"
        ) from None


@dataclass(frozen=True)
class Scope:
    """Rows of one entity set selected by a condition over alias ``t``."""

    entity: EntitySet
    condition: sql.Composable = field(default_factory=lambda: sql.SQL("TRUE"))

    def ids(self) -> sql.Composable:
        return sql.SQL("SELECT t.id FROM {} AS t WHERE {}").format(
            sql.Identifier(self.entity.table), self.condition
        )

    def with_id(self, ident: int) -> Scope:
        cond = sql.SQL("({} AND t.id = {})").format(self.condition, sql.Literal(ident))
        return Scope(self.entity, cond)

    def navigate(self, name: str) -> tuple[Scope, bool]:
        """The rows navigation property ``name`` reaches from these; and whether many."""
        nav = self.entity.navs.get(name)
        if nav is None:
            known = ", ".join(self.entity.navs) or "none"
            raise NotFound(
                f"{self.entity.name} has no navigation property '{name}' (known: {known})",
                field="path",
            )
        cond = sql.SQL(nav.condition).format(ids=self.ids())
        return Scope(entity_set(nav.target), cond), nav.many


@dataclass(frozen=True)
class Options:
    """The query options of one collection."""

    top: int = DEFAULT_TOP
    skip: int = 0
    count: bool = False
    orderby: tuple[tuple[str, bool], ...] = ()  # (property, descending)
    filter: str | None = None


def parse_orderby(text: str, entity: EntitySet) -> tuple[tuple[str, bool], ...]:
    """``prop [asc|desc], ...`` checked against ``entity``'s properties."""
    out = []
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise InvalidParameter("$orderby", f"'{part.strip()}' is not 'property [asc|desc]'")
        if words[0] not in entity.props:
            known = ", ".join(entity.props)
            raise InvalidParameter("$orderby", f"unknown property '{words[0]}' (known: {known})")
        out.append((words[0], len(words) == 2 and words[1] == "desc"))
    return tuple(out)


async def read_rows(
    conn: AsyncConnection[Any], scope: Scope, options: Options
) -> tuple[list[dict[str, Any]], int | None, bool]:
    """(rows of the page, total when ``$count``, whether more rows follow)."""
    entity = scope.entity
    where = [scope.condition]
    if options.filter:
        where.append(compile_filter(options.filter, entity.props))
    condition = sql.SQL(" AND ").join(where)
    order: list[sql.Composable] = [
        sql.SQL("{} {}").format(sql.SQL(entity.props[p]), sql.SQL("DESC" if d else "ASC"))
        for p, d in options.orderby
    ]
    order.append(sql.SQL("t.id ASC"))
    query = sql.SQL("SELECT {} FROM {} AS t WHERE {} ORDER BY {} LIMIT {} OFFSET {}").format(
        sql.SQL(entity.columns),
        sql.Identifier(entity.table),
        condition,
        sql.SQL(", ").join(order),
        sql.Literal(options.top + 1),
        sql.Literal(options.skip),
    )
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(query)
        rows = [_json_ready(r) for r in await cur.fetchall()]
        total = None
        if options.count:
            await cur.execute(
                sql.SQL("SELECT count(*) AS n FROM {} AS t WHERE {}").format(
                    sql.Identifier(entity.table), condition
                )
            )
            found = await cur.fetchone()
            total = int(found["n"]) if found else 0
    return rows[: options.top], total, len(rows) > options.top


def _json_ready(row: dict[str, Any]) -> dict[str, Any]:
    for key, value in row.items():
        if isinstance(value, dt.datetime):
            row[key] = value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return row
