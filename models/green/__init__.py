"""Urban green and public spaces: inventory, work orders, planning results."""

from models.green.enums import (
    INSPECTION_MONTHS,
    ORDER_TRANSITIONS,
    AssetCondition,
    AssetKind,
    OrderKind,
    OrderSource,
    OrderStatus,
    RiskRating,
)
from models.green.inventory import (
    BenefitParameter,
    GreenArea,
    Photo,
    PublicAsset,
    Species,
    Tree,
    TreeInspection,
)
from models.green.orders import Crew, OrderEvent, WorkOrder
from models.green.planning import PlantingPriority, PriorityClass

__all__ = [
    "INSPECTION_MONTHS",
    "ORDER_TRANSITIONS",
    "AssetCondition",
    "AssetKind",
    "BenefitParameter",
    "Crew",
    "GreenArea",
    "OrderEvent",
    "OrderKind",
    "OrderSource",
    "OrderStatus",
    "Photo",
    "PlantingPriority",
    "PriorityClass",
    "PublicAsset",
    "RiskRating",
    "Species",
    "Tree",
    "TreeInspection",
    "WorkOrder",
]
