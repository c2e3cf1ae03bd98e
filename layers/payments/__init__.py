"""Domain `payments`: payment orders with RF references, linked to the mapped object they
are for (a market stall today; parking, permits and fees later), and bank reconciliation.
It publishes no layer of its own: each domain shows what is paid on its own features."""

from __future__ import annotations

from layers.registry.spec import LayerSpec
from models.auth import Role

#: Departments whose fees are payment orders today (street markets); the domains that
#: come later add theirs.
PAYMENT_ROLES = frozenset({Role.MARKETS})

LAYERS: tuple[LayerSpec, ...] = ()
