"""Domain `payments`: payment orders with RF references, linked to the mapped object they
are for (a market stall today; parking, permits and fees later), and bank reconciliation.
It publishes no layer of its own: each domain shows what is paid on its own features."""

from __future__ import annotations

from layers.registry.spec import LayerSpec

LAYERS: tuple[LayerSpec, ...] = ()
