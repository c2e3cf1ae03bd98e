"""Domain `participation`: participatory budgeting and consultation on regulations.

It publishes no OGC collection: proposals and the places articles apply to mix points,
lines and polygons, and moderation hides some of them, so they are served by the
domain's own routes (``/participation``, ``/consultations``) as GeoJSON. The statistics
read ``neighbourhoods``, ``flood_zones``, ``crossings`` and ``roads`` in SQL only.
"""

from __future__ import annotations

from layers.registry.spec import LayerSpec

LAYERS: tuple[LayerSpec, ...] = ()
DEPENDS: tuple[str, ...] = ()
