"""``polis demo load``: the synthetic demo town into the database, with progress."""

from __future__ import annotations

import asyncio
import datetime as dt

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.settings import PolisSettings
from gis.demo import generate_demo
from gis.demo.dem import synthetic_dem, write_cog
from gis.demo.sensors import load_demo_sensors
from gis.green.planning import refresh_planting_priority
from gis.importers.dem import Grid, slope_degrees
from gis.importers.dem import write_cog as write_grid
from layers.commerce.closures import make_all_closures
from layers.db.bulk import is_empty, load_records
from layers.db.database import connect, connect_async
from layers.db.rasters import RasterBatch, raster_catalogue, raster_transaction
from layers.registry import registry_for
from layers.registry.spec import Registry

SOURCE = "Polis synthetic demo town / συνθετική πόλη επίδειξης"
LICENCE = "CC0-1.0"


def load_demo(settings: PolisSettings, *, if_empty: bool, seed: int, console: Console) -> None:
    """Generate and load the demo (one transaction); skip when ``if_empty`` and data exist.

    The synthetic DEM and its slope go to the database's raster store in the same
    transaction, unless the catalogue holds a real (imported) DEM.
    """
    registry = registry_for(settings)
    with connect(settings) as conn, raster_transaction(conn, settings.raster_dir) as rasters:
        if if_empty and not is_empty(conn, registry):
            console.print("η βάση έχει ήδη δεδομένα / the database already holds data: skipped")
            return
        with console.status("δημιουργία πόλης / generating the demo town"):
            generated = generate_demo(seed=seed)
            records = {k: v for k, v in generated.items() if k in registry}  # enabled domains
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            tasks: dict[str, object] = {}

            def progress(layer: str, done: int, total: int) -> None:
                if layer not in tasks:
                    tasks[layer] = bar.add_task(layer, total=total)
                bar.update(tasks[layer], completed=done)  # type: ignore[arg-type]

            counts = load_records(
                conn,
                registry,
                records,
                source=SOURCE,
                synthetic=True,
                licence=LICENCE,
                replace=True,
                progress=progress,
            )
        if "sensor_readings" in registry:  # the sensors domain is enabled
            with console.status("αισθητήρες / sensors"):
                load_demo_sensors(conn, seed=seed)
        dem = raster_catalogue(conn).get("dem")
        if dem is None or dem.synthetic:
            with console.status("συνθετικό DEM / synthetic DEM"):
                stage_synthetic_dem(rasters, seed=seed)
    asyncio.run(derive_demo_layers(settings, registry, console))
    total = sum(counts.values())
    kept = dem is not None and not dem.synthetic
    where = "εισαγμένο, διατηρείται / imported, kept" if kept else settings.raster_dir / "dem.tif"
    console.print(
        f"φορτώθηκαν / loaded {total} αντικείμενα / features in {len(counts)} επίπεδα / layers; "
        f"DEM: {where}"
    )


async def derive_demo_layers(settings: PolisSettings, registry: Registry, console: Console) -> None:
    """Layers computed from the loaded ones, as an office would run them: planting priority
    per neighbourhood and the street closures of the next four weeks' market days."""
    async with await connect_async(settings) as conn:
        if "green_planting_priority" in registry:
            with console.status("προτεραιότητα φύτευσης / planting priority"):
                await refresh_planting_priority(conn)
                await conn.commit()
        if "street_closures" in registry:
            with console.status("κλεισίματα δρόμων λαϊκών / market-day street closures"):
                await conn.set_autocommit(True)
                await make_all_closures(conn, dt.date.today(), 28)


def stage_synthetic_dem(rasters: RasterBatch, *, seed: int) -> None:
    """The demo town's synthetic DEM and its slope, staged in ``rasters``."""
    dem = synthetic_dem(seed=seed)
    dem_path = write_cog(dem, rasters.staging / "dem.tif")
    rasters.add("dem", dem_path, source=SOURCE, synthetic=True, licence=LICENCE)
    slope = slope_degrees(Grid(dem.values, dem.transform))
    slope_path = write_grid(
        slope, rasters.staging / "slope.tif", band="slope", unit="degree", source=SOURCE
    )
    rasters.add("slope", slope_path, source=SOURCE, synthetic=True, licence=LICENCE)
