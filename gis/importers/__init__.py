"""Importers of real data: vector files, boundaries, OpenStreetMap, DEM tiles, GTFS feeds.

Readers are pure functions producing layer records (EPSG:2100 shapely geometries);
:mod:`gis.importers.jobs` runs each import as one transaction through :mod:`layers`.
"""
