"""OGC API – Features Part 4 (create, replace, update, delete) on editable layers.

Every change is checked against the layer schema and the caller's roles, written with
its audit entry in one transaction, and guarded by ``If-Match`` (optimistic concurrency).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.responses import Response

from api.routes.ogc import ogc_errors
from api.security.access import layer_for_editing
from layers.editing.input import parse_feature
from layers.editing.store import change_feature, create_feature, delete_feature
from layers.ogc.crs import parse_crs
from models.audit import AuditAction
from models.errors import InvalidInput, PreconditionRequired

router = APIRouter(prefix="/ogc", include_in_schema=False)
ITEMS = "/collections/{collection_id}/items"
ITEM = "/collections/{collection_id}/items/{item_id}"
JSON_TYPES = ("application/geo+json", "application/json")


async def read_body(request: Request) -> Any:
    media = request.headers.get("content-type", "").split(";")[0].strip()
    if media not in JSON_TYPES:
        raise InvalidInput(
            f"Content-Type '{media}' is not accepted; send application/geo+json",
            field="Content-Type",
        )
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"body: not valid JSON ({exc})", field="body") from None


def content_crs(request: Request) -> Any:
    value = request.headers.get("content-crs")
    return parse_crs(value.strip().strip("<>") if value else None, field="Content-Crs")


def if_match(request: Request) -> str:
    value = request.headers.get("if-match")
    if not value:
        raise PreconditionRequired(
            "send If-Match with the ETag of the version you read (GET the feature first)"
        )
    return value


def item_url(request: Request, collection_id: str, fid: int | str) -> str:
    return f"{request.app.state.base_url}/ogc/collections/{collection_id}/items/{fid}"


@router.post(ITEMS)
async def create(request: Request, collection_id: str) -> Response:
    async def body() -> Response:
        spec, view, who = await layer_for_editing(request, collection_id)
        crs = content_crs(request)
        data = parse_feature(view, await read_body(request), crs=crs)
        fid, version = await create_feature(
            request.app.state.pool,
            spec,
            data,
            crs=crs,
            actor=(who.user_id, who.via),
        )
        return Response(
            status_code=201,
            headers={"Location": item_url(request, collection_id, fid), "ETag": f'"{version}"'},
        )

    return await ogc_errors(body)


async def _change(
    request: Request, collection_id: str, item_id: str, action: AuditAction
) -> Response:
    async def body() -> Response:
        spec, view, who = await layer_for_editing(request, collection_id)
        tag = if_match(request)
        crs = content_crs(request)
        partial = action is AuditAction.UPDATE
        data = parse_feature(view, await read_body(request), partial=partial, crs=crs)
        version = await change_feature(
            request.app.state.pool,
            spec,
            item_id,
            data,
            crs=crs,
            if_match=tag,
            actor=(who.user_id, who.via),
            action=action,
        )
        return Response(status_code=204, headers={"ETag": f'"{version}"'})

    return await ogc_errors(body)


@router.put(ITEM)
async def replace(request: Request, collection_id: str, item_id: str) -> Response:
    return await _change(request, collection_id, item_id, AuditAction.REPLACE)


@router.patch(ITEM)
async def update(request: Request, collection_id: str, item_id: str) -> Response:
    return await _change(request, collection_id, item_id, AuditAction.UPDATE)


@router.delete(ITEM)
async def delete(request: Request, collection_id: str, item_id: str) -> Response:
    async def body() -> Response:
        spec, _, who = await layer_for_editing(request, collection_id)
        await delete_feature(
            request.app.state.pool,
            spec,
            item_id,
            if_match=if_match(request),
            actor=(who.user_id, who.via),
        )
        return Response(status_code=204)

    return await ogc_errors(body)
