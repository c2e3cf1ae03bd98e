"""``/audit``: the change log, for staff."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.security.principal import StaffPrincipal
from layers.accounts.audit import audit_entries
from layers.registry import SUPER_ROLES, Registry
from models.auth import Role
from models.errors import Forbidden
from models.problem import problem_responses

router = APIRouter(tags=["audit"], responses=problem_responses(400, 401, 403, 404, 413, 503))


@router.get("/audit", summary="Ημερολόγιο αλλαγών / Audit log (staff)")
async def audit(
    request: Request,
    principal: StaffPrincipal,
    layer: Annotated[str | None, Query(max_length=64)] = None,
    feature_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    since: dt.datetime | None = None,
    before_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Who changed what and when, newest first (``before_id`` pages back). Each
    department reads the entries of the layers it edits; administrators read all."""
    registry = request.app.state.registry
    if layer is not None:
        registry.get(layer)
    allowed = audited_layers(registry, principal.roles)
    if layer is not None and allowed is not None and layer not in allowed:
        raise Forbidden(f"your roles do not allow reading the audit log of '{layer}'")
    async with request.app.state.pool.connection() as conn:
        entries = await audit_entries(
            conn,
            layer=layer,
            feature_id=feature_id,
            since=since,
            before_id=before_id,
            limit=limit,
            layers=allowed,
        )
    return [visible(request, entry, principal.roles) for entry in entries]


def audited_layers(registry: Registry, roles: frozenset[Role]) -> list[str] | None:
    """The layers whose audit entries ``roles`` may read (None: every layer, admins)."""
    if roles & SUPER_ROLES:
        return None
    return [spec.id for spec in registry if spec.edit_roles & roles]


def visible(request: Request, entry: dict[str, Any], roles: frozenset[Role]) -> dict[str, Any]:
    """The entry without the private attributes (or layers) these roles may not see."""
    registry = request.app.state.registry
    if entry["layer"] not in registry:
        return entry
    spec = registry.get(entry["layer"])
    if not spec.can_read(roles):
        return {**entry, "before": None, "after": None}
    hidden = {name for name, _ in spec.private_fields} - set(spec.for_roles(roles).property_names)
    for side in ("before", "after"):
        state = entry[side]
        if state and hidden:
            props = {k: v for k, v in state.get("properties", {}).items() if k not in hidden}
            entry[side] = {**state, "properties": props}
    return entry
