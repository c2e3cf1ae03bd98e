"""Bookkeeping of imports: which source object each imported feature came from."""

from __future__ import annotations

from sqlalchemy import Integer, PrimaryKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class FeatureKey(Base):
    """The source key of an imported feature, so that a re-import updates it in place.

    ``namespace`` names the source family (``osm``, ``boundary``); ``key`` is the
    object's identity there (``w123`` for OSM way 123, a Kallikratis code, ...).
    """

    __tablename__ = "feature_keys"
    __table_args__ = (
        PrimaryKeyConstraint("layer_id", "namespace", "key"),
        UniqueConstraint("layer_id", "feature_id", name="uq_feature_keys_layer_feature"),
    )

    layer_id: Mapped[str] = mapped_column(String(64), nullable=False)
    namespace: Mapped[str] = mapped_column(String(32), nullable=False)
    key: Mapped[str] = mapped_column(String(128), nullable=False)
    feature_id: Mapped[int] = mapped_column(Integer, nullable=False)
