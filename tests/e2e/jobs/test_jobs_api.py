"""OGC API – Processes contract against ``polis serve`` and a real ``polis worker``
(Dask LocalCluster): list, describe, sync and async execution, status with progress,
results, dismissal, roles, and bad input answered 400 naming the input."""

from __future__ import annotations

import time

import httpx
import psycopg
from jobs_support import WorkerProcess, finished, submit, wait_for

from api.settings import PolisSettings

PROCESSES_CORE = "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core"


def job_count(settings: PolisSettings) -> int:
    with psycopg.connect(settings.dsn) as conn:
        row = conn.execute("SELECT count(*) FROM jobs").fetchone()
    assert row is not None
    return int(row[0])


def test_list_and_describe(http: httpx.Client) -> None:
    listing = http.get("/ogc/processes").json()
    ids = {p["id"] for p in listing["processes"]}
    assert {"echo", "wait"} <= ids
    echo = http.get("/ogc/processes/echo", params={"lang": "en"}).json()
    assert echo["title"] == "Echo"
    assert echo["jobControlOptions"] == ["sync-execute", "async-execute", "dismiss"]
    assert echo["inputs"]["value"]["minOccurs"] == 0
    wait = http.get("/ogc/processes/wait").json()
    assert wait["title"] == "Αναμονή"
    assert "sync-execute" not in wait["jobControlOptions"]
    assert wait["inputs"]["seconds"]["minOccurs"] == 1
    assert wait["inputs"]["seconds"]["schema"]["maximum"] == 600
    missing = http.get("/ogc/processes/no-such-thing")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NoSuchProcess"
    assert PROCESSES_CORE in http.get("/ogc/conformance").json()["conformsTo"]


def test_quick_sync_execution_runs_in_the_web_process(
    http: httpx.Client, demo_settings: PolisSettings
) -> None:
    before = job_count(demo_settings)
    r = http.post("/ogc/processes/echo/execution", json={"inputs": {"value": {"a": [1, 2]}}})
    assert r.status_code == 200, r.text
    assert r.json() == {"value": {"a": [1, 2]}}
    assert job_count(demo_settings) == before  # no job, no Dask round trip


def test_async_execution_status_results_and_list(
    http: httpx.Client, tokens: dict[str, dict[str, str]], worker: WorkerProcess
) -> None:
    job = submit(http, "echo", {"value": "γεια"}, tokens["citizen"])
    status = wait_for(http, job, finished, headers=tokens["citizen"])
    assert status["status"] == "successful", status
    assert status["progress"] == 100
    assert status["processID"] == "echo"
    results = http.get(f"{job}/results", headers=tokens["citizen"])
    assert results.json() == {"value": "γεια"}
    job_id = job.rsplit("/", 1)[1]
    mine = http.get("/ogc/jobs", headers=tokens["citizen"]).json()["jobs"]
    assert job_id in {j["jobID"] for j in mine}
    theirs = http.get("/ogc/jobs", headers=tokens["parking"]).json()["jobs"]
    assert job_id not in {j["jobID"] for j in theirs}
    assert http.get("/ogc/jobs").json()["jobs"] == []
    assert http.get(job, headers=tokens["parking"]).status_code == 404  # not theirs
    assert http.get(job, headers=tokens["admin"]).status_code == 200


def test_long_process_is_a_job_with_progress(
    http: httpx.Client, tokens: dict[str, dict[str, str]], worker: WorkerProcess
) -> None:
    admin = tokens["admin"]
    r = http.post(  # no Prefer header: a process that is not quick still runs as a job
        "/ogc/processes/wait/execution",
        json={"inputs": {"seconds": 2.0, "steps": 8}},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "accepted"
    job = "/ogc/jobs/" + r.headers["location"].rsplit("/", 1)[1]
    not_yet = http.get(f"{job}/results", headers=admin)
    assert not_yet.status_code == 404
    assert not_yet.json()["code"] == "ResultNotReady"
    midway = wait_for(http, job, lambda s: 0 < s["progress"] < 100 or finished(s), headers=admin)
    assert midway["status"] == "running", midway
    done = wait_for(http, job, finished, headers=admin)
    assert done["status"] == "successful"
    assert http.get(f"{job}/results", headers=admin).json() == {"waited": 2.0}


def test_dismiss_running_job(
    http: httpx.Client, tokens: dict[str, dict[str, str]], worker: WorkerProcess
) -> None:
    admin = tokens["admin"]
    job = submit(http, "wait", {"seconds": 30, "steps": 300}, admin)
    wait_for(http, job, lambda s: s["status"] == "running", headers=admin)
    r = http.delete(job, headers=admin)
    assert r.status_code == 200
    assert r.json()["status"] == "dismissed"
    time.sleep(1.0)  # the worker cancels it; nothing may bring it back
    assert http.get(job, headers=admin).json()["status"] == "dismissed"
    gone = http.get(f"{job}/results", headers=admin)
    assert gone.status_code == 404 and gone.json()["code"] == "NoSuchJob"
    assert http.delete("/ogc/jobs/not-a-job", headers=admin).status_code == 404


def test_roles(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> None:
    body = {"inputs": {"seconds": 0}}
    assert http.post("/ogc/processes/wait/execution", json=body).status_code == 401
    r = http.post("/ogc/processes/wait/execution", json=body, headers=tokens["citizen"])
    assert r.status_code == 403


def test_bad_inputs_name_the_input(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> None:
    admin = tokens["admin"]
    url = "/ogc/processes/wait/execution"
    cases = [
        ({"inputs": {"seconds": -1}}, "seconds"),
        ({"inputs": {"seconds": "soon"}}, "seconds"),
        ({"inputs": {}}, "seconds"),
        ({"inputs": {"seconds": 1, "colour": "red"}}, "colour"),
        ({"inputs": [1, 2]}, "inputs"),
        ({"inputs": {"seconds": 1}, "mode": "auto"}, "mode"),
    ]
    for body, field in cases:
        r = http.post(url, json=body, headers=admin)
        assert r.status_code == 400, (body, r.text)
        assert f"'{field}'" in r.json()["description"], (body, r.text)
    r = http.post(url, content=b"{not json", headers={**admin, "Content-Type": "application/json"})
    assert r.status_code == 400 and "'body'" in r.json()["description"]


def test_features_within_distance_is_answered_by_the_web_process(
    http: httpx.Client, demo_settings: PolisSettings
) -> None:
    before = job_count(demo_settings)
    body = {
        "inputs": {
            "layer": "trees",
            "distance": 200,
            "geometry": {"type": "Point", "coordinates": [21.922, 39.365]},
        }
    }
    r = http.post("/ogc/processes/features-within-distance/execution", json=body)
    assert r.status_code == 200, r.text
    features = r.json()["features"]["features"]
    distances = [f["properties"]["distance_m"] for f in features]
    assert features and distances == sorted(distances) and max(distances) <= 200
    assert job_count(demo_settings) == before
    bad = {"inputs": {"layer": "nope", "distance": 5, "near_layer": "trees"}}
    r = http.post("/ogc/processes/features-within-distance/execution", json=bad)
    assert r.status_code == 400 and "'layer'" in r.json()["description"]
