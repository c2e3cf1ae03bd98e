"""The layer registry: one declaration per published layer, the single source of truth.

The pygeoapi configuration, the OGC fast paths, the web map's layer tree, the importers'
OSM tag mapping, the demo loader and the catalogue are all generated from the
:class:`LayerSpec` objects that each enabled domain declares in its ``LAYERS``
(``layers/<domain>/__init__.py``), assembled by :func:`build_registry`.
"""

from layers.registry.domains import (
    DOMAINS,
    build_registry,
    default_registry,
    domain_layers,
    registry_for,
)
from layers.registry.spec import (
    SUPER_ROLES,
    Audience,
    LayerSpec,
    OsmRule,
    PropertySpec,
    RasterSpec,
    Registry,
    Style,
)
from layers.registry.text import Text

__all__ = [
    "DOMAINS",
    "SUPER_ROLES",
    "Audience",
    "LayerSpec",
    "OsmRule",
    "PropertySpec",
    "RasterSpec",
    "Registry",
    "Style",
    "Text",
    "build_registry",
    "default_registry",
    "domain_layers",
    "registry_for",
]
