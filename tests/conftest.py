"""Test session fixtures: a real, throw-away PostGIS for the whole session.

By default a private PostgreSQL cluster is created in a temporary directory with the
same code Polis uses for its embedded database, migrated to head, and destroyed at the
end. With ``POLIS_TEST_DATABASE_URL`` (a server where we may create databases) a
throw-away database is created there instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql

from api.settings import PolisSettings
from layers.db.database import embedded_cluster, upgrade

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def unused_port() -> Callable[[], int]:
    """A function returning a free loopback port (for servers the test starts itself)."""
    return free_port


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
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
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


@pytest.fixture(scope="session")
def mqtt_port() -> Iterator[int]:
    """A private Mosquitto broker on a free loopback port for the session."""
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(binary).exists():
        pytest.fail("mosquitto is not installed: `make test` installs it (setup.sh)")
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="polis-mqtt-"))
    conf = workdir / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    log = workdir / "mosquitto.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([binary, "-c", str(conf)], stdout=sink, stderr=sink)
    try:
        wait_for_port(port, proc, log)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def wait_for_port(
    port: int,
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
    *,
    timeout: float = 15,
) -> None:
    """Wait until something listens on 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = log.read_text(errors="replace") if log else ""
            pytest.fail(f"process exited before listening on {port}: {err}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@pytest.fixture(scope="session")
def demo_settings(pg_settings: PolisSettings, mqtt_port: int) -> PolisSettings:
    """The session database filled with the demo town (and the test broker's port)."""
    from rich.console import Console

    from api.cli.demo import derive_demo_layers
    from gis.demo import generate_demo
    from gis.demo.sensors import load_demo_sensors
    from layers.db.bulk import load_records
    from layers.registry import default_registry

    with psycopg.connect(pg_settings.dsn) as c:
        load_records(
            c,
            default_registry(),
            generate_demo(seed=0),
            source="test demo",
            synthetic=True,
            licence="CC0-1.0",
        )
        load_demo_sensors(c, seed=0, retention_days=7)  # the sensors domain's demo stations
    # planting priority and the coming market days' closures, as `polis demo load` makes them
    asyncio.run(derive_demo_layers(pg_settings, default_registry(), Console(quiet=True)))
    return pg_settings.model_copy(update={"mqtt_port": mqtt_port})


@pytest.fixture(scope="session")
def server(demo_settings: PolisSettings) -> Iterator[str]:
    """``polis serve`` in its own process on a free loopback port; yields its base URL.

    A separate process, as users run it: GDAL (through pyogrio) holds the GIL while it
    reads, so a server thread inside the test process would never answer it.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "POLIS_DATABASE_URL": demo_settings.dsn,
        "POLIS_VAR_DIR": str(demo_settings.var_dir),
        "POLIS_MQTT_PORT": str(demo_settings.mqtt_port),
        "POLIS_PUBLIC_URL": base,
        # the OpenAPI fuzzing registers many accounts from one address
        "POLIS_REGISTER_RATE": "1000/hour",
        "POLIS_CORS_WRITE_ORIGINS": '["https://gis.example.org"]',
        # the session's tokens are issued once and must outlive the whole suite
        "POLIS_ACCESS_TOKEN_MINUTES": "240",
    }
    log = demo_settings.var_dir / "server.log"
    polis = str(Path(sys.executable).parent / "polis")
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            # one worker: rate limits are kept per worker, and the tests count them
            [polis, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=sink,
            stderr=sink,
        )
    try:
        wait_for_port(port, proc, log, timeout=60)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def http(server: str) -> Iterator[httpx.Client]:
    """An HTTP client bound to the test server."""
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


PASSWORD = "correct horse battery staple"
#: Test accounts: name -> roles.
ACCOUNTS = {
    "citizen": ["citizen"],
    "parking": ["parking"],
    "green": ["green"],
    "admin": ["admin"],
    "throttled": ["citizen"],
}


def create_accounts(dsn: str, prefix: str) -> dict[str, str]:
    """Verified accounts ``<prefix><name>@test.polis.example``, one per entry of
    :data:`ACCOUNTS`; name -> email."""
    import asyncio

    from api.security.credentials import hash_password
    from layers.accounts.store import create_account

    password_hash = hash_password(PASSWORD)

    async def create() -> dict[str, str]:
        out = {}
        async with await psycopg.AsyncConnection.connect(dsn) as c:
            for name, roles in ACCOUNTS.items():
                account = await create_account(
                    c,
                    email=f"{prefix}{name}@test.polis.example",
                    display_name=f"Test {prefix}{name}",
                    password_hash=password_hash,
                    roles=roles,
                    verified=True,
                )
                out[name] = account.email
            await c.commit()
        return out

    return asyncio.run(create())


@pytest.fixture(scope="session")
def accounts(demo_settings: PolisSettings) -> dict[str, str]:
    """Verified accounts, one per entry of :data:`ACCOUNTS`; name -> email."""
    return create_accounts(demo_settings.dsn, "")


def sign_in_all(http: httpx.Client, accounts: dict[str, str]) -> dict[str, dict[str, str]]:
    """Authorization headers per account name."""
    out = {}
    for name, email in accounts.items():
        if name == "throttled":  # the brute-force test locks this one out
            continue
        r = http.post("/auth/token", data={"username": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        out[name] = {"Authorization": f"Bearer {r.json()['access_token']}"}
    return out


@pytest.fixture(scope="session")
def tokens(http: httpx.Client, accounts: dict[str, str]) -> dict[str, dict[str, str]]:
    """Authorization headers per account name (signed in once per session)."""
    return sign_in_all(http, accounts)


@pytest.fixture(scope="session")
def fuzz_tokens(http: httpx.Client, demo_settings: PolisSettings) -> dict[str, dict[str, str]]:
    """Headers of accounts of their own (same roles as :data:`ACCOUNTS`) for the fuzzers,
    whose random API keys and edits must not show in other tests' accounts."""
    return sign_in_all(http, create_accounts(demo_settings.dsn, "fuzz-"))


#: A 900 m x 900 m box around the demo town's centre (CRS84), used by many tests.
CENTRE_BBOX = (21.917, 39.361, 21.927, 39.369)


@pytest.fixture(scope="session")
def centre_box_2100(pg_settings: PolisSettings) -> tuple[int, int, int, int]:
    """:data:`CENTRE_BBOX` transformed by PostGIS to EPSG:2100, rounded to metres."""
    with psycopg.connect(pg_settings.dsn) as c:
        row = c.execute(
            "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Transform("
            "ST_MakeEnvelope(%s, %s, %s, %s, 4326), 2100) AS b) AS s",
            CENTRE_BBOX,
        ).fetchone()
    assert row is not None
    return (round(row[0]), round(row[1]), round(row[2]), round(row[3]))


@pytest.fixture()
def cql_reference(
    demo_settings: PolisSettings, conn: psycopg.Connection
) -> Callable[[str, Any], set[int] | None]:
    """Ids a CQL2 filter (text or a parsed ``cql2`` expression) selects in a layer, by the
    ``cql2`` package's own SQL translation run on the layer with a CRS84 ``geometry``
    (SRID 0, as cql2 emits): an oracle independent of Polis's compiler. None when that
    translation does not run on PostGIS."""
    import cql2

    def ids(layer: str, expr: Any) -> set[int] | None:
        parsed = cql2.parse_text(expr) if isinstance(expr, str) else expr
        view = f"SELECT *, ST_SetSRID(ST_Transform(geom, 4326), 0) AS geometry FROM {layer}"  # noqa: S608
        try:
            rows = conn.execute(f"SELECT id FROM ({view}) AS t WHERE {parsed.to_sql()}")  # noqa: S608
        except psycopg.errors.UndefinedFunction:
            return None
        return {row[0] for row in rows}

    return ids
