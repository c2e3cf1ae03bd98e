"""The OGC API data path: query parameters, CRSs, CQL2, bound SQL parameters, features
and tiles built in SQL, extents, and the pygeoapi configuration and providers."""
