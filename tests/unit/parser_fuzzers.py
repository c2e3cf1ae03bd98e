"""The fuzzers of the query parsers: Hypothesis strategies of what a client may send
(CQL2 text and JSON, query strings, features) and the property each parser must keep —
return, or raise a ``PolisError`` (a 4xx naming the parameter) — for
``test_parsers_fuzz.py`` (bounded, derandomised runs) and ``bench/fuzz.py`` (long runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cql_fuzzers import (
    LANGS,
    PROPERTY_NAMES,
    RANDOM_JSON,
    filter_requests,
    geometry_nodes,
    parse_and_compile,
)
from fuzz_values import (
    DATES,
    LAYERS,
    NASTY_STRINGS,
    NUMBERS,
    REGISTRY,
    TIMESTAMPS,
)
from hypothesis import strategies as st

from layers.editing.input import parse_feature
from layers.ogc.crs import SUPPORTED, parse_crs
from layers.ogc.params import (
    RESERVED,
    parse_bbox,
    parse_datetime,
    parse_int,
    parse_items_query,
    parse_properties,
    parse_sortby,
)
from models.errors import PolisError


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
