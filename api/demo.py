"""``polis demo load``: the synthetic demo town into the database, with progress."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gis.demo import generate_demo
from gis.demo.dem import synthetic_dem, write_cog
from layers.db.bulk import is_empty, load_records
from layers.db.database import connect
from layers.db.settings import PolisSettings
from layers.registry import default_registry

SOURCE = "Polis synthetic demo town / συνθετική πόλη επίδειξης"
LICENCE = "CC0-1.0"


def load_demo(settings: PolisSettings, *, if_empty: bool, seed: int, console: Console) -> None:
    """Generate and load the demo (one transaction); skip when ``if_empty`` and data exist."""
    registry = default_registry()
    with connect(settings) as conn:
        if if_empty and not is_empty(conn, registry):
            console.print("η βάση έχει ήδη δεδομένα / the database already holds data: skipped")
            return
        with console.status("δημιουργία πόλης / generating the demo town"):
            records = generate_demo(seed=seed)
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
    dem_path = settings.var_dir / "rasters" / "dem.tif"
    if not dem_path.exists():
        dem_path.parent.mkdir(parents=True, exist_ok=True)
        write_cog(synthetic_dem(), dem_path)
    total = sum(counts.values())
    console.print(
        f"φορτώθηκαν / loaded {total} αντικείμενα / features in {len(counts)} επίπεδα / layers; "
        f"DEM: {dem_path}"
    )
