"""The synthetic demo town: a plausible Karditsa for trying Polis out (not real data).

``generate_demo(seed)`` returns every core layer's records in EPSG:2100;
:mod:`gis.demo.dem` makes the matching elevation model.
"""

from gis.demo.dem import synthetic_dem, write_cog
from gis.demo.generator import generate_demo

__all__ = ["generate_demo", "synthetic_dem", "write_cog"]
