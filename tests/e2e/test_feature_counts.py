"""The feature count desktop clients show comes from ``numberMatched``: QGIS 3.22's OAPIF
provider (Debian's python3-qgis, headless) and GDAL's OAPIF driver (``ogrinfo -so``)
must report the database's count of each layer, unfiltered and within a bbox."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap

import psycopg
import pytest

LAYERS = ("buildings", "trees", "roads", "businesses")
BBOX = (21.917, 39.361, 21.927, 39.369)
#: The system interpreter Debian's python3-qgis is installed for.
SYSTEM_PYTHON = "/usr/bin/python3"
QGIS_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from qgis.core import QgsApplication, QgsVectorLayer

    app = QgsApplication([], False)
    app.initQgis()
    url, layers = sys.argv[1], sys.argv[2:]
    counts = {}
    for name in layers:
        layer = QgsVectorLayer(f"url='{url}' typename='{name}'", name, "OAPIF")
        counts[name] = layer.featureCount() if layer.isValid() else None
    print("COUNTS " + json.dumps(counts), flush=True)
    os._exit(0)  # exitQgis() crashes headless
    """
)


def db_count(conn: psycopg.Connection, table: str, *, bbox: bool = False) -> int:
    where = (
        "ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 2100))"
        if bbox
        else "TRUE"
    )
    row = conn.execute(
        f"SELECT count(*) FROM {table} WHERE {where}",  # noqa: S608 - fixed names
        BBOX if bbox else (),
    ).fetchone()
    assert row is not None
    return int(row[0])


def has_qgis() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60, check=False
    )
    return probe.returncode == 0


def test_qgis_shows_every_feature(server: str, conn: psycopg.Connection) -> None:
    """QGIS 3.22 sizes a layer by numberMatched of its first page (0 when absent)."""
    if not has_qgis():
        pytest.fail("python3-qgis is not installed: `make test` installs it (setup.sh)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env |= {"QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": "/tmp"}
    proc = subprocess.run(
        [SYSTEM_PYTHON, "-c", QGIS_SCRIPT, f"{server}/ogc", *LAYERS],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    found = re.search(r"^COUNTS (.*)$", proc.stdout, re.MULTILINE)
    assert found, f"QGIS printed no counts:\n{proc.stdout}\n{proc.stderr}"
    counts = json.loads(found.group(1))
    assert counts == {layer: db_count(conn, layer) for layer in LAYERS}
    assert counts["buildings"] > 4000


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("bbox", [False, True], ids=["all", "bbox"])
def test_ogrinfo_feature_count(
    server: str, conn: psycopg.Connection, layer: str, bbox: bool
) -> None:
    """GDAL's OAPIF driver reads an unfiltered layer's count from numberMatched of one
    page (it pages through a bbox itself, as it filters the features again)."""
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is None:
        pytest.fail("ogrinfo (gdal-bin) is not installed: `make test` installs it")
    spat = ["-spat", *(str(v) for v in BBOX)] if bbox else []
    proc = subprocess.run(
        [ogrinfo, "-ro", "-so", *spat, f"OAPIF:{server}/ogc", layer],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "CPL_DEBUG": "ON"},
    )
    found = re.search(r"Feature Count: (\d+)", proc.stdout)
    assert found, proc.stdout
    assert int(found.group(1)) == db_count(conn, layer, bbox=bbox)
    pages = re.findall(r"HTTP: Fetch\(\S+/items\?", proc.stderr)
    if not bbox:
        assert len(pages) == 1, proc.stderr  # the count came from numberMatched
