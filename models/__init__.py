"""The Polis data model: SQLAlchemy 2 + GeoAlchemy2 tables, enums and errors. No I/O."""

from models.audit import AuditEntry
from models.auth import ApiKey, RefreshToken, User
from models.base import STORAGE_SRID, Base
from models.commerce import Business, MarketStall
from models.core import Boundary, Building, Neighbourhood, Road, Waterway
from models.green import GreenArea, PlantingPriority, PublicAsset, Tree, TreeInspection, WorkOrder
from models.hazards import FloodZone
from models.imports import FeatureKey
from models.jobs import Job
from models.metadata import LayerSource
from models.mobility import BarrierPhoto, BarrierReport, Crossing, ExtensionRequest, Footway
from models.parking import ParkingBay, ParkingZone
from models.participation import (
    Article,
    ArticlePlace,
    CensusEntry,
    Comment,
    ModerationEntry,
    PbBallot,
    PbBallotChoice,
    PbBudget,
    PbPhoto,
    PbProcess,
    PbProposal,
    PostalCode,
    Regulation,
    Report,
    Resident,
)
from models.rasters import RasterEntry
from models.sensors import (
    Datastream,
    Observation,
    ObservedProperty,
    RejectedMessage,
    SensorDevice,
    SensorLocation,
    SensorReading,
    SensorThing,
    SensorThingLocation,
)
from models.transit import GtfsRoute, GtfsShape, GtfsStop, GtfsStopTime, GtfsTrip, TransitStop

__all__ = [
    "Article",
    "ArticlePlace",
    "CensusEntry",
    "Comment",
    "ModerationEntry",
    "PbBallot",
    "PbBallotChoice",
    "PbBudget",
    "PbPhoto",
    "PbProcess",
    "PbProposal",
    "PostalCode",
    "Regulation",
    "Report",
    "Resident",
    "STORAGE_SRID",
    "ApiKey",
    "AuditEntry",
    "Base",
    "Boundary",
    "Building",
    "Business",
    "BarrierPhoto",
    "BarrierReport",
    "Crossing",
    "Datastream",
    "ExtensionRequest",
    "FeatureKey",
    "FloodZone",
    "Footway",
    "GreenArea",
    "GtfsRoute",
    "GtfsShape",
    "GtfsStop",
    "GtfsStopTime",
    "GtfsTrip",
    "Job",
    "LayerSource",
    "MarketStall",
    "Observation",
    "ObservedProperty",
    "Neighbourhood",
    "ParkingBay",
    "RasterEntry",
    "ParkingZone",
    "RefreshToken",
    "RejectedMessage",
    "Road",
    "SensorDevice",
    "SensorLocation",
    "SensorReading",
    "SensorThing",
    "SensorThingLocation",
    "TransitStop",
    "Tree",
    "PlantingPriority",
    "PublicAsset",
    "TreeInspection",
    "WorkOrder",
    "User",
    "Waterway",
]
