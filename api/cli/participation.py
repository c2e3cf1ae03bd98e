"""``polis participation``: import the census, count a process and write its pabulib
files from the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from api.routes.participation_access import key_of
from api.security.credentials import resolve_secret
from api.settings import PolisSettings
from gis.demo.participation import (
    DEMO_BUDGETS,
    DEMO_DRAFT,
    DEMO_PLACES,
    DEMO_PROPOSALS,
    demo_process,
)
from gis.participation.census import keyed_census
from gis.participation.counting import as_pabulib
from gis.participation.drafts import parse_markdown
from gis.participation.elections import process_elections, tally
from gis.participation.keys import keyed
from layers.db.database import connect_async
from layers.participation.ballots import mark_funded
from layers.participation.consultations import add_place, article_period, create_regulation
from layers.participation.processes import create_process, get_process
from layers.participation.proposals import create_proposal, review_proposal
from layers.participation.residents import neighbourhood_names, replace_census
from models.participation.enums import PlaceKind, Verdict

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
    text, key = file.read_text(encoding="utf-8-sig"), key_of(resolve_secret(settings))

    async def run() -> int:
        async with await connect_async(settings) as conn:
            rows = keyed_census(text, key, known=await neighbourhood_names(conn))
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
                target.write_text(as_pabulib(election, process.rule), encoding="utf-8")
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


@participation_app.command("demo")
def demo() -> None:
    """Δείγμα / A sample process in its voting phase and an open consultation."""
    settings = PolisSettings()
    author = keyed(key_of(resolve_secret(settings)), "author", "demo")
    now = dt.datetime.now(dt.UTC)

    async def run() -> tuple[int, int]:
        async with await connect_async(settings) as conn:
            budgets = [(place, Decimal(amount)) for place, amount in DEMO_BUDGETS]
            pid = await create_process(conn, demo_process(now), budgets)
            process = await get_process(conn, pid)
            for p in DEMO_PROPOSALS:
                budget = process.budget_for(p.neighbourhood)
                assert budget is not None
                proposal = await create_proposal(
                    conn,
                    process_id=pid,
                    budget_id=budget["id"],
                    author_key=author,
                    title=p.title,
                    description=p.description,
                    cost=Decimal(p.cost),
                    geometry=json.dumps(p.geometry),
                )
                verdict = Verdict.FEASIBLE if p.feasible else Verdict.NOT_FEASIBLE
                await review_proposal(
                    conn, proposal, verdict=verdict, reviewed_cost=None, answer=p.answer
                )
            articles = parse_markdown(DEMO_DRAFT)
            rid = await create_regulation(
                conn,
                title="Κανονισμός λαϊκής αγοράς (επίδειξη)",
                opens_at=now - dt.timedelta(days=1),
                closes_at=now + dt.timedelta(days=13),
                source_name="demo.md",
                articles=[(a.chapter, a.number, a.title, a.text) for a in articles],
            )
            for number, kind, name, geometry in DEMO_PLACES:
                article_id, _, _ = await article_period(conn, rid, number)
                await add_place(conn, article_id, PlaceKind(kind), name, json.dumps(geometry))
            await conn.commit()
            return pid, rid

    pid, rid = asyncio.run(run())
    out.print(f"διαδικασία / process {pid}; διαβούλευση / consultation {rid}")
