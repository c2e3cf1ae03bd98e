"""``polis markets ...``: licences from a ΟΠΣΑΑ export and market-day street closures."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from api.settings import PolisSettings
from layers.commerce.closures import make_closures
from layers.commerce.licences import read_licences, sync_licences
from layers.db.database import connect_async

markets_app = typer.Typer(help="Λαϊκές αγορές / Street markets.", no_args_is_help=True)
out = Console()


@markets_app.command("licences")
def licences(
    file: Annotated[
        Path, typer.Argument(dir_okay=False, help="εξαγωγή ΟΠΣΑΑ / ΟΠΣΑΑ export (CSV)")
    ],
) -> None:
    """Εισάγει/ενημερώνει άδειες κατά αριθμό / Import or update licences by number."""
    rows = read_licences(file.read_text(encoding="utf-8-sig"))
    settings = PolisSettings()

    async def run() -> tuple[int, int, int]:
        async with await connect_async(settings) as conn:
            await conn.set_autocommit(True)
            with Progress(
                TextColumn("[bold]άδειες / licences"),
                BarColumn(),
                MofNCompleteColumn(),
                console=out,
            ) as bar:
                task = bar.add_task("sync", total=len(rows))
                report = await sync_licences(
                    conn, rows, progress=lambda done: bar.update(task, completed=done)
                )
        return report.inserted, report.updated, report.unchanged

    inserted, updated, unchanged = asyncio.run(run())
    out.print(
        f"νέες / new {inserted}, ενημερώθηκαν / updated {updated}, ίδιες / unchanged {unchanged}"
    )


@markets_app.command("closures")
def closures(
    market: Annotated[int, typer.Option(min=1, help="αγορά / market id")],
    start: Annotated[str, typer.Option(help="από / from (YYYY-MM-DD)")],
    days: Annotated[int, typer.Option(min=1, max=366, help="ημέρες / days")] = 28,
) -> None:
    """Κλεισίματα δρόμων από τη διάταξη / Street closures from the stall layout."""
    settings = PolisSettings()
    first = dt.date.fromisoformat(start)

    async def run() -> int:
        async with await connect_async(settings) as conn:
            await conn.set_autocommit(True)
            return len(await make_closures(conn, market, first, days))

    out.print(f"κλεισίματα / closures: {asyncio.run(run())}")
