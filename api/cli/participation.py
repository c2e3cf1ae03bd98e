"""``polis participation``: import the census, count a process and write its pabulib
files from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from api.routes.participation_access import key_of
from api.security.credentials import resolve_secret
from api.settings import PolisSettings
from gis.participation.census import keyed_census
from gis.participation.counting import as_pabulib
from gis.participation.elections import process_elections, tally
from layers.db.database import connect_async
from layers.participation.ballots import mark_funded
from layers.participation.processes import get_process
from layers.participation.residents import replace_census

participation_app = typer.Typer(
    help="Συμμετοχικός προϋπολογισμός / Participatory budgeting.", no_args_is_help=True
)
out = Console()


@participation_app.command("census")
def census(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="CSV: document_hash, birth_year, neighbourhood"
        ),
    ],
) -> None:
    """Αντικαθιστά το δημοτολόγιο / Replace the census (all or nothing, stored keyed)."""
    settings = PolisSettings()
    rows = keyed_census(file.read_text(encoding="utf-8-sig"), key_of(resolve_secret(settings)))

    async def run() -> int:
        async with await connect_async(settings) as conn:
            n = await replace_census(conn, rows)
            await conn.commit()
            return n

    with Progress(console=out, transient=True) as progress:
        progress.add_task("δημοτολόγιο / census", total=None)
        n = asyncio.run(run())
    out.print(f"δημοτολόγιο / census: {n} residents")


@participation_app.command("results")
def results(
    process_id: Annotated[int, typer.Argument(help="η διαδικασία / the process")],
    pabulib: Annotated[
        Path | None, typer.Option(help="φάκελος για .pb / folder for .pb files")
    ] = None,
) -> None:
    """Καταμέτρηση / Count a process by its rule, record the funded projects, write .pb."""
    settings = PolisSettings()

    async def run() -> list[dict[str, Any]]:
        async with await connect_async(settings) as conn:
            process = await get_process(conn, process_id)
            elections = await process_elections(conn, process, unit=settings.municipality.name.en)
            counted = tally(process, elections)
            await mark_funded(conn, process_id, [p for b in counted for p in b["funded"]])
            await conn.commit()
        if pabulib is not None:
            pabulib.mkdir(parents=True, exist_ok=True)
            for budget, election in elections:
                target = pabulib / f"polis_{process_id}_{budget['id']}.pb"
                target.write_text(as_pabulib(election), encoding="utf-8")
        return counted

    table = Table("budget", "ballots", "funded", "spent")
    for row in asyncio.run(run()):
        table.add_row(
            str(row["neighbourhood"] or "city-wide"),
            str(row["ballots"]),
            ", ".join(str(p) for p in row["funded"]),
            str(row["spent"]),
        )
    out.print(table)
