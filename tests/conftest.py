"""Test session fixtures: a real, throw-away PostGIS for the whole session.

By default a private PostgreSQL cluster is created in a temporary directory with the
same code Polis uses for its embedded database, migrated to head, and destroyed at the
end. With ``POLIS_TEST_DATABASE_URL`` (a server where we may create databases) a
throw-away database is created there instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from layers.database import embedded_cluster, upgrade
from layers.settings import PolisSettings

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout (reference data and OGC schemas)."""
    if not SHARED.is_dir():
        pytest.fail(f"reference folder {SHARED} is missing: CI provides it beside the repo")
    return SHARED


@pytest.fixture(scope="session")
def pg_settings() -> Iterator[PolisSettings]:
    """Settings of a migrated, empty, throw-away Polis database."""
    external = os.environ.get("POLIS_TEST_DATABASE_URL")
    var_dir = Path(tempfile.mkdtemp(prefix="polis-test-"))
    var_dir.chmod(0o755)
    if external:
        name = f"polis_test_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(external, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base = external.rsplit("/", 1)[0]
        settings = PolisSettings(database_url=f"{base}/{name}", var_dir=var_dir)
        try:
            upgrade(settings)
            yield settings
        finally:
            with psycopg.connect(external, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )
            shutil.rmtree(var_dir, ignore_errors=True)
        return
    settings = PolisSettings(var_dir=var_dir, db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    try:
        cluster.start()
        cluster.ensure_database(settings.db_name)
        upgrade(settings)
        yield settings
    finally:
        cluster.destroy()
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture()
def conn(pg_settings: PolisSettings) -> Iterator[psycopg.Connection]:
    """A connection to the test database (autocommit)."""
    with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
        yield c


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if "/integration/" in path:
            item.add_marker(pytest.mark.integration)
        elif "/e2e/" in path:
            item.add_marker(pytest.mark.e2e)
