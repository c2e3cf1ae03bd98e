"""Moderation: reports hide content after a threshold pending review; staff restore or
remove it; every step is logged."""

from __future__ import annotations

from typing import Any

import psycopg

from layers.participation.rows import as_dicts
from models.errors import Conflict, NotFound
from models.participation.enums import ContentKind, ModerationAction

TABLES = {ContentKind.PROPOSAL: "pb_proposals", ContentKind.COMMENT: "reg_comments"}


async def _exists(conn: psycopg.AsyncConnection, kind: ContentKind, target_id: int) -> bool:
    cur = await conn.execute(
        f"SELECT hidden FROM {TABLES[kind]} WHERE id = %s FOR UPDATE",  # noqa: S608 - fixed names
        (target_id,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"{kind.value} {target_id} does not exist / δεν υπάρχει", field="target_id")
    return bool(row[0])


async def _log(
    conn: psycopg.AsyncConnection,
    kind: ContentKind,
    target_id: int,
    action: ModerationAction,
    actor_id: int | None,
    reason: str,
) -> None:
    await conn.execute(
        "INSERT INTO moderation_log (kind, target_id, action, actor_id, reason) "
        "VALUES (%s, %s, %s, %s, %s)",
        (kind.value, target_id, action.value, actor_id, reason),
    )


async def report_content(
    conn: psycopg.AsyncConnection,
    *,
    kind: ContentKind,
    target_id: int,
    reporter_key: str,
    reason: str,
    threshold: int,
) -> bool:
    """Record a report; hide the content once ``threshold`` unreviewed reports are in.
    Returns whether the content is hidden now. ``Conflict`` on a second report by the
    same person."""
    async with conn.transaction():
        hidden = await _exists(conn, kind, target_id)
        cur = await conn.execute(
            "INSERT INTO participation_reports (kind, target_id, reporter_key, reason, reviewed) "
            "VALUES (%s, %s, %s, %s, false) ON CONFLICT DO NOTHING RETURNING id",
            (kind.value, target_id, reporter_key, reason),
        )
        if await cur.fetchone() is None:
            raise Conflict(
                f"you have already reported this {kind.value} / το έχετε ήδη αναφέρει",
                field="target_id",
            )
        cur = await conn.execute(
            "SELECT count(*) FROM participation_reports WHERE kind = %s AND target_id = %s "
            "AND NOT reviewed",
            (kind.value, target_id),
        )
        row = await cur.fetchone()
        assert row is not None
        if not hidden and row[0] >= threshold:
            await conn.execute(
                f"UPDATE {TABLES[kind]} SET hidden = true WHERE id = %s",  # noqa: S608
                (target_id,),
            )
            await _log(conn, kind, target_id, ModerationAction.HIDDEN, None, f"{row[0]} reports")
            hidden = True
    return hidden


async def decide(
    conn: psycopg.AsyncConnection,
    *,
    kind: ContentKind,
    target_id: int,
    action: ModerationAction,
    actor_id: int,
    reason: str,
) -> None:
    """A moderator restores (shown again) or removes (kept hidden for good) content; its
    reports are marked reviewed."""
    async with conn.transaction():
        await _exists(conn, kind, target_id)
        await conn.execute(
            f"UPDATE {TABLES[kind]} SET hidden = %s WHERE id = %s",  # noqa: S608
            (action is not ModerationAction.RESTORED, target_id),
        )
        await conn.execute(
            "UPDATE participation_reports SET reviewed = true WHERE kind = %s AND target_id = %s",
            (kind.value, target_id),
        )
        await _log(conn, kind, target_id, action, actor_id, reason)


async def pending(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    """Content with unreviewed reports (hidden or not), with the reports' reasons."""
    cur = await conn.execute(
        "SELECT r.kind, r.target_id, count(*) AS reports, array_agg(r.reason ORDER BY r.id) "
        "AS reasons, coalesce(p.hidden, c.hidden) AS hidden, coalesce(p.title || ': ' || "
        "p.description, c.body) AS content FROM participation_reports r "
        "LEFT JOIN pb_proposals p ON r.kind = 'proposal' AND p.id = r.target_id "
        "LEFT JOIN reg_comments c ON r.kind = 'comment' AND c.id = r.target_id "
        "WHERE NOT r.reviewed GROUP BY r.kind, r.target_id, p.hidden, c.hidden, p.title, "
        "p.description, c.body ORDER BY r.kind, r.target_id"
    )
    return as_dicts(cur, await cur.fetchall())


async def moderation_log(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    """The moderation log, oldest first."""
    cur = await conn.execute(
        "SELECT kind, target_id, action, actor_id, reason, at FROM moderation_log ORDER BY id"
    )
    return as_dicts(cur, await cur.fetchall())
