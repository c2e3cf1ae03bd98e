"""Domain ``mobility``: the pedestrian network, barrier reports, crossing extension
requests (``tables``) and the routing requests' schemas (``schemas``)."""

from models.mobility.tables import (
    EXTENSION_MAX_S,
    EXTENSION_MIN_S,
    BarrierPhoto,
    BarrierReport,
    Crossing,
    ExtensionRequest,
    Footway,
)

__all__ = [
    "EXTENSION_MAX_S",
    "EXTENSION_MIN_S",
    "BarrierPhoto",
    "BarrierReport",
    "Crossing",
    "ExtensionRequest",
    "Footway",
]
