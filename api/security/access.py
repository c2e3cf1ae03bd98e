"""Read and edit permissions of layers, checked on every route that serves them."""

from __future__ import annotations

from fastapi import Request

from api.security.principal import Principal, resolve_principal
from layers.registry import LayerSpec
from models.errors import Forbidden, Unauthorized


def readable(spec: LayerSpec, principal: Principal) -> LayerSpec:
    """The layer as ``principal`` may see it (private attributes removed); 401/403 when
    the layer is not theirs to read."""
    if not spec.can_read(principal.roles):
        if not principal.authenticated:
            raise Unauthorized(f"collection '{spec.id}' requires signing in")
        raise Forbidden(f"your roles do not allow reading '{spec.id}'")
    return spec.for_roles(principal.roles)


async def layer_for_reading(request: Request, collection_id: str) -> LayerSpec:
    """Resolve the caller and the collection; the view of the layer they may read."""
    principal = await resolve_principal(request)
    return readable(request.app.state.registry.get(collection_id), principal)


async def layer_for_editing(
    request: Request, collection_id: str
) -> tuple[LayerSpec, LayerSpec, Principal]:
    """(full layer, the caller's view of it, caller) for a Part 4 change; 401/403 otherwise.
    Edits are rate-limited per account."""
    state = request.app.state
    principal = await resolve_principal(request)
    spec = state.registry.get(collection_id)
    view = readable(spec, principal)
    if not principal.authenticated:
        raise Unauthorized(f"sign in to edit '{spec.id}'")
    if not spec.editable:
        raise Forbidden(f"collection '{spec.id}' is read-only")
    if not spec.can_edit(principal.roles):
        raise Forbidden(f"your roles do not allow editing '{spec.id}'")
    state.limits.take("write", str(principal.user_id))
    return spec, view, principal
