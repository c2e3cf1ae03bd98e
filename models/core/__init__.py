"""Domain `core`: the town's base — boundaries, neighbourhoods, roads, waterways, buildings."""

from models.core.boundaries import Boundary, Neighbourhood
from models.core.buildings import Building
from models.core.roads import Road
from models.core.water import Waterway

__all__ = ["Boundary", "Building", "Neighbourhood", "Road", "Waterway"]
