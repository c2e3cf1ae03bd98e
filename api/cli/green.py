"""``polis green``: the urban-green office's batch work from the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.settings import PolisSettings
from gis.green.planning import refresh_planting_priority
from layers.db.database import connect_async
from layers.green.orders import generate_inspections

green_app = typer.Typer(help="Αστικό πράσινο / Urban green.", no_args_is_help=True)
out = Console()


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=out
    )


@green_app.command("schedule")
def schedule(
    today: Annotated[str | None, typer.Option(help="ημερομηνία / date (YYYY-MM-DD)")] = None,
    horizon: Annotated[int, typer.Option(min=0, max=366, help="ημέρες μπροστά / days ahead")] = 30,
) -> None:
    """Ανοίγει τις τακτικές επιθεωρήσεις που λήγουν / Open the recurring inspections due."""
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise typer.BadParameter("--today: use YYYY-MM-DD", param_hint="--today") from None
    settings = PolisSettings()

    async def run() -> int:
        async with await connect_async(settings) as conn:
            created = await generate_inspections(conn, today=day, horizon_days=horizon)
            await conn.commit()
            return created

    with _progress() as bar:
        bar.add_task("επιθεωρήσεις / inspections…", total=None)
        created = asyncio.run(run())
    out.print(f"νέες εντολές επιθεώρησης / new inspection orders: {created}")


@green_app.command("plan")
def plan() -> None:
    """Υπολογίζει κάλυψη κόμης, προτεραιότητα φύτευσης και οφέλη ανά γειτονιά /
    Recompute canopy, planting priority and benefits per neighbourhood."""
    settings = PolisSettings()

    async def run() -> list[dict[str, object]]:
        async with await connect_async(settings) as conn:
            rows = await refresh_planting_priority(conn)
            await conn.commit()
            return rows

    with _progress() as bar:
        bar.add_task("γειτονιές / neighbourhoods…", total=None)
        rows = asyncio.run(run())
    table = Table(
        "id",
        "δέντρα / trees",
        "κόμη / canopy %",
        "πλημμύρα / flood %",
        "θερμότητα / heat",
        "προτεραιότητα / priority",
        "C kg",
    )
    for r in rows:
        table.add_row(
            *(
                str(r[k])
                for k in (
                    "id",
                    "trees",
                    "canopy_pct",
                    "flood_pct",
                    "heat_index",
                    "priority_class",
                    "carbon_kg",
                )
            )
        )
    out.print(table)
