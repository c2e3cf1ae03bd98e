"""OGC SensorThings API v1.1, read part: ``/sensorthings/v1.1`` with Things, Locations,
Sensors, ObservedProperties, Datastreams, Observations, navigation (``Things(1)/
Datastreams``), ``$top``, ``$skip``, ``$orderby``, ``$filter``, ``$expand``, ``$count``
and ``@iot.nextLink``. Sensor data is public, like the ``sensor_readings`` layer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Request
from starlette.responses import Response

from api.deps import PoolDep
from layers.sensors.sta import (
    DEFAULT_TOP,
    MAX_TOP,
    SETS,
    Options,
    Scope,
    entity_set,
    parse_orderby,
    read_rows,
)
from models.errors import InvalidParameter, NotFound
from models.problem import problem_responses

ROOT = "/sensorthings/v1.1"
router = APIRouter(prefix=ROOT, tags=["SensorThings API / Αισθητήρες"])
_SEGMENT = re.compile(r"^([A-Za-z]+)(?:\((\d+)\))?$")
#: Deepest ``$expand`` nesting.
MAX_EXPAND_DEPTH = 3


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


def base_url(request: Request) -> str:
    return f"{request.app.state.base_url}{ROOT}"


@router.get("", summary="Entity sets / Σύνολα οντοτήτων")
async def landing(request: Request) -> Response:
    base = base_url(request)
    return json_response(
        {
            "value": [{"name": name, "url": f"{base}/{name}"} for name in SETS],
            "serverSettings": {
                "conformance": [
                    "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
                    "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
                    "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
                    "http://www.opengis.net/spec/iot_sensing/1.1/req/create-observations-via-mqtt/observations-creation",
                    "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
                ]
            },
        }
    )


@router.get(
    "/{path:path}",
    summary="Entities, navigation and queries / Οντότητες και ερωτήματα",
    responses=problem_responses(400, 404),
)
async def read(request: Request, path: str, pool: PoolDep) -> Response:
    scope, single = resolve_path(path)
    params = dict(request.query_params)
    options = query_options(params, scope)
    expand = parse_expand(params.get("$expand", ""), scope, 0)
    async with pool.connection() as conn:
        rows, total, more = await read_rows(conn, scope, options)
        for row in rows:
            await expand_row(conn, row, scope, expand, request)
    for row in rows:
        decorate(row, scope, request)
    if single:
        if not rows:
            raise NotFound(f"{path} does not exist", field="path")
        return json_response(rows[0])
    body: dict[str, Any] = {}
    if total is not None:
        body["@iot.count"] = total
    body["value"] = rows
    if more:
        query = {**params, "$top": str(options.top), "$skip": str(options.skip + options.top)}
        body["@iot.nextLink"] = f"{base_url(request)}/{path}?{urlencode(query, safe='$')}"
    return json_response(body)


def resolve_path(path: str) -> tuple[Scope, bool]:
    """The rows a resource path names, and whether it names one entity."""
    segments = [s for s in path.strip("/").split("/") if s]
    if not segments:
        raise NotFound("empty resource path", field="path")
    scope: Scope | None = None
    single = False
    for segment in segments:
        found = _SEGMENT.match(segment)
        if found is None:
            raise NotFound(f"'{segment}' is not an entity set or navigation property", field="path")
        name, ident = found.group(1), found.group(2)
        if scope is None:
            scope, single = Scope(entity_set(name)), False
        else:
            if not single:
                raise NotFound(
                    f"'{segment}' follows a collection; name one entity first", field="path"
                )
            scope, many = scope.navigate(name)
            single = not many
        if ident is not None:
            scope, single = scope.with_id(int(ident)), True
    assert scope is not None
    return scope, single


def _integer(params: Mapping[str, str], name: str, default: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) > high:
        raise InvalidParameter(name, f"an integer from 0 to {high} is required, not '{raw}'")
    return int(raw)


def query_options(params: Mapping[str, str], scope: Scope) -> Options:
    count = params.get("$count", "false")
    if count not in ("true", "false"):
        raise InvalidParameter("$count", "true or false")
    orderby = params.get("$orderby")
    return Options(
        top=_integer(params, "$top", DEFAULT_TOP, MAX_TOP),
        skip=_integer(params, "$skip", 0, 10_000_000),
        count=count == "true",
        orderby=parse_orderby(orderby, scope.entity) if orderby else (),
        filter=params.get("$filter") or None,
    )


# ---------------------------------------------------------------------- $expand
type Expand = list[tuple[str, dict[str, str], Expand]]


def split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise InvalidParameter("$expand", "unbalanced parentheses")
        if ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if depth:
        raise InvalidParameter("$expand", "unbalanced parentheses")
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_expand(text: str, scope: Scope, depth: int) -> Expand:
    """``Nav($top=1;$orderby=...),Nav/Nav`` → [(nav, options, nested)]."""
    if not text:
        return []
    if depth >= MAX_EXPAND_DEPTH:
        raise InvalidParameter("$expand", f"nested deeper than {MAX_EXPAND_DEPTH}")
    out: Expand = []
    for item in split_top(text, ","):
        head, _, rest = item.partition("/") if "(" not in item.split("/")[0] else (item, "", "")
        name, _, opts = head.partition("(")
        options: dict[str, str] = {}
        for part in split_top(opts[:-1], ";") if opts else []:
            key, eq, value = part.partition("=")
            if not eq or not key.startswith("$"):
                raise InvalidParameter("$expand", f"'{part}' is not $option=value")
            options[key] = value
        target, _ = scope.navigate(name.strip())
        nested = parse_expand(options.pop("$expand", ""), target, depth + 1)
        if rest:
            nested += parse_expand(rest, target, depth + 1)
        query_options(options, target)  # checked now: a bad option is a 400 before any read
        out.append((name.strip(), options, nested))
    return out


async def expand_row(
    conn: Any, row: dict[str, Any], scope: Scope, expand: Expand, request: Request
) -> None:
    for name, options, nested in expand:
        target, many = scope.with_id(row["id"]).navigate(name)
        rows, _, _ = await read_rows(conn, target, query_options(options, target))
        for child in rows:
            await expand_row(conn, child, target, nested, request)
            decorate(child, target, request)
        row[name] = rows if many else (rows[0] if rows else None)


def decorate(row: dict[str, Any], scope: Scope, request: Request) -> None:
    """``@iot.id``, ``@iot.selfLink`` and the navigation links of one entity."""
    if "@iot.id" in row:
        return
    ident = row.pop("id")
    self_link = f"{base_url(request)}/{scope.entity.name}({ident})"
    head = {"@iot.id": ident, "@iot.selfLink": self_link}
    links = {f"{nav}@iot.navigationLink": f"{self_link}/{nav}" for nav in scope.entity.navs}
    rest = dict(row)
    row.clear()
    row.update(head)
    row.update(rest)
    for key, value in links.items():
        row.setdefault(key, value)
