"""``polis import ...``: real data into the layers, all-or-nothing, with a summary table.

Every command runs one transaction: on any error the database is unchanged and the
one-line message names the file, the record and the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from api.settings import PolisSettings
from models.errors import InvalidInput

if TYPE_CHECKING:
    from gis.importers.jobs import ImportReport

import_app = typer.Typer(
    help="Εισαγωγή πραγματικών δεδομένων / Import real data (OSM, DEM, boundaries, files).",
    no_args_is_help=True,
)
out = Console()

FileArg = Annotated[
    Path, typer.Argument(exists=False, dir_okay=False, help="αρχείο / file to import")
]
CrsOpt = Annotated[
    str | None,
    typer.Option(help="CRS του αρχείου αν λείπει / the file's CRS when it has none (EPSG:2100)"),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option(help="κωδικοποίηση κειμένου / text encoding when not UTF-8 (cp1253)"),
]
LicenceOpt = Annotated[str | None, typer.Option(help="άδεια δεδομένων / data licence")]


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=out,
    )


def print_report(report: ImportReport) -> None:
    """The summary table: per layer inserted, updated, unchanged, deleted, skipped."""
    table = Table(
        "επίπεδο / layer",
        "νέα / inserted",
        "ενημερώθηκαν / updated",
        "αμετάβλητα / unchanged",
        "διαγράφηκαν / deleted",
        "παραλείφθηκαν / skipped",
        title=f"εισαγωγή / import: {report.source}",
    )
    for layer, c in report.changes.items():
        table.add_row(
            layer, *(str(n) for n in (c.inserted, c.updated, c.unchanged, c.deleted, c.skipped))
        )
    out.print(table)
    for layer, reasons in report.skipped_reasons.items():
        for reason, n in reasons.items():
            out.print(f"  {layer}: {n} παραλείφθηκαν / skipped — {reason}")
    for note in report.notes:
        out.print(f"  {note}")


@import_app.command("osm")
def osm(
    file: FileArg,
    clip: Annotated[
        Path | None,
        typer.Option(help="κράτα μόνο ό,τι τέμνει αυτό το όριο / keep what intersects this area"),
    ] = None,
) -> None:
    """Εισάγει απόσπασμα OpenStreetMap / Import an OSM extract (.osm.pbf), updating by OSM id."""
    from gis.importers.jobs import clip_area, import_osm
    from layers.db.database import connect
    from layers.registry import registry_for

    area = clip_area(clip) if clip else None
    settings = PolisSettings()
    with connect(settings) as conn, _progress() as bar:
        reading = bar.add_task("ανάγνωση / reading OSM", total=None)
        writing = bar.add_task("εγγραφή / writing", total=None, visible=False)

        def step(layer: str) -> None:
            bar.update(reading, visible=False)
            bar.update(writing, description=f"εγγραφή / writing {layer}", visible=True)

        report = import_osm(
            conn,
            registry_for(settings),
            file,
            clip=area,
            read_progress=lambda n: bar.update(reading, completed=n),
            step=step,
        )
    print_report(report)


@import_app.command("boundary")
def boundary(
    file: FileArg,
    kind: Annotated[
        str,
        typer.Option(
            help="municipality | municipal_unit | community | neighbourhood "
            "(δήμος, δ.ε., κοινότητα, γειτονιά)"
        ),
    ] = "municipality",
    name_field: Annotated[str | None, typer.Option(help="πεδίο ονόματος / name column")] = None,
    code_field: Annotated[str | None, typer.Option(help="πεδίο κωδικού / code column")] = None,
    crs: CrsOpt = None,
    encoding: EncodingOpt = None,
    licence: LicenceOpt = None,
) -> None:
    """Εισάγει όρια / Import the municipality, its units and communities, or neighbourhoods."""
    from gis.importers.jobs import import_boundary
    from layers.db.database import connect
    from layers.registry import registry_for

    settings = PolisSettings()
    with connect(settings) as conn, out.status("εισαγωγή ορίων / importing boundaries"):
        report = import_boundary(
            conn,
            registry_for(settings),
            file,
            kind=kind,
            name_field=name_field,
            code_field=code_field,
            crs=crs,
            encoding=encoding,
            licence=licence,
        )
    print_report(report)


@import_app.command("layer")
def layer(
    layer_id: Annotated[str, typer.Argument(metavar="LAYER", help="επίπεδο / registry layer")],
    file: FileArg,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="πηγή=πεδίο / source column=layer attribute (repeatable)"),
    ] = None,
    crs: CrsOpt = None,
    encoding: EncodingOpt = None,
    source_layer: Annotated[
        str | None, typer.Option(help="επίπεδο του αρχείου / layer inside a GeoPackage")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="αντικατάσταση / replace the layer's content")
    ] = False,
    licence: LicenceOpt = None,
) -> None:
    """Εισάγει αρχείο σε επίπεδο / Import GeoJSON, GeoPackage, Shapefile or CSV into a layer."""
    from gis.importers.jobs import import_layer
    from layers.db.database import connect
    from layers.registry import registry_for

    settings = PolisSettings()
    with connect(settings) as conn, _progress() as bar:
        task = bar.add_task(f"εγγραφή / writing {layer_id}", total=None)
        report = import_layer(
            conn,
            registry_for(settings),
            layer_id,
            file,
            mapping=map_,
            crs=crs,
            encoding=encoding,
            source_layer=source_layer,
            replace=replace,
            licence=licence,
            progress=lambda _layer, done, total: bar.update(task, completed=done, total=total),
        )
    print_report(report)


@import_app.command("dem")
def dem(
    files: Annotated[
        list[Path], typer.Argument(help="πλακίδια SRTM .hgt / GeoTIFF / SRTM .hgt or GeoTIFF tiles")
    ],
    boundary_file: Annotated[
        Path | None,
        typer.Option(
            "--boundary",
            help="όριο αποκοπής (αλλιώς ο δήμος της βάσης) / clip area (default: the "
            "municipality in the database)",
        ),
    ] = None,
    margin: Annotated[float, typer.Option(min=0, help="περιθώριο (m) / margin (m)")] = 1000.0,
    cell_size: Annotated[float, typer.Option(min=1, help="μέγεθος κελιού (m) / cell (m)")] = 30.0,
    licence: LicenceOpt = None,
) -> None:
    """Εισάγει DEM / Import a DEM: mosaic, fill voids, EPSG:2100, clip, COG + slope.

    Αποθηκεύεται στον χώρο ψηφιδωτών της βάσης και στον κατάλογό της. / Stored in the database's raster store and catalogue (`polis rasters`).
    """  # one line per language: typer keeps the line breaks of a docstring
    from gis.importers.jobs import clip_area, import_dem
    from layers.db.database import connect
    from layers.imports.areas import municipality_area

    settings = PolisSettings()
    if boundary_file is not None:
        area = clip_area(boundary_file)
    else:
        with connect(settings) as conn:
            area = municipality_area(conn)
        if area is None:
            raise InvalidInput(
                "no municipality boundary in the database: run `polis import boundary FILE` "
                "first or give --boundary FILE",
                field="boundary",
            )
    status = out.status("DEM: ψηφιδωτό, συμπλήρωση κενών / mosaic, void fill, reprojection")
    with connect(settings) as conn, status:
        result = import_dem(
            conn,
            settings.raster_dir,
            files,
            area=area,
            margin=margin,
            cell_size=cell_size,
            licence=licence,
        )
    table = Table("αρχείο / file", "κελιά / cells", "κενά / voids filled", "min (m)", "max (m)")
    rows, cols = result.shape
    table.add_row(
        str(result.dem_path),
        f"{cols} × {rows}",
        str(result.voids_filled),
        f"{result.min_elevation:.1f}",
        f"{result.max_elevation:.1f}",
    )
    table.add_row(str(result.slope_path), f"{cols} × {rows}", "", "", "")
    out.print(table)


@import_app.command("gtfs")
def gtfs(file: FileArg, licence: LicenceOpt = None) -> None:
    """Εισάγει δρομολόγια GTFS / Import a static GTFS feed (.zip), validated first."""
    from gis.importers.jobs import import_gtfs
    from layers.db.database import connect
    from layers.registry import registry_for

    settings = PolisSettings()
    with connect(settings) as conn, out.status("GTFS: έλεγχος / validating"):
        report = import_gtfs(conn, registry_for(settings), file, licence=licence)
    print_report(report)
