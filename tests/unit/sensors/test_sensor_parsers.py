"""Pure parts of the sensors domain: topics, the admission window, OData $filter."""

from __future__ import annotations

import datetime as dt

import pytest
from psycopg import sql

from gis.sensors.ingest import topic_datastream
from gis.sensors.validate import Window, check_item, parse_time
from layers.sensors.odata import compile_filter
from layers.sensors.sta import SETS, parse_orderby
from models.errors import InvalidParameter
from models.observations import DatastreamRule, Reading, Rejection

OBS = SETS["Observations"].props
NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
WINDOW = Window.around(NOW, retention_days=7, max_future_s=300)
RULE = DatastreamRule(3, "m", 0.0, 8.0)


def as_text(composed: sql.Composable) -> str:
    return composed.as_string(None)


@pytest.mark.parametrize(
    ("topic", "ds"),
    [
        ("polis/v1/datastreams/12/observations", 12),
        ("polis/v1/datastreams/x/observations", None),
        ("polis/v1/datastreams/12/observations/extra", None),
        ("other/12", None),
    ],
)
def test_topics(topic: str, ds: int | None) -> None:
    assert topic_datastream(topic) == ds


def test_times_need_a_zone_and_are_kept_in_utc() -> None:
    assert parse_time("2026-12-01T14:00:00+02:00") == dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    assert "time zone" in str(parse_time("2026-12-01T12:00:00"))
    assert isinstance(parse_time(1733050000), str)


def test_window_edges() -> None:
    edge = {"phenomenonTime": (NOW + dt.timedelta(seconds=300)).isoformat(), "result": 8.0}
    assert isinstance(check_item(edge, 3, RULE, WINDOW), Reading)
    late = {"phenomenonTime": (NOW + dt.timedelta(seconds=301)).isoformat(), "result": 8.0}
    assert isinstance(rejected := check_item(late, 3, RULE, WINDOW), Rejection)
    assert rejected.reason.value == "future_time" and "phenomenonTime" in rejected.message
    for result in (True, float("nan"), None, [1]):
        bad = check_item({"phenomenonTime": NOW.isoformat(), "result": result}, 3, RULE, WINDOW)
        assert isinstance(bad, Rejection) and bad.field == "result"


def test_filters_compile_to_bound_sql() -> None:
    text = as_text(
        compile_filter(
            "phenomenonTime ge 2026-12-01T00:00:00Z and not (result lt 2.5 or 7 lt result)", OBS
        )
    )
    assert "t.phenomenon_time >= '2026-12-01 00:00:00+00:00'::timestamptz" in text
    assert "(NOT ((t.result < 2.5) OR (t.result > 7)))" in text
    assert as_text(compile_filter("resultTime eq null", OBS)) == "(t.result_time IS NULL)"
    assert "''';" in as_text(compile_filter("name eq ''';drop'", SETS["Things"].props))


@pytest.mark.parametrize(
    "text",
    [
        "colour eq 1",
        "result gt",
        "result add 1",
        "substringof('a', name)",
        "result lt null",
        "(result eq 1 and " * 60 + "result eq 2" + ")" * 60,
        "x" * 3000,
    ],
)
def test_bad_filters_name_the_parameter(text: str) -> None:
    with pytest.raises(InvalidParameter) as err:
        compile_filter(text, OBS)
    assert err.value.field == "$filter"


def test_orderby() -> None:
    assert parse_orderby("phenomenonTime desc, result", SETS["Observations"]) == (
        ("phenomenonTime", True),
        ("result", False),
    )
    with pytest.raises(InvalidParameter, match="orderby"):
        parse_orderby("phenomenonTime sideways", SETS["Observations"])


def test_the_supervisor_replaces_a_failed_consumer() -> None:
    import threading

    from gis.sensors.ingest import supervise

    stop = threading.Event()
    runs: list[int] = []

    class Failing:
        def run(self, stop_event: threading.Event) -> None:
            runs.append(len(runs))
            if len(runs) < 3:
                raise RuntimeError("broker gone")
            stop_event.set()  # the third one runs until told to stop

    supervise(lambda: Failing(), stop, backoff=0.01)  # type: ignore[arg-type, return-value]
    assert runs == [0, 1, 2]


def test_live_subscriptions_keep_only_readable_layers() -> None:
    from dataclasses import replace

    from api.routes.live import inside, readable_layers
    from layers.registry import Registry, default_registry
    from models.auth import Role
    from models.errors import NotFound

    specs = list(default_registry())
    restricted = [
        replace(s, read_roles=frozenset({Role.PARKING})) if s.id == "sensor_readings" else s
        for s in specs
    ]
    registry = Registry(restricted)
    names = ["trees", "sensor_readings"]
    assert readable_layers(registry, names, frozenset()) == {"trees"}
    assert readable_layers(registry, names, frozenset({Role.PARKING})) == {
        "trees",
        "sensor_readings",
    }
    assert readable_layers(registry, names, frozenset({Role.ADMIN})) == {"trees", "sensor_readings"}
    with pytest.raises(NotFound):
        readable_layers(registry, ["nowhere"], frozenset())
    point = {"type": "Point", "coordinates": [21.92, 39.36]}
    assert inside(point, (21.9, 39.3, 22.0, 39.4)) and not inside(point, (20.0, 38.0, 20.1, 38.1))
