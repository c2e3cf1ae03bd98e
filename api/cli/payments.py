"""``polis payments ...``: reconciliation of a bank statement."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from api.settings import PolisSettings
from layers.db.database import connect_async
from layers.payments.orders import reconcile
from layers.payments.statements import read_statement

payments_app = typer.Typer(help="Πληρωμές / Payments.", no_args_is_help=True)
out = Console()


@payments_app.command("reconcile")
def reconcile_file(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="κίνηση τράπεζας / statement CSV")],
) -> None:
    """Συμφωνεί πληρωμές με εντολές κατά RF / Match payments to orders by RF reference."""
    lines = read_statement(file.read_text(encoding="utf-8-sig"))
    settings = PolisSettings()

    async def run() -> dict[str, Any]:
        async with await connect_async(settings) as conn:
            await conn.set_autocommit(True)
            return await reconcile(conn, lines)

    result = asyncio.run(run())
    out.print(
        f"αντιστοιχίστηκαν / matched {len(result['matched'])}, "
        f"χωρίς εντολή / unmatched {len(result['unmatched'])}, "
        f"ήδη γνωστές / seen before {result['skipped']}"
    )
