"""The ``polis`` command line, run as a user runs it (subprocess, real database)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

POLIS = str(Path(sys.executable).parent / "polis")
COMMANDS = [
    [],
    ["db"],
    ["db", "start"],
    ["db", "stop"],
    ["db", "status"],
    ["db", "upgrade"],
    ["demo"],
    ["demo", "load"],
    ["serve"],
    ["layers"],
    ["rasters"],
    ["worker"],
    ["jobs"],
]


def polis(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [POLIS, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **env},
        timeout=180,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "polis")
def test_every_command_has_help(command: list[str]) -> None:
    result = polis(*command, "--help", env={})
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout and "/" in result.stdout  # bilingual "el / en" texts


def test_failure_is_one_line_and_non_zero(unused_port: Callable[[], int]) -> None:
    env = {"POLIS_DATABASE_URL": f"postgresql://nobody@127.0.0.1:{unused_port()}/none"}
    result = polis("db", "status", env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot connect to the database" in lines[0]
    assert "Traceback" not in result.stderr


def test_stop_refuses_an_external_database() -> None:
    result = polis("db", "stop", env={"POLIS_DATABASE_URL": "postgresql://x@127.0.0.1:1/x"})
    assert result.returncode == 1 and "external server" in result.stderr


@pytest.fixture()
def private_var(unused_port: Callable[[], int]) -> Iterator[dict[str, str]]:
    var = Path(tempfile.mkdtemp(prefix="polis-cli-"))
    var.chmod(0o755)
    env = {"POLIS_VAR_DIR": str(var), "POLIS_DB_PORT": str(unused_port())}
    try:
        yield env
    finally:
        polis("db", "stop", env=env)
        shutil.rmtree(var, ignore_errors=True)


def test_embedded_lifecycle(private_var: dict[str, str]) -> None:
    """start → upgrade → status → stop → status, on a brand-new cluster."""
    started = polis("db", "start", env=private_var)
    assert started.returncode == 0, started.stderr
    assert polis("db", "start", env=private_var).returncode == 0  # idempotent
    upgraded = polis("db", "upgrade", env=private_var)
    assert upgraded.returncode == 0, upgraded.stderr
    status = polis("db", "status", env=private_var)
    assert status.returncode == 0 and "PostGIS 3" in status.stdout
    assert "μετάβαση: 00" in status.stdout  # one of the migration heads (0001…0099)
    listing = polis("layers", env=private_var)
    assert listing.returncode == 0 and "parking_bays" in listing.stdout
    assert polis("db", "stop", env=private_var).returncode == 0
    stopped = polis("db", "status", env=private_var)
    assert stopped.returncode == 1
