"""Domain `sensors`: live sensor data (OGC SensorThings v1.1). The layer is the latest
reading of every datastream at its thing's location, kept current by the ingest
(``layers.sensors.store.write_batch``) in the same transaction as the observations."""

from __future__ import annotations

from layers.registry.spec import EVERYONE, LayerSpec, Style, keywords
from layers.registry.text import Text
from models.sensors import SensorReading

#: The live channel (LISTEN/NOTIFY) on which the ingest announces changed readings.
LIVE_CHANNEL = "polis_live"

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="sensor_readings",
        model=SensorReading,
        title=Text("Αισθητήρες — τελευταίες τιμές", "Sensors — latest readings"),
        description=Text(
            "Η τελευταία μέτρηση κάθε ροής δεδομένων (στάθμη ποταμού, βροχή, καιρός, "
            "ποιότητα αέρα, μετρητές) στη θέση του αισθητήρα, ενημερωμένη ζωντανά.",
            "The latest observation of every datastream (river level, rain, weather, "
            "air quality, counters) at the sensor's location, updated live.",
        ),
        keywords=keywords(("αισθητήρες", "sensors"), ("ζωντανά δεδομένα", "live data")),
        audiences=EVERYONE,
        style=Style(color="#6a1b9a", fill="#ab47bc", radius=6),
        time_field="phenomenon_time",
        title_field="datastream",
        labels=(
            ("thing", Text("Σταθμός", "Station")),
            ("datastream", Text("Ροή δεδομένων", "Datastream")),
            ("observed_property", Text("Μέγεθος", "Observed property")),
            ("unit_symbol", Text("Μονάδα", "Unit")),
            ("result", Text("Τιμή", "Value")),
            ("phenomenon_time", Text("Χρόνος μέτρησης", "Observed at")),
        ),
    ),
)
