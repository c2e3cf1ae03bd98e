"""What the page script needs to know about each layer, derived from the registry.

Only metadata: titles, styles, attribute labels, value labels and the OGC URLs to fetch
from. Features themselves are always fetched live from the OGC API.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from layers.registry import Audience, LayerSpec, Registry

#: Page size of a GeoJSON request for the view (the API's maximum page).
VIEW_LIMIT = 10000
#: Vector tiles are drawn 512 px wide, one zoom level below the map's: a quarter of the
#: requests of 256 px tiles (browsers open only six connections per server).
TILE_SIZE = 512
TILE_ZOOM_OFFSET = -1


def value_labels(spec: LayerSpec) -> dict[str, dict[str, dict[str, str]]]:
    """Greek/English labels of enumerated values: ``{column: {value: {el, en}}}``."""
    return spec.value_labels()


def layer_config(spec: LayerSpec, *, ogc_url: str) -> dict[str, Any]:
    """The page-script description of ``spec`` (JSON-ready)."""
    items = f"{ogc_url}/collections/{spec.id}/items"
    search_fields = [f for f in (spec.title_field, "name_en") if f in spec.property_names]
    return {
        "id": spec.id,
        "title": spec.title.as_dict(),
        "description": spec.description.as_dict(),
        "geometry": spec.geometry_type,
        "style": asdict(spec.style),
        "tiles": (
            f"{ogc_url}/collections/{spec.id}/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}"
            if spec.tiles and spec.read_roles is None  # restricted: GeoJSON with a token
            else None
        ),
        # Read only by some roles: asked for with a signed-in member of staff's token only.
        "restricted": spec.read_roles is not None,
        # The map zoom from which the tiles hold data (the API answers 204 below).
        "minZoom": spec.tile_min_zoom - TILE_ZOOM_OFFSET if spec.tiles else 0,
        "tileSize": TILE_SIZE,
        "zoomOffset": TILE_ZOOM_OFFSET,
        "items": items,
        "limit": VIEW_LIMIT,
        "visible": spec.default_visible,
        "basemap": spec.basemap,
        "searchFields": search_fields if spec.searchable else [],
        "searchUrl": spec.search_url if spec.searchable else None,
        "titleField": spec.title_field,
        "properties": [
            {"name": p.name, "type": p.type, "label": p.title.as_dict()} for p in spec.properties
        ],
        "values": value_labels(spec),
    }


def audience_layers(
    registry: Registry, audience: Audience, *, ogc_url: str
) -> list[dict[str, Any]]:
    """Configurations of the layers ``audience`` sees, in registry (drawing) order."""
    return [layer_config(s, ogc_url=ogc_url) for s in registry.for_audience(audience)]
