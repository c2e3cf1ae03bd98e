"""CQL2 parsing and compilation to bound SQL."""

from __future__ import annotations

import pytest

from layers.ogc.cql import Params, compile_filter, parse_filter
from layers.ogc.crs import DEFAULT, parse_crs
from layers.registry import default_registry
from models.errors import InvalidParameter

REGISTRY = default_registry()


def compiled(text: str, layer: str = "buildings", crs: str | None = None) -> tuple[str, dict]:
    params = Params()
    tree = parse_filter(text)
    where = compile_filter(REGISTRY.get(layer), tree, params, filter_crs=parse_crs(crs))
    return where.as_string(None), params.values


def test_text_and_json_give_the_same_tree() -> None:
    text = parse_filter("floors >= 3 AND use IN ('school', 'public')")
    json_tree = parse_filter(
        '{"op": "and", "args": [{"op": ">=", "args": [{"property": "floors"}, 3]},'
        '{"op": "in", "args": [{"property": "use"}, ["school", "public"]]}]}',
        lang="cql2-json",
    )
    assert text == json_tree


def test_values_are_bound_never_inlined() -> None:
    where, values = compiled("name = 'x''); DROP TABLE buildings; --'")
    assert "DROP" not in where
    assert list(values.values()) == ["x'); DROP TABLE buildings; --"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("floors BETWEEN 2 AND 4", "BETWEEN"),
        ("name LIKE 'Σχολ%'", "LIKE"),
        ("CASEI(name) = CASEI('ΔΗΜΑΡΧΕΙΟ')", "lower("),
        ("name IS NULL", "IS NULL"),
        ("NOT floors > 2", "NOT"),
        ("floors * 3 > height", "*"),
        ("S_INTERSECTS(geometry, POINT(21.92 39.36))", "ST_Intersects"),
        ("S_WITHIN(geometry, BBOX(21.9, 39.3, 22.0, 39.4))", "ST_MakeEnvelope"),
    ],
)
def test_operators(text: str, fragment: str) -> None:
    where, _ = compiled(text)
    assert fragment in where


def test_temporal_on_the_time_field() -> None:
    where, values = compiled(
        "T_DURING(planted, INTERVAL('2000-01-01T00:00:00Z', '2010-01-01T00:00:00Z'))", "trees"
    )
    assert '"planted"' in where and len(values) == 2


def test_filter_crs_changes_the_literal_srid() -> None:
    where, _ = compiled("S_INTERSECTS(geometry, POINT(4360000 4800000))", crs="EPSG:3857")
    assert "3857" in where and "2100" in where


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("colour = 'red'", "unknown property 'colour'"),
        ("AVG(floors) > 2", "'AVG' is not supported"),
        ("T_AFTER(name, TIMESTAMP('2020-01-01T00:00:00Z'))", "not temporal"),
        ("floors >", "at character"),
        ("floors = 1 AND", "at character"),
    ],
)
def test_errors_explain_the_problem(text: str, problem: str) -> None:
    with pytest.raises(InvalidParameter) as err:
        compiled(text)
    assert err.value.field == "filter"
    assert problem in err.value.message


def test_default_filter_crs_is_crs84() -> None:
    assert DEFAULT.uri.endswith("CRS84")
    where, _ = compiled("S_INTERSECTS(geometry, POINT(21.92 39.36))")
    assert "4326" in where
