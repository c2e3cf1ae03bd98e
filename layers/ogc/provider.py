"""pygeoapi providers backed by the layer registry (loaded by dotted path from the config).

They serve the routes pygeoapi renders itself (HTML pages, queryables, tile metadata)
with the same SQL as Polis's JSON fast path (:mod:`layers.ogc.features`, :mod:`layers.ogc.tiles`).
"""

from __future__ import annotations

import hashlib
import json
from http import HTTPStatus
from typing import Any

from pygeoapi.models.provider.base import LinkType, TileMatrixSetEnum, TileSetMetadata
from pygeoapi.provider.base import (
    BaseProvider,
    ProviderConnectionError,
    ProviderInvalidQueryError,
    ProviderItemNotFoundError,
    ProviderQueryError,
)
from pygeoapi.provider.base_mvt import BaseMVTProvider
from pygeoapi.provider.tile import ProviderTileNotFoundError

from layers.db.pools import shared_sync_pool
from layers.ogc.crs import DEFAULT, parse_crs
from layers.ogc.features import fetch_item_sync, fetch_items_sync
from layers.ogc.params import MAX_OFFSET, FeatureQuery, coerce, parse_datetime
from layers.ogc.tiles import TMS_ID, check_tile, fetch_tile_sync
from layers.registry import LayerSpec, Registry
from models.errors import (
    DatabaseUnavailable,
    InvalidParameter,
    NotFound,
    PolisError,
    QueryTimeout,
)

#: Largest page the provider builds for pygeoapi's HTML (the JSON path has its own cap).
MAX_BYTES = 32_000_000


class ProviderUnavailable(ProviderConnectionError):
    """The database cannot answer right now: 503 (pygeoapi renders the status)."""

    ogc_exception_code = "ServiceUnavailable"
    http_status_code = HTTPStatus.SERVICE_UNAVAILABLE


def provider_error(exc: PolisError) -> Exception:
    """pygeoapi's exception for a Polis error (pygeoapi maps these to statuses)."""
    if isinstance(exc, NotFound):
        return ProviderItemNotFoundError(user_msg=exc.message)
    if isinstance(exc, DatabaseUnavailable | QueryTimeout):
        return ProviderUnavailable(user_msg=exc.message)
    return ProviderInvalidQueryError(user_msg=exc.message)


#: The registries this process serves, by the key written into each provider's
#: configuration (:func:`serve_registry`): pygeoapi builds providers from that
#: configuration alone, so this is how they find the registry ``create_app`` was given.
_REGISTRIES: dict[str, Registry] = {}


def serve_registry(registry: Registry) -> str:
    """Make ``registry`` reachable by the providers; returns the key their configuration
    names it by. The key depends only on the registry's collections, so every worker of
    one installation writes the same configuration (they share its file)."""
    names = ",".join([*registry.ids(), *(r.id for r in registry.rasters)])
    key = f"registry-{hashlib.sha256(names.encode()).hexdigest()[:12]}"
    _REGISTRIES[key] = registry
    return key


def queryable_fields(spec: LayerSpec) -> dict[str, dict[str, Any]]:
    """pygeoapi's ``fields`` mapping (name -> JSON schema) of a layer."""
    out: dict[str, dict[str, Any]] = {}
    for prop in spec.properties:
        field: dict[str, Any] = {"type": prop.type, "title": prop.title.en}
        if prop.format:
            field["format"] = prop.format
        if prop.enum:
            field["values"] = list(prop.enum)
        out[prop.name] = field
    return out


def anonymous_view(provider_def: dict[str, Any]) -> LayerSpec:
    """The layer of a provider as anonymous visitors see it (pygeoapi serves them:
    private attributes removed; restricted layers are not in its configuration at all),
    from the registry the configuration names."""
    registry = _REGISTRIES.get(provider_def.get("registry", ""))
    if registry is None:
        raise ProviderConnectionError(user_msg="this layer's registry is not loaded")
    return registry.get(provider_def["table"]).for_roles(frozenset())


class PolisFeatureProvider(BaseProvider):
    """OGC API – Features provider of one registry layer (``table:`` is the layer id)."""

    def __init__(self, provider_def: dict[str, Any]) -> None:
        super().__init__(provider_def)
        self.spec = anonymous_view(provider_def)
        self.id_field = "id"
        self.time_field = self.spec.time_field
        self.title_field = self.spec.title_field
        self._fields = queryable_fields(self.spec)

    def get_fields(self) -> dict[str, dict[str, Any]]:
        return self._fields

    def _pool(self) -> Any:
        return shared_sync_pool(self.data)

    def query(
        self,
        offset: int = 0,
        limit: int = 10,
        resulttype: str = "results",
        bbox: list[float] | None = None,
        datetime_: str | None = None,
        properties: list[tuple[str, Any]] | None = None,
        sortby: list[dict[str, str]] | None = None,
        select_properties: list[str] | None = None,
        skip_geometry: bool = False,
        q: str | None = None,
        filterq: Any = None,
        crs_transform_spec: Any = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """A page of features as a GeoJSON FeatureCollection dict."""
        try:
            if not 0 <= offset <= MAX_OFFSET:
                raise InvalidParameter("offset", f"must be between 0 and {MAX_OFFSET}")
            query = FeatureQuery(
                limit=limit,
                offset=offset,
                bbox=tuple(bbox) if bbox else None,  # type: ignore[arg-type]
                bbox_crs=parse_crs(f"EPSG:{self.spec.srid}"),
                interval=parse_datetime(datetime_) if datetime_ else None,
                equals=tuple((k, coerce(self.spec.property(k), v)) for k, v in properties or ()),
                filter=_to_cql2_json(filterq) if filterq is not None else None,
                sortby=tuple((s["property"], s.get("order") == "-") for s in sortby or ()),
                properties=tuple(select_properties) if select_properties else None,
                skip_geometry=skip_geometry,
                crs=_target_crs(crs_transform_spec),
            )
            page = fetch_items_sync(self._pool(), self.spec, query, max_bytes=MAX_BYTES)
        except PolisError as exc:
            raise provider_error(exc) from None
        collection = json.loads(b'{"type":"FeatureCollection","features":[' + page.features + b"]}")
        collection["numberMatched"] = page.matched
        collection["numberReturned"] = page.returned
        return collection

    def get(self, identifier: Any, **kwargs: Any) -> dict[str, Any]:
        """One feature as a GeoJSON dict."""
        try:
            crs = _target_crs(kwargs.get("crs_transform_spec"))
            text = fetch_item_sync(self._pool(), self.spec, str(identifier), crs)
        except PolisError as exc:
            raise provider_error(exc) from None
        feature: dict[str, Any] = json.loads(text)
        return feature

    def __repr__(self) -> str:
        return f"<PolisFeatureProvider {self.spec.id}>"


class PolisTileProvider(BaseMVTProvider):
    """Mapbox Vector Tiles (WebMercatorQuad) of one registry layer."""

    def __init__(self, provider_def: dict[str, Any]) -> None:
        super().__init__(provider_def)
        self.spec = anonymous_view(provider_def)
        self._service_url = ""
        self._service_metadata_url = ""

    def get_layer(self) -> str:
        return self.spec.id

    def get_fields(self) -> dict[str, dict[str, Any]]:
        return queryable_fields(self.spec)

    def get_tiling_schemes(self) -> list[Any]:
        return [TileMatrixSetEnum.WEBMERCATORQUAD.value]

    def get_tiles_service(
        self,
        baseurl: str | None = None,
        servicepath: str | None = None,
        dirpath: str | None = None,
        tile_type: str | None = None,
    ) -> dict[str, Any]:
        self._service_url = servicepath or ""
        links: dict[str, Any] = self.get_tms_links()
        return links

    def get_tiles(
        self,
        layer: str | None = None,
        tileset: str | None = None,
        z: Any = None,
        y: Any = None,
        x: Any = None,
        format_: str | None = None,
    ) -> bytes | None:
        try:
            zi, yi, xi = int(z), int(y), int(x)
            check_tile(self.spec, tileset or TMS_ID, zi, yi, xi)
        except (ValueError, InvalidParameter, NotFound):
            raise ProviderTileNotFoundError from None
        try:
            return fetch_tile_sync(shared_sync_pool(self.data), self.spec, zi, yi, xi) or None
        except PolisError as exc:
            raise provider_error(exc) from None

    def get_html_metadata(
        self,
        dataset: str,
        server_url: str,
        layer: str,
        tileset: str,
        title: str,
        description: str,
        keywords: list[str],
        **kwargs: Any,
    ) -> dict[str, Any]:
        """What pygeoapi's tile set HTML template shows: the tile URL and the JSON."""
        base = f"{server_url}/collections/{dataset}/tiles/{tileset}"
        return {
            "id": dataset,
            "title": title,
            "tileset": tileset,
            "collections_path": base + "/{tileMatrix}/{tileRow}/{tileCol}?f=mvt",
            "json_url": f"{base}/metadata?f=json",
        }

    def get_metadata(
        self,
        dataset: str,
        server_url: str,
        layer: str | None = None,
        tileset: str | None = None,
        metadata_format: str | None = None,
        title: str | None = None,
        description: str | None = None,
        keywords: list[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Tile set metadata; JSON when no (or no known) format is asked for, where
        pygeoapi's own method fails."""
        fmt = (metadata_format or "json").lower()
        if fmt not in ("json", "tilejson", "html", "jsonld"):
            fmt = "json"
        result: dict[str, Any] = super().get_metadata(
            dataset, server_url, layer, tileset, fmt, title, description, keywords, **kwargs
        )
        return result

    def get_default_metadata(
        self,
        dataset: str,
        server_url: str,
        layer: str,
        tileset: str,
        title: str,
        description: str,
        keywords: list[str],
        **kwargs: Any,
    ) -> dict[str, Any]:
        scheme = TileMatrixSetEnum.WEBMERCATORQUAD.value
        content = TileSetMetadata(
            title=title,
            description=description,
            keywords=keywords,
            crs=scheme.crs,
            tileMatrixSetURI=scheme.tileMatrixSetURI,
        )
        content.links = [
            LinkType(
                href=f"{server_url}/TileMatrixSets/{scheme.tileMatrixSet}",
                rel="http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme",
                type="application/json",
                title=f"{scheme.tileMatrixSet} tile matrix set definition",
            ),
            LinkType(
                href=f"{server_url}/collections/{dataset}/tiles/{tileset}"
                "/{tileMatrix}/{tileRow}/{tileCol}?f=mvt",
                rel="item",
                type="application/vnd.mapbox-vector-tile",
                title=f"{tileset} vector tiles for {layer}",
            ),
        ]
        result: dict[str, Any] = content.model_dump(exclude_none=True, by_alias=True)
        return result

    def __repr__(self) -> str:
        return f"<PolisTileProvider {self.spec.id}>"


def _target_crs(spec: Any) -> Any:
    uri = getattr(spec, "target_crs_uri", None)
    return parse_crs(uri) if uri else DEFAULT


def _to_cql2_json(ast: Any) -> dict[str, Any]:
    """A pygeofilter AST (what pygeoapi parsed) as canonical CQL2 JSON."""
    from pygeofilter.backends.cql2_json import to_cql2

    try:
        tree: dict[str, Any] = json.loads(to_cql2(ast))
    except Exception as exc:  # pygeofilter raises bare exceptions on unsupported nodes
        raise ProviderQueryError(user_msg=f"filter not supported: {exc}") from None
    return tree
