"""CQL2 filters (OGC API – Features Part 3) compiled to SQL with bound values.

Text and JSON encodings are parsed and validated by the ``cql2`` library into the
canonical CQL2 JSON tree; this module turns that tree into a ``psycopg.sql`` fragment.
Properties are checked against the layer's queryables before being quoted; every
literal becomes a named placeholder.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import cql2
from psycopg import sql

from layers.crs import OutputCRS
from layers.registry import LayerSpec
from models.errors import InvalidParameter

FIELD = "filter"

COMPARISON = {"=": "=", "<>": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
ARITHMETIC = {"+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "div": "/", "^": "^"}
SPATIAL = {
    "s_intersects": "ST_Intersects",
    "s_equals": "ST_Equals",
    "s_disjoint": "ST_Disjoint",
    "s_touches": "ST_Touches",
    "s_within": "ST_Within",
    "s_overlaps": "ST_Overlaps",
    "s_crosses": "ST_Crosses",
    "s_contains": "ST_Contains",
}
GEOJSON_TYPES = {
    "Point",
    "LineString",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
}
#: CQL2 conformance classes this compiler implements (listed in /conformance).
CONFORMANCE = (
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
    "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic",
)


def parse_filter(text: str, *, lang: str | None = None) -> dict[str, Any]:
    """Parse a CQL2 filter (``cql2-text`` or ``cql2-json``) into canonical CQL2 JSON.

    Raises
    ------
    InvalidParameter
        naming ``filter`` (or ``filter-lang``) and the parser's reason.
    """
    if lang not in (None, "cql2-text", "cql2-json"):
        raise InvalidParameter("filter-lang", f"'{lang}' is not one of cql2-text, cql2-json")
    try:
        if lang == "cql2-json" or (lang is None and text.lstrip().startswith("{")):
            expr = cql2.parse_json(text)
        else:
            expr = cql2.parse_text(text)
        expr.validate()
        tree = expr.to_json()
    except (ValueError, cql2.ParseError, cql2.ValidationError) as exc:  # type: ignore[misc]
        raise InvalidParameter(FIELD, f"invalid CQL2: {parser_reason(str(exc))}") from None
    return tree if isinstance(tree, dict) else json.loads(tree)


def parser_reason(message: str) -> str:
    """One line from the parser's multi-line report: position and what was expected."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return "cannot be parsed"
    where = lines[0].removeprefix("-->").strip()
    expected = next((ln.removeprefix("=").strip() for ln in lines if ln.startswith("=")), None)
    if expected and where:
        return f"at character {where.split(':')[-1]}: {expected}"
    return lines[0]


class Params:
    """Collects bound values under generated placeholder names."""

    def __init__(self, prefix: str = "f") -> None:
        self.values: dict[str, Any] = {}
        self._prefix = prefix

    def add(self, value: Any) -> sql.Placeholder:
        name = f"{self._prefix}{len(self.values)}"
        self.values[name] = value
        return sql.Placeholder(name)


class CQLCompiler:
    """Compile a CQL2 JSON tree for one layer.

    Parameters
    ----------
    spec:
        The layer: its queryables are the only properties a filter may name.
    params:
        Where bound values go.
    filter_crs:
        CRS of geometry literals (``filter-crs``), CRS84 by default.
    """

    def __init__(self, spec: LayerSpec, params: Params, *, filter_crs: OutputCRS) -> None:
        self.spec = spec
        self.params = params
        self.filter_crs = filter_crs
        self._ops: dict[str, Callable[[list[Any]], sql.Composable]] = {
            "and": lambda a: self._join(a, " AND "),
            "or": lambda a: self._join(a, " OR "),
            "not": lambda a: sql.SQL("(NOT {})").format(self.expr(a[0])),
            "like": self._like,
            "between": self._between,
            "in": self._in,
            "isNull": lambda a: sql.SQL("({} IS NULL)").format(self.expr(a[0])),
            "casei": lambda a: sql.SQL("lower({})").format(self.expr(a[0])),
        }

    # ------------------------------------------------------------------ entry
    def compile(self, node: dict[str, Any]) -> sql.Composable:
        """SQL boolean expression of a CQL2 JSON tree."""
        if isinstance(node, bool):
            return self.params.add(node)
        if not isinstance(node, dict) or "op" not in node:
            raise InvalidParameter(FIELD, "a filter must be a boolean expression")
        return self.expr(node)

    def expr(self, node: Any) -> sql.Composable:
        if isinstance(node, dict):
            if "op" in node:
                return self._op(node["op"], node.get("args", []))
            if "property" in node:
                return self._property(node["property"])
            if "date" in node:
                return self.params.add(dt.date.fromisoformat(node["date"]))
            if "timestamp" in node:
                return self.params.add(_timestamp(node["timestamp"]))
            if "bbox" in node:
                return self._geometry_bbox(node["bbox"])
            if node.get("type") in GEOJSON_TYPES:
                return self._geometry(node)
            if "interval" in node:
                raise InvalidParameter(FIELD, "an interval is only allowed in temporal functions")
        if isinstance(node, list):
            raise InvalidParameter(FIELD, "arrays are not supported by any queryable")
        if node is None or isinstance(node, (str, int, float, bool)):
            return self.params.add(node)
        raise InvalidParameter(FIELD, f"unsupported value {node!r}")

    # ------------------------------------------------------------------ pieces
    def _op(self, op: str, args: list[Any]) -> sql.Composable:
        if op in COMPARISON:
            lhs, rhs = self._pair(op, args)
            return sql.SQL("({} {} {})").format(lhs, sql.SQL(COMPARISON[op]), rhs)
        if op in ARITHMETIC:
            lhs, rhs = self._pair(op, args)
            return sql.SQL("({} {} {})").format(lhs, sql.SQL(ARITHMETIC[op]), rhs)
        if op in SPATIAL:
            lhs, rhs = self._pair(op, args)
            return sql.SQL("{}({}, {})").format(sql.SQL(SPATIAL[op]), lhs, rhs)
        if op.startswith("t_"):
            return self._temporal(op, args)
        if op in self._ops:
            return self._ops[op](args)
        raise InvalidParameter(FIELD, f"operator or function '{op}' is not supported")

    def _pair(self, op: str, args: list[Any]) -> tuple[sql.Composable, sql.Composable]:
        if len(args) != 2:
            raise InvalidParameter(FIELD, f"'{op}' takes two arguments")
        return self.expr(args[0]), self.expr(args[1])

    def _join(self, args: list[Any], sep: str) -> sql.Composable:
        return sql.SQL("({})").format(sql.SQL(sep).join(self.expr(a) for a in args))

    def _property(self, name: str) -> sql.Composable:
        if name in ("geom", "geometry"):
            return sql.SQL("t.geom")
        if name == "id" or name in self.spec.property_names:
            return sql.SQL("t.{}").format(sql.Identifier(name))
        raise InvalidParameter(
            FIELD,
            f"unknown property '{name}' for collection '{self.spec.id}'; see its queryables",
        )

    def _like(self, args: list[Any]) -> sql.Composable:
        lhs, rhs = self._pair("like", args)
        return sql.SQL("({} LIKE {} ESCAPE '\\')").format(lhs, rhs)

    def _between(self, args: list[Any]) -> sql.Composable:
        if len(args) != 3:
            raise InvalidParameter(FIELD, "'between' takes three arguments")
        a, lo, hi = (self.expr(x) for x in args)
        return sql.SQL("({} BETWEEN {} AND {})").format(a, lo, hi)

    def _in(self, args: list[Any]) -> sql.Composable:
        if len(args) != 2 or not isinstance(args[1], list) or not args[1]:
            raise InvalidParameter(FIELD, "'in' takes a value and a non-empty list")
        items = sql.SQL(", ").join(self.expr(x) for x in args[1])
        return sql.SQL("({} IN ({}))").format(self.expr(args[0]), items)

    def _geometry(self, geojson: dict[str, Any]) -> sql.Composable:
        text = self.params.add(json.dumps(geojson))
        geom = sql.SQL("ST_SetSRID(ST_GeomFromGeoJSON({}), {})").format(
            text, sql.Literal(self.filter_crs.srid)
        )
        if self.filter_crs.flip:
            geom = sql.SQL("ST_FlipCoordinates({})").format(geom)
        return sql.SQL("ST_Transform({}, {})").format(geom, sql.Literal(self.spec.srid))

    def _geometry_bbox(self, bbox: list[float]) -> sql.Composable:
        if len(bbox) not in (4, 6):
            raise InvalidParameter(FIELD, "a bbox has 4 or 6 numbers")
        x0, y0, x1, y1 = (bbox[0], bbox[1], bbox[3], bbox[4]) if len(bbox) == 6 else bbox
        if self.filter_crs.flip:
            x0, y0, x1, y1 = y0, x0, y1, x1
        env = sql.SQL("ST_MakeEnvelope({}, {}, {}, {}, {})").format(
            *(self.params.add(float(v)) for v in (x0, y0, x1, y1)),
            sql.Literal(self.filter_crs.srid),
        )
        return sql.SQL("ST_Transform({}, {})").format(env, sql.Literal(self.spec.srid))

    # ------------------------------------------------------------------ time
    def _temporal(self, op: str, args: list[Any]) -> sql.Composable:
        if len(args) != 2:
            raise InvalidParameter(FIELD, f"'{op}' takes two arguments")
        a_lo, a_hi = self._instant_or_interval(args[0])
        b_lo, b_hi = self._instant_or_interval(args[1])
        # Allen's relations on closed intervals [lo, hi]; an instant is [t, t].
        relations = {
            "t_after": "{a_lo} > {b_hi}",
            "t_before": "{a_hi} < {b_lo}",
            "t_disjoint": "({a_hi} < {b_lo} OR {a_lo} > {b_hi})",
            "t_equals": "({a_lo} = {b_lo} AND {a_hi} = {b_hi})",
            "t_intersects": "({a_lo} <= {b_hi} AND {a_hi} >= {b_lo})",
            "t_during": "({a_lo} > {b_lo} AND {a_hi} < {b_hi})",
            "t_contains": "({a_lo} < {b_lo} AND {a_hi} > {b_hi})",
            "t_starts": "({a_lo} = {b_lo} AND {a_hi} < {b_hi})",
            "t_startedBy": "({a_lo} = {b_lo} AND {a_hi} > {b_hi})",
            "t_finishes": "({a_hi} = {b_hi} AND {a_lo} > {b_lo})",
            "t_finishedBy": "({a_hi} = {b_hi} AND {a_lo} < {b_lo})",
            "t_meets": "({a_hi} = {b_lo})",
            "t_metBy": "({a_lo} = {b_hi})",
            "t_overlaps": "({a_lo} < {b_lo} AND {a_hi} > {b_lo} AND {a_hi} < {b_hi})",
            "t_overlappedBy": "({a_lo} > {b_lo} AND {a_lo} < {b_hi} AND {a_hi} > {b_hi})",
        }
        if op not in relations:
            raise InvalidParameter(FIELD, f"temporal function '{op}' is not supported")
        return sql.SQL("(" + relations[op] + ")").format(a_lo=a_lo, a_hi=a_hi, b_lo=b_lo, b_hi=b_hi)

    def _instant_or_interval(self, node: Any) -> tuple[sql.Composable, sql.Composable]:
        if isinstance(node, dict) and "interval" in node:
            lo, hi = node["interval"]
            return self._bound(lo, "-infinity"), self._bound(hi, "infinity")
        if isinstance(node, dict) and "property" in node:
            prop = node["property"]
            if prop != self.spec.time_field and not self._is_temporal(prop):
                raise InvalidParameter(FIELD, f"property '{prop}' is not temporal")
        value = self.expr(node)
        return value, value

    def _is_temporal(self, name: str) -> bool:
        return name in self.spec.property_names and self.spec.property(name).format in (
            "date",
            "date-time",
        )

    def _bound(self, node: Any, infinity: str) -> sql.Composable:
        if node == "..":
            return sql.SQL("{}::timestamptz").format(sql.Literal(infinity))
        if isinstance(node, str):
            return self.params.add(_timestamp(node))
        return self.expr(node)


def _timestamp(text: str) -> dt.datetime | dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(FIELD, f"'{text}' is not an RFC 3339 date or timestamp") from None


def compile_filter(
    spec: LayerSpec, tree: dict[str, Any], params: Params, *, filter_crs: OutputCRS
) -> sql.Composable:
    """SQL condition of the CQL2 JSON ``tree`` on layer ``spec``."""
    return CQLCompiler(spec, params, filter_crs=filter_crs).compile(tree)
