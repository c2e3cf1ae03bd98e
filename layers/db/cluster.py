"""The embedded PostgreSQL cluster: Polis's own private server under ``var/``.

PostgreSQL refuses to run as root, so when Polis is invoked as root the server runs as
the unprivileged ``postgres`` system user (created by Debian's postgresql package).
The server listens on 127.0.0.1 only, with trust authentication for local connections.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from models.errors import DatabaseUnavailable

SERVER_USER = "postgres"


def find_bindir() -> Path:
    """Directory holding ``initdb`` and ``pg_ctl`` (the newest installed PostgreSQL)."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not candidates:
        raise DatabaseUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: run `make run` or "
            "install postgresql and postgis, or set POLIS_DATABASE_URL"
        )
    return candidates[-1].parent


@dataclass(frozen=True)
class ClusterStatus:
    """What ``polis db status`` reports."""

    initialised: bool
    running: bool
    port: int
    datadir: Path
    pid: int | None


class EmbeddedCluster:
    """A private PostgreSQL cluster in ``root`` (``root/data``, ``root/server.log``).

    Parameters
    ----------
    root:
        Directory owned by the server user, created on first use.
    port:
        TCP port on 127.0.0.1.
    user:
        Database superuser created by ``initdb``.
    durable:
        ``False`` turns off fsync (throw-away test clusters only).
    """

    def __init__(self, root: Path, *, port: int, user: str = "polis", durable: bool = True):
        self.root = root
        self.datadir = root / "data"
        self.logfile = root / "server.log"
        self.port = port
        self.user = user
        self.durable = durable
        self._bindir: Path | None = None

    # ----------------------------------------------------------------- helpers
    @property
    def bindir(self) -> Path:
        if self._bindir is None:
            self._bindir = find_bindir()
        return self._bindir

    def _as_server_user(self, argv: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return argv
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError as exc:
            raise DatabaseUnavailable(
                f"running as root needs the unprivileged system user '{SERVER_USER}' "
                "(installed with Debian's postgresql package) to run the server"
            ) from exc
        return ["runuser", "-u", SERVER_USER, "--", *argv]

    def _run(self, argv: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            self._as_server_user(argv), capture_output=True, text=True, check=False
        )
        if check and proc.returncode != 0:
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            raise DatabaseUnavailable(
                f"{Path(argv[0]).name} failed: {detail[-1] if detail else proc.returncode}"
            )
        return proc

    def _prepare_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            entry = pwd.getpwnam(SERVER_USER)
            for path in (self.root, *self.root.rglob("*")):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o700)

    # ----------------------------------------------------------------- lifecycle
    @property
    def initialised(self) -> bool:
        return (self.datadir / "PG_VERSION").exists()

    def init(self) -> bool:
        """Create the cluster if it does not exist. Returns True when it was created."""
        if self.initialised:
            return False
        self._prepare_root()
        self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.datadir),
                "-U",
                self.user,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            ]
        )
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.root}'",
            "max_connections = 200",
            "shared_buffers = 256MB",
            "work_mem = 16MB",
            "jit = off",
        ]
        if not self.durable:
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        conf = "\n# --- Polis ---\n" + "\n".join(settings) + "\n"
        self._run(["sh", "-c", f"cat >> '{self.datadir}/postgresql.conf' <<'EOF'\n{conf}EOF"])
        return True

    def pid(self) -> int | None:
        """PID of the running server, or None."""
        pidfile = self.datadir / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().splitlines()[0])
        except (FileNotFoundError, PermissionError, ValueError, IndexError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return pid

    def start(self, *, timeout: float = 60) -> bool:
        """Start the server (initialising it first). Returns True when it was started."""
        self.init()
        if self.pid() is not None:
            return False
        proc = self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-l",
                str(self.logfile),
                "-w",
                "-t",
                str(int(timeout)),
                "start",
            ],
            check=False,
        )
        if proc.returncode != 0:
            tail = ""
            try:
                tail = self.logfile.read_text().strip().splitlines()[-1]
            except (OSError, IndexError):
                pass
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL did not start on 127.0.0.1:{self.port}: {tail}"
            )
        return True

    def stop(self) -> bool:
        """Stop the server (fast shutdown). Returns True when it was running."""
        if self.pid() is None:
            return False
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "stop"])
        return True

    def destroy(self) -> None:
        """Stop the server and delete the cluster (throw-away test clusters)."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def status(self) -> ClusterStatus:
        return ClusterStatus(
            initialised=self.initialised,
            running=self.pid() is not None,
            port=self.port,
            datadir=self.datadir,
            pid=self.pid(),
        )

    def ensure_database(self, name: str, *, timeout: float = 10) -> bool:
        """Create database ``name`` if missing. Returns True when it was created."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                conn = psycopg.connect(
                    host="127.0.0.1",
                    port=self.port,
                    user=self.user,
                    dbname="postgres",
                    autocommit=True,
                    connect_timeout=3,
                )
                break
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise DatabaseUnavailable(
                        f"cannot connect to the embedded server: {exc}"
                    ) from exc
                time.sleep(0.2)
        with conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists:
                return False
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
