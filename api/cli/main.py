"""The ``polis`` command line: database lifecycle, demo data, serving.

Every command has ``--help``; failures print one line (``σφάλμα / error: ...``) and
exit with status 1; long steps show a progress bar.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from api.cli.admin import audit_app, users_app
from api.cli.green import green_app
from api.cli.imports import import_app
from api.cli.ingest import ingest_command
from api.cli.jobs import jobs_app, worker
from api.cli.markets import markets_app
from api.cli.mobility import mobility_app
from api.cli.participation import participation_app
from api.cli.payments import payments_app
from api.cli.sensors import broker_app, simulate_app
from api.settings import PolisSettings
from layers.db.database import connect, embedded_cluster, ensure_database, health, upgrade
from layers.registry import registry_for
from models.errors import ConfigurationError, PolisError

app = typer.Typer(
    help="Πολίς — δημοτική πλατφόρμα GIS. / Polis — municipal GIS platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Βάση δεδομένων / Database lifecycle.", no_args_is_help=True)
demo_app = typer.Typer(help="Δεδομένα επίδειξης / Demo data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(import_app, name="import")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(jobs_app, name="jobs")
app.command("worker")(worker)
app.command("ingest")(ingest_command)
app.add_typer(green_app, name="green")
app.add_typer(mobility_app, name="mobility")
app.add_typer(participation_app, name="participation")
app.add_typer(markets_app, name="markets")
app.add_typer(payments_app, name="payments")
app.add_typer(broker_app, name="broker")
demo_app.add_typer(simulate_app, name="simulate")
out = Console()


def settings() -> PolisSettings:
    return PolisSettings()


def need_embedded(s: PolisSettings, what: str) -> None:
    if not s.embedded:
        raise ConfigurationError(
            f"`polis db {what}` manages the embedded cluster; POLIS_DATABASE_URL points "
            "to an external server, which Polis does not start or stop"
        )


@db_app.command("start")
def db_start() -> None:
    """Ξεκινά την ενσωματωμένη βάση / Start the embedded database (creates it on first run)."""
    s = settings()
    ensure_database(s)
    where = f"127.0.0.1:{s.db_port}" if s.embedded else "POLIS_DATABASE_URL"
    out.print(f"βάση σε λειτουργία / database running ({where})")


@db_app.command("stop")
def db_stop() -> None:
    """Σταματά την ενσωματωμένη βάση / Stop the embedded database."""
    s = settings()
    need_embedded(s, "stop")
    stopped = embedded_cluster(s).stop()
    out.print("η βάση σταμάτησε / database stopped" if stopped else "δεν έτρεχε / was not running")


@db_app.command("status")
def db_status() -> None:
    """Κατάσταση βάσης / Database status: server, PostGIS, pgRouting, migration."""
    s = settings()
    if s.embedded:
        st = embedded_cluster(s).status()
        out.print(
            f"ενσωματωμένη / embedded: {st.datadir} "
            f"{'σε λειτουργία / running' if st.running else 'σταματημένη / stopped'}"
            f" port {st.port}"
        )
        if not st.running:
            raise typer.Exit(code=1)
    h = health(s)
    if not h.ok:
        raise PolisError(h.error or "database unavailable")
    out.print(
        f"PostgreSQL {h.postgres}, PostGIS {h.postgis}, pgRouting {h.pgrouting}, "
        f"migration / μετάβαση: {h.revision or 'καμία / none'}"
    )


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="target revision / στόχος")] = "heads",
) -> None:
    """Εφαρμόζει τις μεταβάσεις σχήματος / Apply the schema migrations (Alembic)."""
    s = settings()
    upgrade(s, revision)
    out.print(f"σχήμα ενημερωμένο / schema at {revision}")


@app.command("layers")
def layers_list() -> None:
    """Τα επίπεδα του μητρώου και το πλήθος τους / Registry layers and their feature counts."""
    from layers.db.bulk import layer_counts

    s = settings()
    registry = registry_for(s)
    with connect(s) as conn:
        counts = layer_counts(conn, registry)
    table = Table("id", "τίτλος / title", "γεωμετρία / geometry", "πλήθος / count", "tiles")
    for spec in registry:
        table.add_row(
            spec.id,
            f"{spec.title.el} / {spec.title.en}",
            spec.geometry_type,
            str(counts.get(spec.id, 0)),
            "✓" if spec.tiles else "",
        )
    out.print(table)


@app.command("rasters")
def rasters_list() -> None:
    """Ο κατάλογος ψηφιδωτών της βάσης / The database's raster catalogue (DEM, slope, ...)."""
    from layers.db.rasters import raster_catalogue, raster_path, raster_present

    s = settings()
    with connect(s) as conn:
        entries = raster_catalogue(conn)
    table = Table(
        "όνομα / name",
        "κελιά / size",
        "ανάλυση / resolution",
        "CRS",
        "ελάχ. / min",
        "μέγ. / max",
        "μέσος / mean",
        "κενά / nodata",
        "πηγή / source",
        caption=f"αποθήκη / store: {s.raster_dir}",
    )
    for entry in entries.values():
        stats = entry.statistics
        present = raster_present(raster_path(s.raster_dir, entry.uri))
        source = "συνθετικό / synthetic" if entry.synthetic else entry.source or ""
        table.add_row(
            entry.name if present else f"{entry.name} (λείπει / missing)",
            f"{entry.size[0]} × {entry.size[1]}",
            "{:g} × {:g}".format(*entry.resolution),
            entry.crs,
            *(_number(stats.get(k)) for k in ("min", "max", "mean")),
            str(stats.get("nodata_count", "")),
            source,
        )
    out.print(table)


def _number(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) else ""


@demo_app.command("load")
def demo_load(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="μόνο σε άδεια βάση / only into an empty database")
    ] = False,
    seed: Annotated[int, typer.Option(help="σπόρος / generator seed")] = 0,
) -> None:
    """Φορτώνει τα συνθετικά δεδομένα επίδειξης / Load the synthetic demo town (replaces data)."""
    from api.cli.demo import load_demo

    load_demo(settings(), if_empty=if_empty, seed=seed, console=out)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="διεύθυνση / bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="θύρα / port")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            envvar="POLIS_WORKERS",
            help="διεργασίες εξυπηρέτησης, επιβλεπόμενες / worker processes, supervised",
        ),
    ] = 2,
    worker_memory_mb: Annotated[
        int,
        typer.Option(
            min=0,
            envvar="POLIS_WORKER_MEMORY_MB",
            help="όριο μνήμης ανά διεργασία σε MiB, 0 = χωρίς όριο / "
            "memory ceiling per worker in MiB (a worker over it is replaced), 0 = none",
        ),
    ] = 1536,
) -> None:
    """Εξυπηρετεί την πλατφόρμα / Serve Polis (OGC API at /ogc, web map at /).

    Μια διεργασία που πεθαίνει ή ξεπερνά το όριο μνήμης αντικαθίσταται. / A worker that dies or goes over the memory ceiling is replaced.
    """  # one line per language: typer keeps the line breaks of a docstring
    from api.supervisor import serve_supervised

    s = settings()
    with connect(s):
        pass
    base = f"http://{host}:{port}"
    os.environ.setdefault("POLIS_PUBLIC_URL", base)
    out.print(f"[bold]Πολίς / Polis[/bold] — {base}")
    for label, path in (
        ("χάρτης / web map", "/"),
        ("OGC API (αρχική / landing page)", "/ogc"),
        ("συλλογές / collections", "/ogc/collections"),
        ("OpenAPI", "/ogc/openapi"),
        ("κατάσταση / health", "/health"),
    ):
        out.print(f"  {label}: {base}{path}")
    ceiling = f"{worker_memory_mb} MiB" if worker_memory_mb else "χωρίς / none"
    out.print(f"  διεργασίες / workers: {workers}, όριο μνήμης / memory ceiling: {ceiling}")
    serve_supervised(
        "api.app:app_from_env",
        host=host,
        port=port,
        workers=workers,
        memory_limit_mb=worker_memory_mb,
    )


def main() -> None:
    """Entry point of the ``polis`` script."""
    try:
        app()
    except PolisError as exc:
        print(f"polis: σφάλμα / error: {exc.message}", file=sys.stderr)
        sys.exit(1)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        print(f"polis: σφάλμα / error: '{where}': {first['msg']}", file=sys.stderr)
        sys.exit(1)
