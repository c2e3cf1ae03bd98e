"""SensorThings API v1.1 create routes for observations, for staff accounts and their
API keys: ``POST Observations``, ``POST Datastreams({id})/Observations`` and the
``CreateObservations`` dataArray extension. Checked like MQTT messages; a request with
any bad observation stores none of them (all-or-nothing), keeps the rejections and
answers 422 naming the field."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.responses import Response

from api.deps import StaffPrincipal
from api.routes.sensorthings import ROOT, base_url, json_response
from api.settings import PolisSettings
from gis.sensors.validate import Window, check_item
from layers.db.pools import shared_sync_pool
from layers.sensors.http_store import store_posted
from layers.sensors.settings import SensorSettings
from layers.sensors.store import datastream_rules, write_batch
from models.errors import InvalidInput, NotFound
from models.observations import Reading, Rejection
from models.problem import problem_responses

router = APIRouter(prefix=ROOT, tags=["SensorThings API / Αισθητήρες"])
_DATASTREAM_OBS = re.compile(r"^Datastreams\((\d+)\)/Observations$")
#: Most observations in one request.
MAX_OBSERVATIONS = 10_000

#: One posted observation: (where in the request, datastream id, the MQTT-shaped item).
Posted = tuple[str, int, dict[str, Any]]


@router.post(
    "/{path:path}",
    status_code=201,
    summary="Create observations / Νέες μετρήσεις",
    responses=problem_responses(400, 401, 403, 404, 422),
)
async def create(request: Request, path: str, who: StaffPrincipal) -> Response:
    body = await read_json(request)
    if path == "CreateObservations":
        posted = data_arrays(body)
    elif path == "Observations":
        posted = [("", datastream_ref(body, ""), observation_item(body, ""))]
    elif found := _DATASTREAM_OBS.match(path):
        posted = [("", int(found.group(1)), observation_item(body, ""))]
    else:
        raise NotFound(f"cannot create entities at '{path}'", field="path")
    if len(posted) > MAX_OBSERVATIONS:
        raise InvalidInput(f"more than {MAX_OBSERVATIONS} observations", field="dataArray")
    settings: PolisSettings = request.app.state.settings
    ids = await asyncio.to_thread(store, settings, posted)
    links = [f"{base_url(request)}/Observations({i})" for i in ids]
    if path == "CreateObservations":
        return json_response(links, status=201)
    return Response(status_code=201, headers={"Location": links[0]})


def store(settings: PolisSettings, posted: list[Posted]) -> list[int]:
    sensors = SensorSettings()
    window = Window.around(
        dt.datetime.now(dt.UTC),
        retention_days=sensors.retention_days,
        max_future_s=sensors.max_future_s,
    )
    pool = shared_sync_pool(settings.dsn, statement_timeout_ms=settings.statement_timeout_ms)
    with pool.connection() as conn:
        rules = datastream_rules(conn)
        readings: list[Reading] = []
        bad: list[tuple[str, Rejection]] = []
        for where, ds, item in posted:
            checked = check_item(item, ds, rules.get(ds), window)
            if isinstance(checked, Reading):
                readings.append(checked)
            else:
                bad.append((where, checked))
        if bad:
            write_batch(conn, [], [r for _, r in bad], source="http")
            conn.commit()  # the rejections are kept although the request fails
            where, first = bad[0]
            field = f"{where}{_FIELD.get(first.field, first.field)}"
            more = f" (+{len(bad) - 1} more)" if len(bad) > 1 else ""
            raise InvalidInput(f"{field}: {first.message}{more}", field=field)
        _, ids = store_posted(conn, readings, [])
        return ids


#: Field names of the checks in SensorThings terms.
_FIELD = {"datastream": "Datastream", "id": "parameters.messageId"}


async def read_json(request: Request) -> Any:
    media = request.headers.get("content-type", "").split(";")[0].strip()
    if media != "application/json":
        raise InvalidInput(
            f"Content-Type '{media}' is not accepted; send application/json", field="Content-Type"
        )
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"body: not valid JSON ({exc})", field="body") from None


def datastream_ref(body: Any, where: str) -> int:
    ref = body.get("Datastream") if isinstance(body, dict) else None
    ident = ref.get("@iot.id") if isinstance(ref, dict) else None
    if isinstance(ident, bool) or not isinstance(ident, int):
        raise InvalidInput(
            f'{where}Datastream: give the datastream as {{"@iot.id": <integer>}}',
            field=f"{where}Datastream",
        )
    return ident


def observation_item(body: Any, where: str) -> dict[str, Any]:
    """A SensorThings Observation as the MQTT message shape."""
    if not isinstance(body, dict):
        raise InvalidInput(
            f"{where or 'body'}: an Observation is a JSON object", field=where or "body"
        )
    item = {k: body[k] for k in ("phenomenonTime", "result") if k in body}
    params = body.get("parameters")
    if isinstance(params, dict) and "messageId" in params:
        item["id"] = params["messageId"]
    return item


def data_arrays(body: Any) -> list[Posted]:
    """The observations of a ``CreateObservations`` request (dataArray extension)."""
    if not isinstance(body, list) or not body:
        raise InvalidInput("body: a non-empty array of dataArray objects", field="body")
    out: list[Posted] = []
    for i, block in enumerate(body):
        where = f"[{i}]."
        ds = datastream_ref(block, where)
        components = block.get("components")
        rows = block.get("dataArray")
        if not isinstance(components, list) or not {"phenomenonTime", "result"} <= set(components):
            raise InvalidInput(
                f"{where}components: list phenomenonTime and result", field=f"{where}components"
            )
        if not isinstance(rows, list):
            raise InvalidInput(f"{where}dataArray: an array of arrays", field=f"{where}dataArray")
        for j, row in enumerate(rows):
            at = f"{where}dataArray[{j}]."
            if not isinstance(row, list) or len(row) != len(components):
                raise InvalidInput(
                    f"{at[:-1]}: {len(components)} values, one per component", field=at[:-1]
                )
            values = dict(zip(components, row, strict=True))
            if "parameters/messageId" in values:  # the publisher's id, as a component
                values["parameters"] = {"messageId": values["parameters/messageId"]}
            out.append((at, ds, observation_item(values, at)))
    return out
