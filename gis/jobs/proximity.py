"""``features-within-distance``: the features of one layer within N metres of a
geometry or of any feature of another layer, nearest first (PostGIS ``ST_DWithin`` on
the storage CRS, in metres, with the layers' spatial indexes). Quick: a synchronous
execution answers from the web process."""

from __future__ import annotations

from typing import Any, Self

import shapely.geometry
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gis.jobs.spec import JobContext, OutputSpec, ProcessSpec
from layers.jobs.sources import features_within
from layers.registry import Text

GEOJSON_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
)


class WithinInputs(BaseModel):
    """Inputs of ``features-within-distance``: ``geometry`` or ``near_layer``, not both."""

    model_config = ConfigDict(extra="forbid")
    layer: str = Field(title="Επίπεδο / Layer", description="the layer whose features are returned")
    distance: float = Field(
        gt=0, le=50_000, title="Απόσταση (m) / Distance (m)", description="metres, up to 50 km"
    )
    geometry: dict[str, Any] | None = Field(
        default=None,
        title="Γεωμετρία / Geometry",
        description="a GeoJSON geometry in CRS84 (longitude, latitude)",
    )
    near_layer: str | None = Field(
        default=None,
        title="Κοντά σε επίπεδο / Near layer",
        description="a layer: features near any of its features",
    )
    limit: int = Field(default=1000, ge=1, le=10_000, description="at most this many features")

    @field_validator("geometry")
    @classmethod
    def _geojson(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        if value.get("type") not in GEOJSON_TYPES:
            raise ValueError(f"a GeoJSON geometry has a type, one of {', '.join(GEOJSON_TYPES)}")
        try:
            geom = shapely.geometry.shape(value)
        except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
            raise ValueError(f"not a valid GeoJSON geometry ({exc})") from None
        if geom.is_empty or not geom.is_valid:
            raise ValueError("the geometry is empty or invalid")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ValueError("coordinates must be longitude, latitude (CRS84)")
        return value

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if (self.geometry is None) == (self.near_layer is None):
            raise ValueError("give exactly one of 'geometry' or 'near_layer'")
        return self


def within_distance(inputs: WithinInputs, context: JobContext) -> dict[str, Any]:
    """The features of ``inputs.layer`` within the distance, as a FeatureCollection."""
    registry = context.registry
    near = registry.get(inputs.near_layer) if inputs.near_layer else None
    with context.connection() as conn:
        features = features_within(
            conn,
            registry.get(inputs.layer),
            distance=inputs.distance,
            geometry=inputs.geometry,
            near=near,
            limit=inputs.limit,
        )
    return {"features": {"type": "FeatureCollection", "features": features}}


FEATURES_WITHIN_DISTANCE = ProcessSpec(
    id="features-within-distance",
    title=Text("Στοιχεία εντός απόστασης", "Features within distance"),
    description=Text(
        "Τα στοιχεία ενός επιπέδου σε απόσταση έως N μέτρα από μια γεωμετρία ή από "
        "στοιχεία άλλου επιπέδου, τα πλησιέστερα πρώτα.",
        "The features of a layer within N metres of a geometry or of the features of "
        "another layer, nearest first.",
    ),
    inputs=WithinInputs,
    outputs={
        "features": OutputSpec(
            Text("Στοιχεία", "Features"),
            {"type": "object", "contentMediaType": "application/geo+json"},
        )
    },
    run=within_distance,
    quick=True,
    layer_inputs=("layer", "near_layer"),
    keywords=("proximity", "buffer"),
)
