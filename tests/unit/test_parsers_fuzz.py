"""Fuzzing of the query parsers: whatever a client sends, a parser returns or raises a
``PolisError`` (a 4xx naming the parameter) quickly — never another exception, never a
crash of the process.

Each :class:`Fuzzer` pairs a Hypothesis strategy with the call it feeds; the tests run
every fuzzer a bounded, derandomised number of times (CI is deterministic) and
``bench/fuzz.py`` runs the same fuzzers for longer. Inputs that could kill the process
(the ``cql2`` parser is native code) run in a child process whose exit status and peak
memory are checked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers.editing.input import parse_feature
from layers.ogc.cql import Params, compile_filter, parse_filter
from layers.ogc.crs import DEFAULT, SUPPORTED, parse_crs
from layers.ogc.params import (
    RESERVED,
    parse_bbox,
    parse_datetime,
    parse_int,
    parse_items_query,
    parse_properties,
    parse_sortby,
)
from layers.registry.domains import default_registry
from models.errors import PolisError

REGISTRY = default_registry()
TREES = REGISTRY.get("trees")
LAYERS = [spec.id for spec in REGISTRY]
#: Seconds one call may take; generous for a loaded 2-core CI machine, yet far below the
#: seconds a pathological filter used to cost.
DEADLINE_MS = 1_000

# ---------------------------------------------------------------------------- scalars
#: Strings with what breaks naive code: quotes, backslashes, NUL, surrogates' neighbours,
#: Greek, right-to-left text, CQL2 keywords.
NASTY_STRINGS = st.one_of(
    st.text(max_size=24),
    st.sampled_from(
        ["", "'", "''", '"', "\\", "%", "_", "\x00", "a\x00b", "Δέντρο", "\u202e", "NOT", "'); --"]
    ),
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
HUGE = st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**30, -(10**30), 1e308, -1e308, 5e-324])
NUMBERS = st.one_of(st.integers(-1000, 1000), FLOATS, HUGE)
VALID_DATES = st.dates().map(dt.date.isoformat)
BAD_DATES = st.sampled_from(
    [
        "2015-13-45",
        "0000-00-00",
        "2019-02-29",
        "9999-12-31",
        "0001-01-01",
        "2020-1-1",
        "",
        "..",
        "x",
    ]
)
DATES = st.one_of(VALID_DATES, BAD_DATES, st.text(max_size=12))
TIMESTAMPS = st.one_of(
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-12))])).map(
        lambda t: t.isoformat().replace("+00:00", "Z")
    ),
    st.sampled_from(
        [
            "2015-13-45T00:00:00Z",
            "2020-01-01T25:00:00Z",
            "9999-12-31T23:59:59-01:00",
            "0001-01-01T00:00:00+01:00",
            "2020-01-01T00:00:00+99:00",
            "2020-01-01T00:00:00",
        ]
    ),
    st.text(max_size=24),
)

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


# ---------------------------------------------------------------------------- query strings
def comma_joined(elements: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(elements, max_size=8).map(",".join)


NUMBER_TEXT = st.one_of(
    NUMBERS.map(str),
    st.sampled_from(["nan", "-inf", "1e999", "0x10", "1_000", " 1", "١", "", "-0", "+5", "1.5"]),
    st.text(max_size=8),
)
LONGITUDES = st.floats(-180, 180)
LATITUDES = st.floats(-90, 90)
#: Boxes that pass (in CRS84 or flipped EPSG:4326 order) and hostile number lists.
BBOX_TEXT = st.one_of(
    st.builds(
        lambda x, y: f"{min(x)},{min(y)},{max(x)},{max(y)}",
        st.tuples(LONGITUDES, LONGITUDES),
        st.tuples(LATITUDES, LATITUDES),
    ),
    comma_joined(NUMBER_TEXT),
    st.text(max_size=40),
)
DATETIME_TEXT = st.one_of(
    DATES,
    TIMESTAMPS,
    st.builds(
        lambda a, b: f"{a}/{b}",
        st.one_of(DATES, TIMESTAMPS, st.just("..")),
        st.one_of(DATES, TIMESTAMPS, st.just("..")),
    ),
    st.text(max_size=30),
)
SIGNS = st.sampled_from(["", "+", "-", "--", " "])


def sort_items(names: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda sign, name: sign + name, SIGNS, names)


def layer_names(layer: str) -> st.SearchStrategy[str]:
    """Property names of ``layer`` (and ``id``)."""
    return st.sampled_from(sorted(REGISTRY.get(layer).property_names) + ["id"])


@st.composite
def sortby_requests(draw: st.DrawFn) -> tuple[str, str]:
    """A ``sortby`` value (the layer's names with signs, or anything) and a layer."""
    layer = draw(st.sampled_from(LAYERS))
    valid = comma_joined(sort_items(layer_names(layer)))
    junk = comma_joined(st.one_of(sort_items(PROPERTY_NAMES), st.text(max_size=10)))
    return draw(st.one_of(valid, junk)), layer


@st.composite
def properties_requests(draw: st.DrawFn) -> tuple[str, str]:
    """A ``properties`` value (the layer's names, or anything) and a layer."""
    layer = draw(st.sampled_from(LAYERS))
    valid = comma_joined(layer_names(layer).filter(lambda n: n != "id"))
    junk = comma_joined(st.one_of(PROPERTY_NAMES, st.text(max_size=6)))
    return draw(st.one_of(valid, junk)), layer


CRS_TEXT = st.one_of(
    st.sampled_from([c.uri for c in SUPPORTED]),
    st.sampled_from([c.uri for c in SUPPORTED]),
    st.sampled_from(
        [
            "EPSG:4326",
            "[EPSG:2100]",
            "epsg:3857",
            "CRS84",
            "OGC:CRS84",
            "EPSG:",
            "EPSG:x",
            "[",
            "[]",
            "",
        ]
    ),
    st.text(max_size=40),
    st.none(),
)
INT_TEXT = st.one_of(
    st.integers().map(str), NUMBER_TEXT, st.sampled_from(["9" * 30, "-" + "9" * 30])
)

#: Plausible or hostile values per parameter of /items.
PARAMETER_VALUES: dict[str, st.SearchStrategy[str]] = {
    "limit": INT_TEXT,
    "offset": INT_TEXT,
    "bbox": BBOX_TEXT,
    "bbox-crs": CRS_TEXT.filter(lambda v: v is not None),
    "crs": CRS_TEXT.filter(lambda v: v is not None),
    "filter-crs": CRS_TEXT.filter(lambda v: v is not None),
    "datetime": DATETIME_TEXT,
    "sortby": sortby_requests().map(lambda r: r[0]),
    "properties": properties_requests().map(lambda r: r[0]),
    "skipGeometry": st.sampled_from(["true", "false", "TRUE", "1", "", "yes"]),
    "filter": filter_requests().map(lambda r: r[0]),
    "filter-lang": LANGS.map(lambda v: v or "cql2-text"),
}
ANY_VALUE = st.one_of(st.text(max_size=30), NUMBER_TEXT, DATES, st.sampled_from(["good", "x\x00"]))


@st.composite
def items_queries(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A layer and a whole /items query string (as the mapping the route passes on)."""
    layer = draw(st.sampled_from(LAYERS))
    spec = REGISTRY.get(layer)
    names = st.sampled_from(sorted(RESERVED) + sorted(spec.property_names))
    keys = draw(st.lists(st.one_of(names, names, st.text(max_size=8)), max_size=6, unique=True))
    query = {key: draw(PARAMETER_VALUES.get(key, ANY_VALUE)) for key in keys}
    return layer, query


# ---------------------------------------------------------------------------- features
@st.composite
def feature_bodies(draw: st.DrawFn) -> tuple[str, Any, bool]:
    """A layer, a submitted body (GeoJSON-ish or any JSON) and whether it is a PATCH."""
    layer = draw(st.sampled_from(LAYERS))
    spec = REGISTRY.get(layer)
    partial = draw(st.booleans())
    if draw(st.integers(0, 4)) == 0:
        return layer, draw(RANDOM_JSON), partial
    names = st.one_of(st.sampled_from(sorted(spec.property_names) or ["x"]), st.text(max_size=8))
    values = st.one_of(RANDOM_JSON, NUMBERS, NASTY_STRINGS, DATES, TIMESTAMPS)
    geometry = st.one_of(
        geometry_nodes().map(lambda n: n[0]),
        st.builds(
            lambda t, c: {"type": t, "coordinates": c},
            st.sampled_from(
                [
                    "Point",
                    "MultiPolygon",
                    "Polygon",
                    "MultiLineString",
                    "LineString",
                    "MultiPoint",
                    "X",
                ]
            ),
            RANDOM_JSON,
        ),
        RANDOM_JSON,
    )
    body: dict[str, Any] = {
        "type": draw(st.sampled_from(["Feature", "Feature", "FeatureCollection", 1]))
    }
    if draw(st.booleans()) or not partial:
        body["geometry"] = draw(geometry)
    body["properties"] = draw(st.one_of(st.dictionaries(names, values, max_size=6), RANDOM_JSON))
    return layer, body, partial


# ---------------------------------------------------------------------------- the fuzzers
@dataclass(frozen=True)
class Fuzzer:
    """A strategy, the call it feeds and which ``field`` a refusal of that input may name."""

    strategy: st.SearchStrategy[Any]
    call: Callable[[Any], object]
    names_field: Callable[[Any, str | None], bool]
    examples: int = 300


def field_is(*names: str) -> Callable[[Any, str | None], bool]:
    return lambda _value, field: field in names


def names_a_given_parameter(value: tuple[str, dict[str, str]], field: str | None) -> bool:
    """The field is one of the parameters given (a NUL in its name may be shown as \\0)."""
    keys = set(value[1])
    return field in keys or field in {key.replace("\x00", "\\0") for key in keys}


def names_a_member(_value: Any, field: str | None) -> bool:
    return field is not None and field.split(".")[0] in ("type", "properties", "geometry")


FUZZERS: dict[str, Fuzzer] = {
    "parse_filter+compile_filter": Fuzzer(
        filter_requests(), parse_and_compile, field_is("filter", "filter-lang"), examples=300
    ),
    "parse_bbox": Fuzzer(
        st.tuples(BBOX_TEXT, st.sampled_from(SUPPORTED)), lambda v: parse_bbox(*v), field_is("bbox")
    ),
    "parse_datetime": Fuzzer(DATETIME_TEXT, parse_datetime, field_is("datetime")),
    "parse_sortby": Fuzzer(
        sortby_requests(),
        lambda v: parse_sortby(v[0], REGISTRY.get(v[1])),
        field_is("sortby"),
    ),
    "parse_properties": Fuzzer(
        properties_requests(),
        lambda v: parse_properties(v[0], REGISTRY.get(v[1])),
        field_is("properties"),
    ),
    "parse_int": Fuzzer(
        st.tuples(INT_TEXT, st.integers(-5, 5), st.one_of(st.none(), st.integers(0, 10**6))),
        lambda v: parse_int(v[0], "limit", low=v[1], high=v[2]),
        field_is("limit"),
    ),
    "parse_crs": Fuzzer(
        st.tuples(CRS_TEXT, st.sampled_from(["crs", "bbox-crs", "filter-crs"])),
        lambda v: parse_crs(v[0], field=v[1]),
        lambda v, field: field == v[1],
    ),
    "parse_items_query": Fuzzer(
        items_queries(),
        lambda v: parse_items_query(REGISTRY.get(v[0]), v[1], default_limit=10, max_limit=10_000),
        names_a_given_parameter,
        examples=300,
    ),
    "parse_feature": Fuzzer(
        feature_bodies(),
        lambda v: parse_feature(REGISTRY.get(v[0]), v[1], partial=v[2]),
        names_a_member,
        examples=300,
    ),
}


def check(fuzzer: Fuzzer, value: Any) -> PolisError | None:
    """The property: ``fuzzer.call(value)`` returns (None), or refuses with a 4xx
    ``PolisError`` naming its field (returned).

    Any other exception propagates (Hypothesis then reports and shrinks the input).
    """
    try:
        fuzzer.call(value)
    except PolisError as exc:
        assert 400 <= exc.status < 500, f"{type(exc).__name__} has status {exc.status}: {exc}"
        assert fuzzer.names_field(value, exc.field), f"{exc!r} names field {exc.field!r}"
        assert exc.message.strip(), f"{type(exc).__name__} without a message"
        return exc
    return None


FUZZ = settings(
    deadline=DEADLINE_MS,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


@pytest.mark.parametrize("name", list(FUZZERS))
def test_parser_returns_or_raises_a_polis_error(name: str) -> None:
    fuzzer = FUZZERS[name]

    @settings(FUZZ, max_examples=fuzzer.examples)
    @given(fuzzer.strategy)
    def run(value: Any) -> None:
        check(fuzzer, value)

    run()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("planted = DATE('2015-13-45')", None),
        ("planted = TIMESTAMP('2015-13-45T00:00:00Z')", None),
        ('{"op": "=", "args": [{"property": "planted"}, {"date": "2015-13-45"}]}', "cql2-json"),
        ('{"op": "t_after", "args": [{"property": "planted"}, {"interval": ["x"]}]}', None),
        ('{"op": "s_intersects", "args": [{"property": "geom"}, {"bbox": ["a", 1, 2, 3]}]}', None),
        ("id = 'a\x00b'", None),
        ("dbh_cm > 1" + "0" * 400, None),
        ('{"op": ">", "args": [{"property": "dbh_cm"}, 1e400]}', "cql2-json"),
        ("S_INTERSECTS(geom, POINT(1e300 1e300))", None),
    ],
)
def test_known_hostile_filters(text: str, lang: str | None) -> None:
    check(FUZZERS["parse_filter+compile_filter"], (text, lang))


@pytest.mark.parametrize(
    "query",
    [
        {"datetime": "9999-12-31"},
        {"datetime": "0001-01-01T00:00:00+01:00/.."},
        {"offset": "99999999999999999999"},
        {"species": "a\x00b"},
        {"bbox": "nan,nan,nan,nan"},
        {"bbox": "-1e300,-1e300,1e300,1e300", "bbox-crs": "EPSG:3857"},
        {"planted": "2020-02-30"},
    ],
)
def test_known_hostile_queries(query: dict[str, str]) -> None:
    check(FUZZERS["parse_items_query"], ("trees", query))


# ---------------------------------------------------------------------------- in a child process
#: Run in a child process: import Polis once, then parse (and compile) each filter in a
#: forked process of its own — capped at 1 GiB of address space and 20 s, so a runaway
#: cannot take the machine down — and report its exit status, outcome and peak memory.
CHILD = """
import json, os, resource, signal, sys, time
from layers.ogc.cql import Params, compile_filter, parse_filter
from layers.ogc.crs import DEFAULT
from layers.registry.domains import default_registry
from models.errors import PolisError

SPEC = default_registry().get("trees")


def attempt(text, lang):
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    signal.alarm(20)
    start = time.perf_counter()
    out = {"outcome": "returned"}
    try:
        compile_filter(SPEC, parse_filter(text, lang=lang), Params(), filter_crs=DEFAULT)
    except PolisError as exc:
        out = {"outcome": "raised", "type": type(exc).__name__, "field": exc.field,
               "status": exc.status, "message": exc.message}
    out["seconds"] = time.perf_counter() - start
    return out


results = {}
for name, (text, lang) in json.load(sys.stdin).items():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.write(write, json.dumps(attempt(text, lang)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    result = json.loads(data) if data else {}
    result["signal"] = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    result["maxrss_mb"] = usage.ru_maxrss / 1024
    results[name] = result
print(json.dumps(results))
"""
#: Peak resident memory of one attempt (Polis imported, as in a server worker: ~110 MB).
MAX_RSS_MB = 300


def json_not_chain(depth: int) -> str:
    return (
        '{"op": "not", "args": [' * depth
        + '{"op": ">", "args": [{"property": "id"}, 0]}'
        + "]}" * depth
    )


def json_plus_chain(depth: int) -> str:
    inner = '{"property": "id"}'
    for _ in range(depth):
        inner = '{"op": "+", "args": [' + inner + ", 1]}"
    return '{"op": ">", "args": [' + inner + ", 0]}"


#: Filters far beyond any sane size or nesting: refused by a bound, naming it.
DEEP: dict[str, tuple[str, str | None]] = {
    "3000-brackets": ("(" * 3000 + "id > 0" + ")" * 3000, None),
    "2000-NOTs": ("NOT " * 2000 + "id > 0", None),
    "300-additions": ("id + " * 300 + "1 > 0", None),
    "150-NOTs": ("NOT " * 150 + "id > 0", None),
    "json-3000-nots": (json_not_chain(3000), None),
    "json-150-nots": (json_not_chain(150), "cql2-json"),
    "json-300-additions": (json_plus_chain(300), None),
    "json-900-arrays": (
        '{"op": "in", "args": [{"property": "id"}, ' + "[" * 900 + "]" * 900 + "]}",
        None,
    ),
}
#: Other filters that stress the native parser: refused or accepted, never a crash.
HOSTILE: dict[str, tuple[str, str | None]] = {
    # unary minus signs nest in the parser without a single bracket
    "4000-minus-signs": ("-" * 4000 + "1 > 0", None),
    "3990-minus-signs-rhs": ("id = " + "-" * 3990 + "1 AND id > 0", None),
    "3900-spaced-minus-signs": ("- " * 3900 + "1 > 0", None),
    # a quote inside a quoted identifier must not hide the brackets that follow
    "quote-hides-brackets": ('"\'" = 1 AND ' + "(" * 3000 + "id > 0" + ")" * 3000, None),
    "brackets-in-a-string": ("species = '" + "(" * 7000 + "'", None),
    "2600-list-items": ("id IN (" + ",".join(["1"] * 2600) + ")", None),
    "700-conjuncts": (" AND ".join(["id > 0"] * 700), None),
    "1500-vertices": ("S_INTERSECTS(geom, POLYGON((" + ",".join(["1 2"] * 1500) + ")))", None),
    "json-4000-arrays": ("[" * 4000 + "]" * 4000, "cql2-json"),
    "100k-identifier": ("a" * 100_000 + " = 1", None),
}


@pytest.fixture(scope="module")
def attempts() -> dict[str, dict[str, Any]]:
    """Outcome of every :data:`DEEP` and :data:`HOSTILE` filter, each in its own process."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps({**DEEP, **HOSTILE}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results: dict[str, dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return results


def survived(attempts: dict[str, dict[str, Any]], name: str, text: str) -> dict[str, Any]:
    """The attempt's outcome, once it is known the process lived, fast and small."""
    result = attempts[name]
    assert result["signal"] == 0, (
        f"the process died of signal {result['signal']} on a {len(text)}-character filter "
        f"{text[:60]!r}…"
    )
    assert result["maxrss_mb"] < MAX_RSS_MB, f"peak memory {result['maxrss_mb']:.0f} MB"
    assert result["seconds"] < 5, f"took {result['seconds']:.1f} s"
    return result


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_filters_are_refused_by_a_bound(
    attempts: dict[str, dict[str, Any]], name: str
) -> None:
    text = DEEP[name][0]
    result = survived(attempts, name, text)
    assert result["outcome"] == "raised", f"accepted a {len(text)}-character filter"
    assert (result["type"], result["field"], result["status"]) == (
        "InvalidParameter",
        "filter",
        400,
    )
    assert re.search(r"\d", result["message"]), f"the bound is not named: {result['message']}"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_filters_do_not_crash_the_process(
    attempts: dict[str, dict[str, Any]], name: str
) -> None:
    result = survived(attempts, name, HOSTILE[name][0])
    if result["outcome"] == "raised":
        assert (result["field"], result["status"]) == ("filter", 400), result
