"""The live map channel: a new observation reaches an open web map within 1 s and the
feature is updated in place (no reload); subscriptions are filtered by view."""

from __future__ import annotations

import datetime as dt
import threading
import time

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser

from api.settings import PolisSettings
from layers.db.profile import load_profile
from layers.db.settings import DEFAULT_PROFILE
from layers.sensors.entities import DatastreamSpec, StationSpec, add_station
from layers.sensors.partitions import maintain_partitions

DRAWN = "window.polisMap && window.polisMap.drawnAt !== null && window.polisMap.isDrawn()"
CENTRE = load_profile(DEFAULT_PROFILE).centre


@pytest.fixture(scope="module")
def river(demo_settings: PolisSettings) -> int:
    """A river gauge at the map's centre; its level datastream id."""
    with psycopg.connect(demo_settings.dsn, autocommit=True) as c:
        maintain_partitions(c, retention_days=3, ahead_days=1)
        return add_station(
            c,
            StationSpec(
                "Live river gauge",
                CENTRE.lon,
                CENTRE.lat,
                datastreams=(DatastreamSpec("Live level", "River level", "metre", "m", 0, 10),),
            ),
        )[0]


def post(http: httpx.Client, auth: dict[str, str], ds: int, value: float) -> None:
    t = dt.datetime.now(dt.UTC).isoformat()
    r = http.post(
        f"/sensorthings/v1.1/Datastreams({ds})/Observations",
        json={"phenomenonTime": t, "result": value},
        headers=auth,
    )
    assert r.status_code == 201, r.text


def test_a_new_observation_reaches_the_open_map_within_a_second(
    browser: Browser, server: str, http: httpx.Client, tokens: dict[str, dict[str, str]], river: int
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + "/")
    page.wait_for_function(DRAWN, timeout=30_000)
    feature = f"""(v) => {{
        const e = window.polisMap.entries.sensor_readings;
        let found = null;
        e.layer.eachLayer(l => {{ if (l.feature && l.feature.id === {river}) found = l.feature; }});
        return v === undefined ? found !== null : found && found.properties.result === v;
    }}"""
    page.wait_for_function(feature, timeout=10_000)
    page.evaluate("window.__sameDocument = true")
    page.wait_for_function(
        "window.polisMap.live.source && window.polisMap.live.source.readyState === 1"
    )
    fetches = "performance.getEntriesByType('resource').filter(r => r.name.includes('/collections/sensor_readings/items')).length"
    before = page.evaluate(fetches)
    timings = []
    for value in (3.25, 4.5):
        started = time.monotonic()
        post(http, tokens["green"], river, value)
        page.wait_for_function(feature, arg=value, timeout=5_000, polling="raf")
        timings.append(time.monotonic() - started)
    assert max(timings) < 1.0, timings
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert page.evaluate(fetches) == before  # updated in place, not fetched again
    assert page.evaluate("window.polisMap.live.updates") >= 2
    page.close()


def test_subscriptions_get_only_their_view_and_bad_ones_are_refused(
    server: str, http: httpx.Client, tokens: dict[str, dict[str, str]], river: int
) -> None:
    near = f"{CENTRE.lon - 0.01},{CENTRE.lat - 0.01},{CENTRE.lon + 0.01},{CENTRE.lat + 0.01}"
    far = "20.0,38.0,20.1,38.1"
    seen: dict[str, list[str]] = {"near": [], "far": []}

    def listen(name: str, bbox: str) -> None:
        params = {"layers": "sensor_readings", "bbox": bbox}
        with httpx.stream("GET", f"{server}/live", params=params, timeout=4) as r:
            seen[name].append(str(r.status_code))
            try:
                for line in r.iter_lines():
                    seen[name].append(line)
                    if "Live level" in line:
                        break
            except httpx.ReadTimeout:  # the far view hears nothing: that is the point
                pass

    threads = [threading.Thread(target=listen, args=a) for a in (("near", near), ("far", far))]
    for t in threads:
        t.start()
    time.sleep(1)
    post(http, tokens["green"], river, 6.75)
    for t in threads:
        t.join()
    assert seen["near"][0] == seen["far"][0] == "200"
    assert any('"result":6.75' in line for line in seen["near"])
    assert any("event: ready" in line for line in seen["far"])
    assert not any("features" in line for line in seen["far"])
    assert http.get("/live", params={"layers": "nowhere"}).status_code == 404
    r = http.get("/live", params={"layers": "sensor_readings", "bbox": "1,2,3"})
    assert r.status_code == 400 and "bbox" in r.json()["detail"]
