"""Domain `hazards`: Early warning of floods, fires and earthquakes: hazard layers and the rasters they rest on."""

from __future__ import annotations

from layers.registry.spec import Audience, LayerSpec, RasterSpec, Style, keywords
from layers.registry.text import Text
from models import FloodZone

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="flood_zones",
        model=FloodZone,
        title=Text("Ζώνες πλημμύρας", "Flood zones"),
        description=Text(
            "Πλημμυρικές ζώνες ανά σενάριο και περίοδο επαναφοράς.",
            "Flood zones by scenario and return period.",
        ),
        keywords=keywords(("πλημμύρα", "flood"), ("πολιτική προστασία", "civil protection")),
        audiences=frozenset({Audience.CITIZENS, Audience.CIVIL_PROTECTION, Audience.STAFF}),
        style=Style(color="#0d47a1", fill="#42a5f5", weight=0.8, fill_opacity=0.35),
        title_field="scenario",
    ),
)

#: The terrain rasters (``polis import dem``, or the demo's synthetic DEM), served as
#: OGC API – Coverages; the hazard outputs to come are declared here too.
RASTERS: tuple[RasterSpec, ...] = (
    RasterSpec(
        id="dem",
        title=Text("Ψηφιακό μοντέλο εδάφους", "Digital elevation model"),
        description=Text(
            "Υψόμετρο εδάφους (m), ΕΓΣΑ87, Cloud-Optimised GeoTIFF.",
            "Ground elevation (m), Greek Grid (EPSG:2100), Cloud-Optimised GeoTIFF.",
        ),
        keywords=keywords(("υψόμετρο", "elevation"), ("DEM", "DEM")),
        unit="m",
    ),
    RasterSpec(
        id="slope",
        title=Text("Κλίση εδάφους", "Slope"),
        description=Text(
            "Κλίση εδάφους (μοίρες) από το ψηφιακό μοντέλο εδάφους.",
            "Terrain slope (degrees) derived from the elevation model.",
        ),
        keywords=keywords(("κλίση", "slope"), ("DEM", "DEM")),
        unit="degrees",
    ),
)
