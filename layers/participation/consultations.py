"""Consultations on regulations: drafts with their articles, places, comments, answers
and final texts; "what affects my street?" as a spatial query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import psycopg

from layers.participation.rows import INPUT_ERRORS, as_dicts, input_error
from models.errors import InvalidInput, NotFound
from models.participation.enums import Answer, PlaceKind, Stance


async def create_regulation(
    conn: psycopg.AsyncConnection,
    *,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    source_name: str | None,
    articles: Sequence[tuple[str | None, str, str, str]],
) -> int:
    """Insert a draft with its articles ((chapter, number, title, text), in order) in one
    transaction; returns its id."""
    async with conn.transaction():
        try:
            cur = await conn.execute(
                "INSERT INTO regulations (title, opens_at, closes_at, source_name) "
                "VALUES (%s, %s, %s, %s) RETURNING id",
                (title, opens_at, closes_at, source_name),
            )
        except INPUT_ERRORS as exc:
            raise input_error(exc, "closes_at") from None
        row = await cur.fetchone()
        assert row is not None
        for position, (chapter, number, heading, text) in enumerate(articles, start=1):
            await conn.execute(
                "INSERT INTO reg_articles (regulation_id, position, chapter, number, title, "
                "draft_text) VALUES (%s, %s, %s, %s, %s, %s)",
                (row[0], position, chapter, number, heading, text),
            )
    return int(row[0])


async def regulation(conn: psycopg.AsyncConnection, regulation_id: int) -> dict[str, Any]:
    """A regulation with its articles (and each article's visible comments and places)."""
    cur = await conn.execute("SELECT * FROM regulations WHERE id = %s", (regulation_id,))
    rows = as_dicts(cur, await cur.fetchall())
    if not rows:
        raise NotFound(
            f"consultation {regulation_id} does not exist / δεν υπάρχει αυτή η διαβούλευση",
            field="consultation",
        )
    out = rows[0]
    cur = await conn.execute(
        "SELECT a.id, a.position, a.chapter, a.number, a.title, a.draft_text, a.final_text, "
        "(SELECT count(*) FILTER (WHERE stance = 'support') FROM reg_comments c "
        " WHERE c.article_id = a.id AND NOT c.hidden) AS supports, "
        "(SELECT count(*) FILTER (WHERE stance = 'oppose') FROM reg_comments c "
        " WHERE c.article_id = a.id AND NOT c.hidden) AS opposes, "
        "(SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'stance', c.stance, "
        " 'body', c.body, 'answer', c.answer, 'answer_reason', c.answer_reason, "
        " 'created_at', c.created_at) ORDER BY c.id), '[]') FROM reg_comments c "
        " WHERE c.article_id = a.id AND NOT c.hidden) AS comments, "
        "(SELECT coalesce(jsonb_agg(jsonb_build_object('id', pl.id, 'kind', pl.kind, "
        " 'name', pl.name, 'geometry', ST_AsGeoJSON(ST_Transform(pl.geom, 4326), 7)::jsonb) ORDER BY pl.id), "
        " '[]') FROM reg_article_places pl WHERE pl.article_id = a.id) AS places "
        "FROM reg_articles a WHERE a.regulation_id = %s ORDER BY a.position",
        (regulation_id,),
    )
    out["articles"] = as_dicts(cur, await cur.fetchall())
    return out


async def list_regulations(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    """Every consultation (newest first) with its number of articles and comments."""
    cur = await conn.execute(
        "SELECT r.*, (SELECT count(*) FROM reg_articles a WHERE a.regulation_id = r.id) "
        "AS articles, (SELECT count(*) FROM reg_comments c JOIN reg_articles a ON "
        "a.id = c.article_id WHERE a.regulation_id = r.id AND NOT c.hidden) AS comments "
        "FROM regulations r ORDER BY r.opens_at DESC"
    )
    return as_dicts(cur, await cur.fetchall())


async def article_period(
    conn: psycopg.AsyncConnection, regulation_id: int, number: str
) -> tuple[int, dt.datetime, dt.datetime]:
    """(article id, opens_at, closes_at) of article ``number`` of a regulation."""
    cur = await conn.execute(
        "SELECT a.id, r.opens_at, r.closes_at FROM reg_articles a JOIN regulations r "
        "ON r.id = a.regulation_id WHERE r.id = %s AND a.number = %s",
        (regulation_id, number),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(
            f"consultation {regulation_id} has no article '{number}' / δεν υπάρχει το άρθρο",
            field="article",
        )
    return int(row[0]), row[1], row[2]


async def add_comment(
    conn: psycopg.AsyncConnection, article_id: int, author_key: str, stance: Stance, body: str
) -> int:
    """Store a comment; returns its id."""
    cur = await conn.execute(
        "INSERT INTO reg_comments (article_id, author_key, stance, body, hidden) "
        "VALUES (%s, %s, %s, %s, false) RETURNING id",
        (article_id, author_key, stance.value, body),
    )
    row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def answer_comment(
    conn: psycopg.AsyncConnection, regulation_id: int, comment_id: int, answer: Answer, reason: str
) -> None:
    """The municipality's answer to a comment of this regulation."""
    cur = await conn.execute(
        "UPDATE reg_comments c SET answer = %s, answer_reason = %s FROM reg_articles a "
        "WHERE c.id = %s AND a.id = c.article_id AND a.regulation_id = %s",
        (answer.value, reason, comment_id, regulation_id),
    )
    if cur.rowcount == 0:
        raise NotFound(f"consultation {regulation_id} has no comment {comment_id}", field="comment")


async def set_closes_at(
    conn: psycopg.AsyncConnection, regulation_id: int, closes_at: dt.datetime
) -> None:
    """Move the end of the consultation period (after its start)."""
    try:
        cur = await conn.execute(
            "UPDATE regulations SET closes_at = %s WHERE id = %s", (closes_at, regulation_id)
        )
    except INPUT_ERRORS as exc:
        raise input_error(exc, "closes_at") from None
    if cur.rowcount == 0:
        raise NotFound(
            f"consultation {regulation_id} does not exist / δεν υπάρχει αυτή η διαβούλευση",
            field="consultation",
        )


async def set_final_text(conn: psycopg.AsyncConnection, article_id: int, text: str) -> None:
    """The article's text as adopted."""
    await conn.execute("UPDATE reg_articles SET final_text = %s WHERE id = %s", (text, article_id))


async def add_place(
    conn: psycopg.AsyncConnection, article_id: int, kind: PlaceKind, name: str, geometry: str
) -> int:
    """Tag an article with a place (GeoJSON in CRS84); returns the place's id."""
    try:
        cur = await conn.execute(
            "INSERT INTO reg_article_places (article_id, kind, name, geom) "
            "VALUES (%(article)s, %(kind)s, %(name)s, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%(geom)s), 4326), 2100)) RETURNING id",
            {"article": article_id, "kind": kind.value, "name": name, "geom": geometry},
        )
    except INPUT_ERRORS as exc:
        raise input_error(exc, "geometry") from None
    row = await cur.fetchone()
    assert row is not None
    return int(row[0])


AFFECTING = (
    "SELECT DISTINCT ON (a.id) r.id AS consultation, r.title AS consultation_title, "
    "r.closes_at, a.number, a.title, pl.kind, pl.name AS place, "
    "round(ST_Distance(pl.geom, t.geom)::numeric, 1) AS distance_m "
    "FROM ({target}) AS t JOIN reg_article_places pl ON ST_DWithin(pl.geom, t.geom, %(radius)s) "
    "JOIN reg_articles a ON a.id = pl.article_id JOIN regulations r ON r.id = a.regulation_id "
    "ORDER BY a.id, ST_Distance(pl.geom, t.geom)"
)


async def affecting_point(
    conn: psycopg.AsyncConnection, lon: float, lat: float, radius_m: float
) -> list[dict[str, Any]]:
    """Articles whose places lie within ``radius_m`` of a point (CRS84)."""
    target = "SELECT ST_Transform(ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326), 2100) AS geom"
    cur = await conn.execute(
        AFFECTING.format(target=target), {"lon": lon, "lat": lat, "radius": radius_m}
    )
    return as_dicts(cur, await cur.fetchall())


async def affecting_street(
    conn: psycopg.AsyncConnection, street: str, radius_m: float
) -> list[dict[str, Any]]:
    """Articles whose places lie within ``radius_m`` of the roads named ``street``
    (Greek or English name, case-insensitive); ``InvalidInput`` if no road has it."""
    cur = await conn.execute(
        "SELECT ST_Union(geom) FROM roads WHERE lower(name_el) = lower(%(s)s) "
        "OR lower(name_en) = lower(%(s)s) HAVING count(*) > 0",
        {"s": street},
    )
    if await cur.fetchone() is None:
        raise InvalidInput(
            f"'street': no street is called '{street}' / δεν βρέθηκε οδός με αυτό το όνομα",
            field="street",
        )
    target = (
        "SELECT ST_Union(geom) AS geom FROM roads WHERE lower(name_el) = lower(%(s)s) "
        "OR lower(name_en) = lower(%(s)s)"
    )
    cur = await conn.execute(AFFECTING.format(target=target), {"s": street, "radius": radius_m})
    return as_dicts(cur, await cur.fetchall())
