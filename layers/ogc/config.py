"""The pygeoapi configuration and OpenAPI document, generated from the layer registry.

Nothing here is hand-written YAML: every collection, its titles, keywords, extents,
CRS list and providers come from :mod:`layers.registry` and the data itself.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pyproj import Transformer

from layers.db.rasters import StoredRaster, raster_path, raster_present
from layers.ogc.crs import storage_uri, supported_uris
from layers.ogc.extents import Extent
from layers.ogc.provider import serve_registry
from layers.ogc.settings import ServiceSettings
from layers.registry import LayerSpec, RasterSpec, Registry
from layers.registry.text import Text
from models.licences import Licence, licence_for
from models.profile import MunicipalityProfile, Names

SYNTHETIC = Text(
    "Συνθετικά δεδομένα επίδειξης: δεν περιγράφουν την πραγματική πόλη.",
    "Synthetic demo data: they do not describe the real town.",
)
LANGUAGES = ["el", "en"]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
log = logging.getLogger(__name__)
MVT = {"name": "pbf", "mimetype": "application/vnd.mapbox-vector-tile"}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.isoformat()}T00:00:00Z"


def _both(names: Names | None) -> dict[str, str] | None:
    return None if names is None else names.as_dict()


def _metadata(profile: MunicipalityProfile) -> dict[str, Any]:
    """pygeoapi's service metadata: identification, licence, provider and contact, all
    from the municipality profile (texts per language as pygeoapi translates them)."""
    name, contact, licence = profile.name, profile.contact, profile.data_licence
    point_of_contact = {
        "name": contact.name.as_dict(),
        "address": contact.address,
        "city": _both(contact.city),
        "stateorprovince": _both(contact.region),
        "postalcode": contact.postcode,
        "country": contact.country.as_dict(),
        "email": contact.email,
        "phone": contact.phone,
        "url": contact.url or profile.website,
        "role": "pointOfContact",
    }
    return {
        "identification": {
            "title": {"el": f"Πολίς — {name.el}", "en": f"Polis — {name.en}"},
            "description": {
                "el": f"Ανοιχτά γεωχωρικά δεδομένα και υπηρεσίες OGC: {name.el}.",
                "en": f"Open geospatial data and OGC services: {name.en}.",
            },
            "keywords": {
                "el": [*profile.keywords.el, "GIS", "έξυπνη πόλη"],
                "en": [*profile.keywords.en, "GIS", "smart city"],
            },
            "keywords_type": "theme",
            "terms_of_service": licence.url,
            "url": profile.website,
        },
        "license": {"name": licence.title, "url": licence.url},
        "provider": {"name": f"{name.el} / {name.en}", "url": profile.website},
        "contact": {k: v for k, v in point_of_contact.items() if v is not None},
    }


def licence_link(licence: str | None, *, default: Licence) -> dict[str, str] | None:
    """The ``license`` link of a collection whose source states ``licence``.

    An SPDX id links to that licence's text; no licence means the municipality's
    (``default``); a URL links to itself; any other text has no link to give.
    """
    text = (licence or "").strip()
    found = default if not text else licence_for(text)
    if found is not None:
        return {"type": "text/html", "rel": "license", "title": found.id, "href": found.url}
    if text.startswith(("https://", "http://")):
        return {"type": "text/html", "rel": "license", "title": text, "href": text}
    return None


def resource(
    spec: LayerSpec,
    extent: Extent,
    *,
    dsn: str,
    base_url: str,
    source: tuple[str, bool, str | None] | None,
    registry_key: str,
    licence: Licence,
) -> dict[str, Any]:
    """The pygeoapi resource (collection) of one layer (its providers find the layer in
    the registry named ``registry_key``; ``licence`` is the municipality's, for data
    whose source names none)."""
    description = spec.description.as_dict()
    keywords = {
        "el": [k.el for k in spec.keywords],
        "en": [k.en for k in spec.keywords],
    }
    if source is not None and source[1]:
        description = {k: f"{v} {SYNTHETIC.get(k)}" for k, v in description.items()}
        keywords["el"].append("συνθετικά δεδομένα")
        keywords["en"].append("synthetic data")
    extents: dict[str, Any] = {
        "spatial": {"bbox": list(extent.bbox), "crs": storage_uri(4326)},
    }
    if spec.time_field:
        extents["temporal"] = {"begin": _iso(extent.begin), "end": _iso(extent.end)}
    providers: list[dict[str, Any]] = [
        {
            "type": "feature",
            "name": "layers.ogc.provider.PolisFeatureProvider",
            "data": dsn,
            "table": spec.id,
            "registry": registry_key,
            "id_field": "id",
            "geom_field": "geom",
            "time_field": spec.time_field,
            "title_field": spec.title_field,
            "storage_crs": storage_uri(spec.srid),
            "crs": supported_uris(),
            # Part 4 is served by Polis's own routes; this documents it in the OpenAPI.
            "editable": spec.editable,
        }
    ]
    if spec.tiles:
        providers.append(
            {
                "type": "tile",
                "name": "layers.ogc.provider.PolisTileProvider",
                "data": dsn,
                "table": spec.id,
                "registry": registry_key,
                "options": {
                    "zoom": {"min": 0, "max": 22},
                    "schemes": ["WebMercatorQuad"],
                },
                "format": MVT,
            }
        )
    out: dict[str, Any] = {
        "type": "collection",
        "title": spec.title.as_dict(),
        "description": description,
        "keywords": keywords,
        "extents": extents,
        "links": [
            {
                # GDAL's OAPIF driver types its fields from this schema, not from the
                # first page (where 120.0 would read as an integer).
                "type": "application/schema+json",
                "rel": "describedby",
                "title": "JSON Schema of the features / Σχήμα των αντικειμένων",
                "href": f"{base_url}/collections/{spec.id}/schema?f=json",
            }
        ],
        "providers": providers,
    }
    link = licence_link(source[2] if source is not None else None, default=licence)
    if link is not None:
        out["links"].append(link)
    return out


def build_config(
    settings: ServiceSettings,
    registry: Registry,
    extents: dict[str, Extent],
    sources: dict[str, tuple[str, bool, str | None]],
    rasters: Mapping[str, StoredRaster],
) -> dict[str, Any]:
    """The whole pygeoapi configuration (``rasters``: the database's raster catalogue)."""
    base = settings.public_url.rstrip("/")
    key = serve_registry(registry)
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": 8000},
            "url": f"{base}/ogc",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "gzip": False,
            "languages": LANGUAGES,
            "pretty_print": False,
            "limits": {
                "default_items": settings.default_limit,
                "max_items": settings.max_limit,
                "on_exceed": "error",
            },
            # Polis's own HTML templates and their static files: every browser asset is
            # served by Polis (npm-installed under /webmap/vendor), nothing from a CDN.
            "templates": {
                "path": str(Path(__file__).resolve().parents[2] / "webmap/pygeoapi_templates"),
                "static": str(
                    Path(__file__).resolve().parents[2] / "webmap/pygeoapi_templates/static"
                ),
            },
            # pygeoapi's own frame (pages that ignore the templates): our icon and logo.
            "icon": "/webmap/static/favicon.svg",
            "logo": "/webmap/static/favicon.svg",
            "map": {
                # No public tile server: the templates draw the basemap layers below,
                # tiled ones from this URL (``{layer}``: the collection), others as GeoJSON.
                "url": f"{base}/ogc/collections/{{layer}}/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}",
                "attribution": {
                    "el": "Υπόβαθρο: τα επίπεδα του Δήμου",
                    "en": "Basemap: the municipality's layers",
                },
                "basemap": [
                    {
                        "id": spec.id,
                        "title": spec.title.as_dict(),
                        "geometry": spec.geometry_type,
                        "style": dict(vars(spec.style)),
                        "tiles": spec.tiles,
                        "min_zoom": spec.tile_min_zoom if spec.tiles else 0,
                        "source": sources[spec.id][0] if spec.id in sources else None,
                    }
                    for spec in registry
                    if spec.basemap and spec.read_roles is None
                ],
            },
            "admin": False,
        },
        "logging": {"level": "ERROR"},
        "metadata": _metadata(settings.municipality),
        "resources": {
            spec.id: resource(
                spec,
                extents[spec.id],
                dsn=settings.dsn,
                base_url=f"{base}/ogc",
                source=sources.get(spec.id),
                registry_key=key,
                licence=settings.municipality.data_licence,
            )
            for spec in registry
            if spec.read_roles is None  # restricted layers: only the authorised JSON routes
        }
        | coverage_resources(settings, registry, rasters),
    }


def coverage_resources(
    settings: ServiceSettings, registry: Registry, rasters: Mapping[str, StoredRaster]
) -> dict[str, Any]:
    """A pygeoapi coverage resource (rasterio provider) for each registry raster that has a
    catalogue entry in ``rasters`` (:func:`layers.db.rasters.raster_catalogue`).

    The file is the entry's in the raster store (``settings.raster_dir``); an entry whose
    local file is missing (a store not shared with this server) is left out, with a
    warning. Descriptions say the source, or that the raster is synthetic.
    """
    out: dict[str, Any] = {}
    for raster in registry.rasters:
        entry = rasters.get(raster.id)
        if entry is None:
            continue
        data = raster_path(settings.raster_dir, entry.uri)
        if not raster_present(data):
            log.warning("raster '%s': %s is missing from the raster store", raster.id, data)
            continue
        out[raster.id] = coverage_resource(raster, entry, data)
    return out


def coverage_resource(raster: RasterSpec, entry: StoredRaster, data: str) -> dict[str, Any]:
    """The pygeoapi resource of one stored raster (its file at ``data``)."""
    description = raster.description
    if entry.synthetic:
        description = Text(f"{description.el} {SYNTHETIC.el}", f"{description.en} {SYNTHETIC.en}")
    elif entry.source:
        description = Text(
            f"{description.el} Πηγή: {entry.source}.", f"{description.en} Source: {entry.source}."
        )
    to_crs84 = Transformer.from_crs(entry.srid, "OGC:CRS84", always_xy=True)
    bbox = to_crs84.transform_bounds(*entry.bounds)
    return {
        "type": "collection",
        "title": raster.title.as_dict(),
        "description": description.as_dict(),
        "keywords": {
            "el": [k.el for k in raster.keywords],
            "en": [k.en for k in raster.keywords],
        },
        "extents": {"spatial": {"bbox": [round(v, 6) for v in bbox], "crs": CRS84}},
        "providers": [
            {
                "type": "coverage",
                "name": "rasterio",
                "data": data,
                "options": {"DATA_ENCODING": "COMPRESS=DEFLATE"},
                "format": {"name": "GTiff", "mimetype": "application/tiff"},
            }
        ],
    }


def write_config(config: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    """Write the config (YAML) and its OpenAPI document (JSON); return both paths."""
    from pygeoapi.openapi import get_oas

    directory.mkdir(parents=True, exist_ok=True)
    config_path = directory / "pygeoapi-config.yml"
    openapi_path = directory / "pygeoapi-openapi.json"
    _write_atomically(config_path, yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    oas = get_oas(config, fail_on_invalid_collection=True)
    _write_atomically(openapi_path, json.dumps(oas, ensure_ascii=False, default=str))
    return config_path, openapi_path


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader (another worker starting up) sees the
    old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as sink:
        sink.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
