"""What the budgeting tests share: the proposals of the test process, a photo carrying
its owner's EXIF, census files, the `polis` command and problem+json checks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import httpx
from PIL import Image

from api.settings import PolisSettings
from gis.participation.keys import document_digest

VOTERS = 1000
CENTRE = "Κέντρο"


def photo_with_owner() -> bytes:
    """A small JPEG whose EXIF names its owner and phone (what Polis must not publish)."""
    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Eleni Papadopoulou"  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


PHOTO = photo_with_owner()


def point(dx: float = 0, dy: float = 0) -> dict:
    return {"type": "Point", "coordinates": [21.921 + dx, 39.365 + dy]}


PROPOSALS = [  # (title, cost, budget neighbourhood, geometry, reviewed cost or None / infeasible)
    ("Πλατεία με σκιά", 80_000, None, point(), None),
    (
        "Ποδηλατόδρομος",
        70_000,
        None,
        {"type": "LineString", "coordinates": [[21.918, 39.362], [21.925, 39.367]]},
        None,
    ),
    (
        "Πάρκο τσέπης",
        60_000,
        None,
        {
            "type": "Polygon",
            "coordinates": [
                [
                    [21.919, 39.363],
                    [21.920, 39.363],
                    [21.920, 39.364],
                    [21.919, 39.364],
                    [21.919, 39.363],
                ]
            ],
        },
        65_000,
    ),
    ("Φωτισμός πεζοδρόμου", 50_000, None, point(0.002, 0.001), None),
    ("Σιντριβάνι", 30_000, None, point(-0.002, 0.0), "infeasible"),
    ("Παιδική χαρά", 40_000, CENTRE, point(0.001, -0.001), None),
    ("Παγκάκια", 30_000, CENTRE, point(-0.001, 0.001), None),
]


def census_csv(people: list[tuple[str, int, str]]) -> bytes:
    lines = ["document_hash,birth_year,neighbourhood"]
    lines += [f"{document_digest(doc)},{year},{place}" for doc, year, place in people]
    return ("\n".join(lines) + "\n").encode()


def polis_cli(settings: PolisSettings, *args: str) -> subprocess.CompletedProcess[str]:
    """``polis`` in its own process on the session database (and its secret)."""
    env = {
        **os.environ,
        "POLIS_DATABASE_URL": settings.dsn,
        "POLIS_VAR_DIR": str(settings.var_dir),
        "COLUMNS": "200",
    }
    polis = str(Path(sys.executable).parent / "polis")
    return subprocess.run([polis, *args], env=env, capture_output=True, text=True, timeout=120)


def problem(response: httpx.Response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if field is not None:
        assert body["field"] == field, body
    return body
