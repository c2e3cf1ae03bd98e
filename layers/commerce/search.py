"""Guide search in SQL: each word, folded (accents, case, final sigma) or as its
Greeklish key, must start a word of the business (``search_doc``, a GIN-indexed
``tsvector`` of both); a category; "open now" (Europe/Athens, public holidays); a walk
from a point (the routing module's walkshed when given, else a distance). Matches are
ranked by ``ts_rank``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection

from layers.commerce.moments import OPEN_SQL, Moment
from layers.db.records import fetch_dicts
from models.enums import BusinessCategory

#: Walking speed for "within N minutes' walk" as a distance (without a walkshed).
WALK_METRES_PER_MINUTE = 80.0
#: A business is within a walkshed when this close to its area (its door is off the
#: footway the walkshed reached).
WALKSHED_REACH_M = 30.0
MAX_WORDS = 8
_WORD = re.compile(r"[^\W_]+")
#: ``p.geom``: the point ``%(lon)s``/``%(lat)s`` in EPSG:2100 (NULL without one).
POINT = (
    "(SELECT CASE WHEN %(lon)s::float8 IS NULL THEN NULL ELSE ST_Transform(ST_SetSRID("
    "ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326), 2100) END AS geom) p"
)
SELECT = (
    "SELECT b.id, b.name_el, b.name_en, b.category, b.address, b.opening_hours, ("
    + OPEN_SQL
    + ") AS open_now, "
    "CASE WHEN p.geom IS NULL THEN NULL ELSE round(ST_Distance(b.geom, p.geom))::int END "
    "AS distance_m, ST_X(g.pt) AS lon, ST_Y(g.pt) AS lat "
    "FROM businesses b "
    "CROSS JOIN " + POINT + " "
    "CROSS JOIN LATERAL (SELECT ST_Transform(b.geom, 4326) AS pt) g"
)


@dataclass(frozen=True)
class GuideQuery:
    text: str = ""
    lon: float | None = None
    lat: float | None = None
    open_now: bool = False
    walk_minutes: float | None = None
    category: BusinessCategory | None = None
    #: The routing module's walkshed area (GeoJSON geometry, CRS84) for ``walk_minutes``;
    #: without it the walk is a distance.
    walkshed: str | None = None
    moment: Moment | None = None
    limit: int = 50

    def words(self) -> list[str]:
        return _WORD.findall(self.text)[:MAX_WORDS]


def _tsquery(query: GuideQuery, params: dict[str, Any]) -> str | None:
    """The words as one tsquery: each word's folded or Greeklish form, as a prefix."""
    terms = []
    for i, word in enumerate(query.words()):
        params[f"w{i}"] = word
        terms.append(
            f"(to_tsquery('simple', polis_fold(%(w{i})s) || ':*') || "
            f"to_tsquery('simple', polis_greeklish(%(w{i})s) || ':*'))"
        )
    return f"({' && '.join(terms)})" if terms else None


def _where(query: GuideQuery, params: dict[str, Any]) -> list[str]:
    where = []
    words = _tsquery(query, params)
    if words is not None:
        where.append(f"b.search_doc @@ {words}")
    if query.category is not None:
        params["category"] = query.category.value
        where.append("b.category = %(category)s")
    if query.open_now:
        where.append(f"({OPEN_SQL}) IS TRUE")
    if query.walkshed is not None:
        params["walkshed"] = query.walkshed
        params["reach"] = WALKSHED_REACH_M
        where.append(
            "ST_DWithin(b.geom, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%(walkshed)s), "
            "4326), 2100), %(reach)s)"
        )
    elif query.walk_minutes is not None:
        params["radius"] = query.walk_minutes * WALK_METRES_PER_MINUTE
        where.append("ST_DWithin(b.geom, p.geom, %(radius)s)")
    return where


async def search_businesses(conn: AsyncConnection[Any], query: GuideQuery) -> list[dict[str, Any]]:
    """Matching businesses (best match first, then nearest), with ``open_now`` and
    ``distance_m`` (when a point is given) and CRS84 ``lon``/``lat``."""
    moment = query.moment or Moment.at(None)
    params: dict[str, Any] = {
        **moment.params(),
        "lon": query.lon,
        "lat": query.lat,
        "limit": query.limit,
    }
    where = _where(query, params)
    order = []
    words = _tsquery(query, params)
    if words is not None:
        order.append(f"ts_rank(b.search_doc, {words}) DESC")
    if query.lon is not None:
        order.append("b.geom <-> p.geom")
    order.append("b.id")
    statement = " ".join(
        (
            SELECT,
            "WHERE",
            " AND ".join(where) or "TRUE",
            "ORDER BY",
            ", ".join(order),
            "LIMIT %(limit)s",
        )
    )
    return await fetch_dicts(conn, statement, params)
