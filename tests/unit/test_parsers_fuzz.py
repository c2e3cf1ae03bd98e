"""Fuzzing of the query parsers: whatever a client sends, a parser returns or raises a
``PolisError`` (a 4xx naming the parameter) quickly — never another exception.

Each fuzzer of ``parser_fuzzers.py`` runs a bounded, derandomised number of times (CI is
deterministic); ``bench/fuzz.py`` runs the same fuzzers for longer. Filters that could
kill the process are tried in a child process by ``test_filters_in_a_child.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from fuzz_values import DEADLINE_MS
from hypothesis import HealthCheck, given, settings
from parser_fuzzers import FUZZERS, check

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
