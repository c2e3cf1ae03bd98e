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
import orjson
from psycopg import sql

from layers.ogc.crs import Box, OutputCRS, clamp_box
from layers.registry import LayerSpec
from models.errors import InvalidParameter

FIELD = "filter"

#: Bounds on a filter, checked before any parser sees it: the ``cql2`` parser crashes
#: the process on ~2,000 nested brackets, and its schema validation (not used here)
#: grows memory super-linearly with chained ``NOT``/arithmetic (KNOWN.md).
MAX_CHARS = 8_000
MAX_DEPTH = 40
MAX_NODES = 2_000

COMPARISON = {"=": "=", "<>": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
#: ``%`` is written ``mod()``: a bare ``%`` would be read by psycopg as a placeholder.
ARITHMETIC = {"+": "+", "-": "-", "*": "*", "/": "/", "div": "/", "^": "^"}
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


def parse_filter(text: str, *, lang: str | None = None) -> dict[str, Any] | bool:
    """Parse a CQL2 filter (``cql2-text`` or ``cql2-json``) into canonical CQL2 JSON.

    The size and nesting of the filter are bounded first (:data:`MAX_CHARS`,
    :data:`MAX_DEPTH`, :data:`MAX_NODES`), so no input can make the parser crash or
    hold the process's memory. ``TRUE``/``FALSE`` parse to a plain boolean.

    Raises
    ------
    InvalidParameter
        naming ``filter`` (or ``filter-lang``) and the parser's reason or the bound.
    """
    if lang not in (None, "cql2-text", "cql2-json"):
        raise InvalidParameter("filter-lang", f"'{lang}' is not one of cql2-text, cql2-json")
    if len(text) > MAX_CHARS:
        raise InvalidParameter(FIELD, f"is {len(text)} characters long; at most {MAX_CHARS}")
    if "\x00" in text:
        raise InvalidParameter(FIELD, "contains a NUL character")
    as_json = lang == "cql2-json" or (lang is None and text.lstrip().startswith("{"))
    try:
        if as_json:
            check_tree(_json_tree(text))
            expr = cql2.parse_json(text)
        else:
            check_text_depth(text)
            expr = cql2.parse_text(text)
        tree = expr.to_json()
    except (ValueError, cql2.ParseError, cql2.ValidationError) as exc:  # type: ignore[misc]
        if isinstance(exc, InvalidParameter):
            raise
        raise InvalidParameter(FIELD, f"invalid CQL2: {parser_reason(str(exc))}") from None
    if not isinstance(tree, dict | bool):  # a bare literal ('abc', 1, NULL) is no filter
        raise InvalidParameter(FIELD, "a filter must be a boolean expression")
    check_tree(tree)
    return tree


def _json_tree(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidParameter(FIELD, f"invalid CQL2 JSON: {exc}") from None


def check_text_depth(text: str) -> None:
    """Refuse CQL2 text that nests deeper than :data:`MAX_DEPTH`: brackets, or a run of
    unary minus signs (each nests in the parser too). Quoted strings ('…') and quoted
    identifiers ("…") do not count."""
    depth = deepest = minus_run = 0
    quote = ""
    for char in text:
        if quote:
            if char == quote:
                quote = ""  # an escaped quote ('') closes and reopens: same result
            continue
        if char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
        if char == "-":
            minus_run += 1
            deepest = max(deepest, depth + minus_run)
        elif not char.isspace():
            minus_run = 0
    if deepest > MAX_DEPTH:
        raise InvalidParameter(FIELD, f"expressions nest {deepest} deep; at most {MAX_DEPTH}")


def check_tree(tree: Any) -> None:
    """Refuse a parsed filter deeper than :data:`MAX_DEPTH` or larger than
    :data:`MAX_NODES` (walked without recursion, so any input is safe to measure)."""
    stack: list[tuple[Any, int]] = [(tree, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            raise InvalidParameter(FIELD, f"expressions nest deeper than {MAX_DEPTH} levels")
        if nodes > MAX_NODES:
            raise InvalidParameter(FIELD, f"has more than {MAX_NODES} terms")
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            stack.extend((child, depth + 1) for child in children)


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


def envelope_sql(box: Box, srid: int, storage_srid: int, params: Params) -> sql.Composable | None:
    """The envelope ``box`` (x/y order, in ``srid``) in the storage CRS, first cut to the
    storage CRS's area of use so its transform stays meaningful (a world bbox then
    covers everything stored); None when the box lies wholly outside that area."""
    if srid != storage_srid:
        clamped = clamp_box(box, srid=srid, storage_srid=storage_srid)
        if clamped is None:
            return None
        box = clamped
    env: sql.Composable = sql.SQL("ST_MakeEnvelope({}, {}, {}, {}, {})").format(
        *(params.add(v) for v in box), sql.Literal(srid)
    )
    if srid != storage_srid:
        env = sql.SQL("ST_Transform({}, {})").format(env, sql.Literal(storage_srid))
    # a scalar subquery is computed once per statement; the bare expression would be
    # transformed again for every row a (prepared, generic) plan filters
    return sql.SQL("(SELECT {})").format(env)


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
    def compile(self, node: dict[str, Any] | bool) -> sql.Composable:
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
                return self.params.add(_date(node["date"]))
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
        if op == "%":
            lhs, rhs = self._pair(op, args)
            return sql.SQL("mod(({})::numeric, ({})::numeric)").format(lhs, rhs)
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
        # computed once per statement (see envelope_sql), not once per row
        return sql.SQL("(SELECT ST_Transform({}, {}))").format(geom, sql.Literal(self.spec.srid))

    def _geometry_bbox(self, bbox: list[float]) -> sql.Composable:
        if not isinstance(bbox, list) or len(bbox) not in (4, 6) or not all(map(_is_number, bbox)):
            raise InvalidParameter(FIELD, "a bbox has 4 or 6 numbers")
        x0, y0, x1, y1 = (bbox[0], bbox[1], bbox[3], bbox[4]) if len(bbox) == 6 else bbox
        if self.filter_crs.flip:
            x0, y0, x1, y1 = y0, x0, y1, x1
        env = envelope_sql(
            (float(x0), float(y0), float(x1), float(y1)),
            self.filter_crs.srid,
            self.spec.srid,
            self.params,
        )
        return env if env is not None else sql.SQL("'POLYGON EMPTY'::geometry")

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
            if not isinstance(node["interval"], list) or len(node["interval"]) != 2:
                raise InvalidParameter(FIELD, "an interval has a start and an end")
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


def _date(text: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise InvalidParameter(FIELD, f"'{text}' is not a valid date (YYYY-MM-DD)") from None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _timestamp(text: Any) -> dt.datetime | dt.date:
    if not isinstance(text, str):
        raise InvalidParameter(FIELD, f"'{text}' is not an RFC 3339 date or timestamp")
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(FIELD, f"'{text}' is not an RFC 3339 date or timestamp") from None


def compile_filter(
    spec: LayerSpec, tree: dict[str, Any] | bool, params: Params, *, filter_crs: OutputCRS
) -> sql.Composable:
    """SQL condition of the CQL2 JSON ``tree`` on layer ``spec``."""
    return CQLCompiler(spec, params, filter_crs=filter_crs).compile(tree)
