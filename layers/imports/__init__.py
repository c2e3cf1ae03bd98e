"""The database side of imports: keyed updates (OSM ids, boundary codes), GTFS tables."""

from layers.imports.sync import LayerChange, feature_count, key_counts, sync_layer

__all__ = ["LayerChange", "feature_count", "key_counts", "sync_layer"]
