"""The shared web map: folium/Leaflet pages per audience, generated from the layer registry.

The pages carry only the registry's metadata (titles, styles, labels); every feature is
fetched live by the browser from Polis's own OGC API. Third-party browser assets
(Leaflet, Leaflet.VectorGrid) are installed by ``setup.sh`` with npm and never committed.
"""
