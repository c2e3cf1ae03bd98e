"""SensorThings API v1.1 against the session server: creating observations over HTTP
(staff credentials, all-or-nothing, 4xx naming the field), reading them back with
``frost-sta-client`` (a client nobody here wrote) and with plain queries, and the
rejections counted at ``/sensors/ingest-status``."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import frost_sta_client as fsc
import httpx
import psycopg
import pytest

from api.settings import PolisSettings
from layers.sensors.entities import DatastreamSpec, StationSpec, add_station
from layers.sensors.partitions import maintain_partitions

#: frost-sta-client uses furl's deprecated ``pathstr``: theirs, not ours
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:furl.*")
STA = "/sensorthings/v1.1"
JSON = {"Content-Type": "application/json"}
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso(t: dt.datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


@pytest.fixture(scope="module")
def gauge(demo_settings: PolisSettings) -> list[int]:
    """A rain gauge (mm, 0..200) and a counter (count, 0..) in the session database."""
    with psycopg.connect(demo_settings.dsn, autocommit=True) as c:
        maintain_partitions(c, retention_days=3, ahead_days=1)
        return add_station(
            c,
            StationSpec(
                "API rain gauge",
                21.921,
                39.366,
                datastreams=(
                    DatastreamSpec("API rain", "Rainfall", "millimetre", "mm", 0, 200, 300),
                    DatastreamSpec("API counter", "Pedestrians", "count", "1", 0, None, 60),
                ),
            ),
        )


@pytest.fixture(scope="module")
def posted(http: httpx.Client, tokens: dict[str, dict[str, str]], gauge: list[int]) -> list[str]:
    """Ten rain observations created through CreateObservations; their self links."""
    rows = [[iso(NOW - dt.timedelta(minutes=10 - i)), float(i), f"r{i}"] for i in range(10)]
    body = [
        {
            "Datastream": {"@iot.id": gauge[0]},
            "components": ["phenomenonTime", "result", "parameters/messageId"],
            "dataArray": rows,
        }
    ]
    r = http.post(f"{STA}/CreateObservations", json=body, headers=tokens["parking"])
    assert r.status_code == 201, r.text
    return r.json()


def test_create_needs_staff_credentials(
    http: httpx.Client, tokens: dict[str, dict[str, str]], gauge: list[int]
) -> None:
    one = {"phenomenonTime": iso(NOW), "result": 1.0}
    url = f"{STA}/Datastreams({gauge[1]})/Observations"  # the counter: rain stays as posted
    assert http.post(url, json=one).status_code == 401
    assert http.post(url, json=one, headers=tokens["citizen"]).status_code == 403
    r = http.post(url, json=one, headers=tokens["green"])
    assert r.status_code == 201 and "/Observations(" in r.headers["location"]
    r = http.post(
        f"{STA}/Observations",
        json={
            **one,
            "result": 2.0,
            "phenomenonTime": iso(NOW - dt.timedelta(seconds=1)),
            "Datastream": {"@iot.id": gauge[1]},
        },
        headers=tokens["green"],
    )
    assert r.status_code == 201
    created = http.get(urlsplit(r.headers["location"]).path).json()
    assert created["result"] == 2.0 and created["Datastream@iot.navigationLink"].endswith(
        "/Datastream"
    )


def test_bad_observations_are_refused_naming_the_field_and_counted(
    http: httpx.Client, tokens: dict[str, dict[str, str]], gauge: list[int]
) -> None:
    before = http.get("/sensors/ingest-status").json()["rejected"]
    rows = [[iso(NOW), 5.0], [iso(NOW), 500.0], [iso(NOW + dt.timedelta(hours=1)), 1.0]]
    body = [
        {
            "Datastream": {"@iot.id": gauge[0]},
            "components": ["phenomenonTime", "result"],
            "dataArray": rows,
        }
    ]
    r = http.post(f"{STA}/CreateObservations", json=body, headers=tokens["green"])
    assert r.status_code == 422, r.text
    problem = r.json()
    assert (
        "[0].dataArray[1].result" in problem["detail"]
        and "out of the valid range" in problem["detail"]
    )
    assert "+1 more" in problem["detail"]
    # all-or-nothing: the good first row was not stored either
    found = http.get(
        f"{STA}/Datastreams({gauge[0]})/Observations",
        params={"$filter": f"result eq 5.0 and phenomenonTime eq {iso(NOW)}"},
    ).json()
    assert found["value"] == []
    for payload, field in (
        ({"phenomenonTime": iso(NOW), "result": "wet"}, "result"),
        ({"phenomenonTime": "soon", "result": 1}, "phenomenonTime"),
        (
            {"phenomenonTime": iso(NOW), "result": 1, "Datastream": {"@iot.id": 987654}},
            "Datastream",
        ),
    ):
        target = (
            "Observations" if "Datastream" in payload else f"Datastreams({gauge[0]})/Observations"
        )
        r = http.post(f"{STA}/{target}", json=payload, headers=tokens["green"])
        assert r.status_code == 422 and r.json()["detail"].startswith(field), r.text
    after = http.get("/sensors/ingest-status").json()["rejected"]
    for reason, more in (
        ("out_of_range", 1),
        ("future_time", 1),
        ("non_numeric", 1),
        ("bad_time", 1),
        ("unknown_datastream", 1),
    ):
        assert after[reason]["count"] == before[reason]["count"] + more, reason
    assert after["out_of_range"]["el"] == "Τιμή εκτός ορίων"


def test_frost_client_reads_pages_filters_and_expands(
    server: str, posted: list[str], gauge: list[int]
) -> None:
    service = fsc.SensorThingsService(f"{server}{STA}")
    things = (
        service.things()
        .query()
        .filter("name eq 'API rain gauge'")
        .expand("Datastreams,Locations")
        .list()
    )
    thing = next(iter(things))
    assert thing.name == "API rain gauge"
    assert sorted(d.name for d in thing.datastreams) == ["API counter", "API rain"]
    location = thing.locations.entities[0].location
    assert abs(location["coordinates"][0] - 21.921) < 1e-6
    # four per page: the client follows @iot.nextLink to the end
    query = service.datastreams().find(gauge[0]).get_observations().query()
    page = (
        query.filter(f"phenomenonTime ge {iso(NOW - dt.timedelta(minutes=10))} and result lt 8")
        .top(4)
        .orderby("result", "asc")
        .list()
    )
    assert [o.result for o in page] == [float(i) for i in range(8)]


def test_query_options_by_the_standard(
    http: httpx.Client, posted: list[str], gauge: list[int]
) -> None:
    url = f"{STA}/Datastreams({gauge[0]})/Observations"
    r = http.get(
        url,
        params={
            "$top": "3",
            "$skip": "2",
            "$count": "true",
            "$orderby": "phenomenonTime desc",
            "$filter": "result ge 0 and result le 9",
        },
    )
    body = r.json()
    assert body["@iot.count"] == 10
    assert [o["result"] for o in body["value"]] == [7.0, 6.0, 5.0]
    assert "$skip=5" in body["@iot.nextLink"]
    obs = http.get(urlsplit(posted[0]).path).json()
    assert obs["result"] == 0.0 and obs["parameters"]["messageId"] == "r0"
    ds = http.get(
        f"{STA}/Datastreams({gauge[0]})",
        params={"$expand": "Observations($top=1;$orderby=phenomenonTime desc),Thing"},
    ).json()
    assert ds["unitOfMeasurement"]["symbol"] == "mm"
    assert ds["Observations"][0]["result"] == 9.0 and ds["Thing"]["name"] == "API rain gauge"
    for params, name in (
        ({"$filter": "colour eq 'red'"}, "$filter"),
        ({"$top": "-1"}, "$top"),
        ({"$orderby": "result sideways"}, "$orderby"),
    ):
        r = http.get(url, params=params)
        assert r.status_code == 400 and name in r.json()["detail"], r.text
    assert http.get(f"{STA}/Things(1)/Nothing").status_code == 404
    # the latest reading is the layer's feature
    feature = http.get(f"/ogc/collections/sensor_readings/items/{gauge[0]}").json()
    assert feature["properties"]["result"] == 9.0
