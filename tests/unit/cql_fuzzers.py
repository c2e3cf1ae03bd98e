"""CQL2 filters for the parser fuzzers: clean and hostile trees of every operator the
compiler knows, random JSON and text, in either language."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from fuzz_values import (
    DATES,
    NASTY_STRINGS,
    NUMBERS,
    TIMESTAMPS,
    TREES,
    VALID_DATES,
)
from hypothesis import strategies as st

from layers.ogc.cql import Params, compile_filter, parse_filter
from layers.ogc.crs import DEFAULT

# ---------------------------------------------------------------------------- CQL2
#: A CQL2 node in both encodings: (CQL2 JSON value, CQL2 text).
Node = tuple[Any, str]


def quote(text: str) -> str:
    """A CQL2 text string literal."""
    return "'" + text.replace("'", "''") + "'"


def number_node(value: float) -> Node:
    return value, repr(value)


def string_node(text: str) -> Node:
    return text, quote(text)


def property_node(name: str) -> Node:
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) is not None
    return {"property": name}, name if plain else '"' + name.replace('"', '""') + '"'


def call_node(op: str, args: list[Node], *, text_name: str | None = None) -> Node:
    text = f"{text_name or op.upper()}({', '.join(a[1] for a in args)})"
    return {"op": op, "args": [a[0] for a in args]}, text


def infix_node(op: str, args: list[Node], *, text_op: str | None = None) -> Node:
    text = "(" + f" {text_op or op} ".join(a[1] for a in args) + ")"
    return {"op": op, "args": [a[0] for a in args]}, text


#: The trees layer's queryables (a filter naming only these gets through to the compiler).
VALID_NAMES = st.sampled_from(sorted(TREES.property_names) + ["id", "geom", "geometry"])
PROPERTY_NAMES = st.one_of(
    VALID_NAMES,
    st.sampled_from(["nosuch", "Δέντρο", "a b", "x\x00", "ID", "geom2"]),
    st.text(min_size=1, max_size=12),
)
CLEAN_TIMESTAMPS = st.datetimes(
    min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
).map(lambda t: t.isoformat().replace("+00:00", "Z"))


def date_nodes(dates: st.SearchStrategy[str]) -> st.SearchStrategy[Node]:
    return dates.map(lambda d: ({"date": d}, f"DATE({quote(d)})"))


def timestamp_nodes(stamps: st.SearchStrategy[str]) -> st.SearchStrategy[Node]:
    return stamps.map(lambda t: ({"timestamp": t}, f"TIMESTAMP({quote(t)})"))


def interval_nodes(bounds: st.SearchStrategy[str]) -> st.SearchStrategy[Node]:
    """``INTERVAL(a, b)`` with ``bounds`` or ``'..'``."""
    bound = st.one_of(bounds, st.just(".."))
    return st.builds(
        lambda lo, hi: ({"interval": [lo, hi]}, f"INTERVAL({quote(lo)}, {quote(hi)})"), bound, bound
    )


COORDINATES = st.one_of(
    st.floats(-200, 200, allow_nan=False), st.sampled_from([1e300, -1e300, 0.0])
)


@st.composite
def positions(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 6) -> list[list[float]]:
    dims = draw(st.sampled_from([2, 2, 2, 3]))
    size = draw(st.integers(min_size, max_size))
    return [[draw(COORDINATES) for _ in range(dims)] for _ in range(size)]


def wkt_positions(coords: list[list[float]]) -> str:
    return ", ".join(" ".join(repr(c) for c in pos) for pos in coords)


@st.composite
def geometry_nodes(draw: st.DrawFn) -> Node:
    """Points, lines, (unclosed) polygons, multi-parts, collections, BBOX — WKT and GeoJSON."""
    kind = draw(st.sampled_from(["Point", "LineString", "Polygon", "MultiPoint", "BBOX", "GC"]))
    if kind == "Point":
        pos = draw(positions(min_size=1, max_size=1))
        return {"type": "Point", "coordinates": pos[0]}, f"POINT({wkt_positions(pos)})"
    if kind == "BBOX":
        nums = draw(st.lists(COORDINATES, min_size=3, max_size=7))
        return {"bbox": nums}, f"BBOX({', '.join(repr(n) for n in nums)})"
    if kind == "GC":
        parts = draw(st.lists(geometry_nodes().filter(lambda n: "bbox" not in n[0]), max_size=2))
        text = f"GEOMETRYCOLLECTION({', '.join(p[1] for p in parts)})" if parts else ""
        return {"type": "GeometryCollection", "geometries": [p[0] for p in parts]}, text or (
            "GEOMETRYCOLLECTION EMPTY"
        )
    coords = draw(positions(min_size=1))
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [coords]}, f"POLYGON(({wkt_positions(coords)}))"
    if kind == "MultiPoint":
        text = f"MULTIPOINT({', '.join('(' + wkt_positions([p]) + ')' for p in coords)})"
        return {"type": "MultiPoint", "coordinates": coords}, text
    return {"type": "LineString", "coordinates": coords}, f"LINESTRING({wkt_positions(coords)})"


def scalar_branches(
    children: st.SearchStrategy[Node], functions: st.SearchStrategy[str]
) -> st.SearchStrategy[Node]:
    """Arithmetic and calls of ``functions`` over ``children``."""
    arithmetic = st.builds(
        lambda op, a, b: infix_node(op, [a, b]),
        st.sampled_from(["+", "-", "*", "/", "%", "div", "^"]),
        children,
        children,
    )
    functions = st.builds(
        lambda name, args: call_node(name, args),
        functions,
        st.lists(children, min_size=1, max_size=2),
    )
    return st.one_of(arithmetic, functions)


COMPARISONS = ["=", "<>", "<", ">", "<=", ">="]
SPATIAL = ["s_intersects", "s_equals", "s_disjoint", "s_touches", "s_within", "s_overlaps"]
SPATIAL += ["s_crosses", "s_contains"]
TEMPORAL = ["t_after", "t_before", "t_disjoint", "t_equals", "t_intersects", "t_during"]
TEMPORAL += ["t_contains", "t_starts", "t_startedBy", "t_finishes", "t_finishedBy"]
TEMPORAL += ["t_meets", "t_metBy", "t_overlaps", "t_overlappedBy"]


def in_node(value: Node, items: list[Node]) -> Node:
    text = f"({value[1]} IN ({', '.join(i[1] for i in items)}))"
    return {"op": "in", "args": [value[0], [i[0] for i in items]]}, text


def boolean_branches(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    """AND / OR of two or more children, NOT of one."""
    junction = st.builds(
        lambda op, args: infix_node(op, args, text_op=op.upper()),
        st.sampled_from(["and", "or"]),
        st.lists(children, min_size=2, max_size=4),
    )
    negation = children.map(lambda c: ({"op": "not", "args": [c[0]]}, f"NOT ({c[1]})"))
    return st.one_of(junction, negation)


@dataclass(frozen=True)
class Leaves:
    """What the leaves of generated filters are made of."""

    names: st.SearchStrategy[str]
    temporal_names: st.SearchStrategy[str]
    numbers: st.SearchStrategy[float]
    strings: st.SearchStrategy[str]
    dates: st.SearchStrategy[str]
    timestamps: st.SearchStrategy[str]
    functions: st.SearchStrategy[str]


#: Leaves a compiler must accept: queryables, finite numbers, NUL-free strings, real dates.
CLEAN = Leaves(
    names=VALID_NAMES,
    temporal_names=st.sampled_from(["planted", "last_inspected"]),
    numbers=st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6)),
    strings=st.text(st.characters(exclude_characters="\x00"), max_size=12),
    dates=VALID_DATES,
    timestamps=CLEAN_TIMESTAMPS,
    functions=st.just("casei"),
)
#: Leaves meant to be refused somewhere: unknown names, NaN, NULs, impossible dates.
HOSTILE = Leaves(
    names=PROPERTY_NAMES,
    temporal_names=PROPERTY_NAMES,
    numbers=NUMBERS,
    strings=NASTY_STRINGS,
    dates=DATES,
    timestamps=TIMESTAMPS,
    functions=st.sampled_from(["casei", "accenti", "upper", "foo"]),
)


def filter_nodes(leaves: Leaves) -> st.SearchStrategy[Node]:
    """Well-formed-looking CQL2 (each node in both encodings) built of ``leaves``:
    comparisons, LIKE, BETWEEN, IN, IS NULL, arithmetic, functions, spatial and temporal
    predicates, nested AND/OR/NOT up to ~30 leaves."""
    properties = leaves.names.map(property_node)
    dates, stamps = date_nodes(leaves.dates), timestamp_nodes(leaves.timestamps)
    scalars = st.recursive(
        st.one_of(
            properties,
            leaves.numbers.map(number_node),
            leaves.strings.map(string_node),
            dates,
            stamps,
            st.booleans().map(lambda b: (b, str(b).upper())),
        ),
        lambda children: scalar_branches(children, leaves.functions),
        max_leaves=8,
    )
    predicates = predicate_nodes(
        scalars,
        geometries=st.one_of(geometry_nodes(), properties),
        times=st.one_of(
            dates,
            stamps,
            leaves.temporal_names.map(property_node),
            interval_nodes(st.one_of(leaves.dates, leaves.timestamps)),
        ),
    )
    return st.recursive(predicates, boolean_branches, max_leaves=30)


def predicate_nodes(
    scalars: st.SearchStrategy[Node],
    *,
    geometries: st.SearchStrategy[Node],
    times: st.SearchStrategy[Node],
) -> st.SearchStrategy[Node]:
    """One predicate over ``scalars``, ``geometries`` (spatial) or ``times`` (temporal)."""
    return st.one_of(
        st.builds(
            lambda op, a, b: infix_node(op, [a, b]), st.sampled_from(COMPARISONS), scalars, scalars
        ),
        st.builds(lambda a, b: infix_node("like", [a, b], text_op="LIKE"), scalars, scalars),
        st.builds(
            lambda a, lo, hi: (
                {"op": "between", "args": [a[0], lo[0], hi[0]]},
                f"({a[1]} BETWEEN {lo[1]} AND {hi[1]})",
            ),
            scalars,
            scalars,
            scalars,
        ),
        st.builds(in_node, scalars, st.lists(scalars, max_size=4)),
        st.builds(lambda a: ({"op": "isNull", "args": [a[0]]}, f"({a[1]} IS NULL)"), scalars),
        st.builds(
            lambda op, a, b: call_node(op, [a, b]),
            st.sampled_from(SPATIAL),
            geometries,
            geometries,
        ),
        st.builds(
            lambda op, a, b: call_node(op, [a, b]),
            st.sampled_from(TEMPORAL),
            times,
            times,
        ),
        st.booleans().map(lambda b: (b, str(b).upper())),
    )


#: Filters the compiler should accept, and filters with hostile leaves.
FILTERS = st.one_of(filter_nodes(CLEAN), filter_nodes(HOSTILE))

#: Keys a CQL2 JSON object can have, to steer random JSON toward the compiler's branches.
JSON_KEYS = ["op", "args", "property", "date", "timestamp", "interval", "bbox", "type"]
JSON_KEYS += ["coordinates", "geometries"]
OPS = COMPARISONS + SPATIAL + TEMPORAL + ["and", "or", "not", "like", "between", "in"]
OPS += ["isNull", "casei", "accenti", "+", "-", "*", "/", "%", "div", "^", "a_contains", "foo"]
RANDOM_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, NASTY_STRINGS, st.sampled_from(OPS), VALID_DATES),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(JSON_KEYS), st.text(max_size=6)), children, max_size=4
        ),
    ),
    max_leaves=20,
)
#: Pieces of CQL2 text: random runs of them reach deeper into the grammar than characters.
TOKENS = ["(", ")", ",", "'", "''", '"', " ", "AND", "OR", "NOT", "=", "<>", "<=", ">", "+", "-"]
TOKENS += ["*", "/", "%", "^", "div", "LIKE", "BETWEEN", "IN", "IS", "NULL", "TRUE", "FALSE"]
TOKENS += ["CASEI", "DATE", "TIMESTAMP", "INTERVAL", "POINT", "BBOX", "POLYGON", "S_INTERSECTS"]
TOKENS += ["T_AFTER", "id", "species", "dbh_cm", "planted", "geom", "1", "-1", "1e999", "'x'"]
TOKENS += ["'2015-13-45'", "'..'", "\x00", "{", "}", "[", "]", ":", '"op"', '"args"', "Δ"]
RANDOM_TEXT = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=40).map("".join),
)
LANGS = st.one_of(st.sampled_from([None, None, "cql2-text", "cql2-json"]), st.text(max_size=10))


@st.composite
def filter_requests(draw: st.DrawFn) -> tuple[str, str | None]:
    """A ``filter`` value and its ``filter-lang``: structured text or JSON, or junk."""
    kind = draw(st.sampled_from(["text", "json", "random-json", "random-text"]))
    if kind == "text":
        return draw(FILTERS)[1], draw(st.sampled_from([None, "cql2-text"]))
    if kind == "json":
        return json.dumps(draw(FILTERS)[0]), draw(st.sampled_from([None, "cql2-json"]))
    if kind == "random-json":
        return json.dumps(draw(RANDOM_JSON)), draw(st.sampled_from([None, "cql2-json"]))
    return draw(RANDOM_TEXT), draw(LANGS)


def parse_and_compile(request: tuple[str, str | None]) -> object:
    """What a request's filter goes through: parse, then compile for the trees layer."""
    text, lang = request
    tree = parse_filter(text, lang=lang)
    return compile_filter(TREES, tree, Params(), filter_crs=DEFAULT)
