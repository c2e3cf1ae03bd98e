"""``polis import ...`` as a user runs it: summary tables, one-line errors, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from api.settings import PolisSettings

POLIS = str(Path(sys.executable).parent / "polis")


def polis(*args: str, settings: PolisSettings, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COLUMNS": "200",
        "POLIS_DATABASE_URL": settings.dsn,
        "POLIS_VAR_DIR": str(tmp),
    }
    return subprocess.run(
        [POLIS, "import", *args], capture_output=True, text=True, env=env, timeout=180
    )


@pytest.mark.parametrize("command", ["osm", "dem", "boundary", "layer"])
def test_help_is_bilingual(command: str, import_settings: PolisSettings, tmp_path: Path) -> None:
    result = polis(command, "--help", settings=import_settings, tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout and "/" in result.stdout


def test_boundary_then_dem_from_the_database(
    import_conn: psycopg.Connection,
    import_settings: PolisSettings,
    shared_dir: Path,
    tmp_path: Path,
) -> None:
    data = shared_dir / "data"
    boundary = data / "boundaries/karditsa_municipality_9092.geojson"
    result = polis("boundary", str(boundary), settings=import_settings, tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "boundaries" in result.stdout and "inserted" in result.stdout
    tiles = [str(data / "dem/N39E021.hgt"), str(data / "dem/N39E022.hgt")]
    result = polis("dem", *tiles, settings=import_settings, tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    store = import_settings.model_copy(update={"var_dir": tmp_path}).raster_dir
    assert (store / "dem.tif").is_file() and (store / "slope.tif").is_file()


def test_bad_file_is_one_line_and_exit_1(
    import_conn: psycopg.Connection, import_settings: PolisSettings, tmp_path: Path
) -> None:
    bad = tmp_path / "trees.csv"
    bad.write_text("species,x,y\nQuercus,1,2\n", encoding="utf-8")
    result = polis("layer", "trees", str(bad), settings=import_settings, tmp=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "trees.csv" in lines[0] and "--crs" in lines[0]
