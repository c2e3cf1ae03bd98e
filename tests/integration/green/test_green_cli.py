"""``polis green``: the office's batch commands against the session's demo database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from api.settings import PolisSettings

POLIS = str(Path(sys.executable).parent / "polis")


def polis(settings: PolisSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "POLIS_DATABASE_URL": settings.dsn}
    return subprocess.run(
        [POLIS, "green", *args], capture_output=True, text=True, env=env, timeout=180
    )


def test_plan_fills_the_planting_priority_layer(demo_settings: PolisSettings) -> None:
    result = polis(demo_settings, "plan")
    assert result.returncode == 0, result.stderr
    with psycopg.connect(demo_settings.dsn) as conn:
        hoods = conn.execute("SELECT count(*) FROM neighbourhoods").fetchone()
        rows = conn.execute(
            "SELECT count(*), count(DISTINCT neighbourhood_id), sum(trees), "
            "bool_and(canopy_pct BETWEEN 0 AND 100), sum(carbon_kg) FROM green_planting_priority"
        ).fetchone()
        trees = conn.execute(
            "SELECT count(*) FROM trees t WHERE EXISTS (SELECT 1 FROM neighbourhoods n "
            "WHERE ST_Intersects(n.geom, t.geom))"
        ).fetchone()
    assert rows is not None and hoods is not None and trees is not None
    assert rows[0] == rows[1] == hoods[0]
    assert rows[2] >= trees[0] and rows[3] is True and rows[4] > 0
    assert "canopy" in result.stdout


def test_schedule_refuses_a_bad_date(demo_settings: PolisSettings) -> None:
    result = polis(demo_settings, "schedule", "--today", "2026-13-40")
    assert result.returncode == 2 and "--today" in result.stderr
    again = polis(demo_settings, "schedule", "--today", "2020-01-01", "--horizon", "0")
    assert again.returncode == 0, again.stderr
    assert "new inspection orders" in again.stdout
