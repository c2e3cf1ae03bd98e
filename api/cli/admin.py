"""``polis users`` and ``polis audit``: accounts and the audit log from the command line."""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

import typer
from rich.console import Console

from api.security.credentials import hash_password
from api.settings import PolisSettings
from layers.accounts.audit import purge_audit
from layers.accounts.store import create_account
from layers.db.database import connect, connect_async
from models.auth import Role
from models.auth_schemas import StaffCreate

users_app = typer.Typer(help="Λογαριασμοί / Accounts.", no_args_is_help=True)
audit_app = typer.Typer(help="Ημερολόγιο αλλαγών / Audit log.", no_args_is_help=True)
out = Console()


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="email (σύνδεση / sign-in name)")],
    name: Annotated[str, typer.Option(help="όνομα / display name")],
    role: Annotated[list[Role], typer.Option(help="ρόλος / role (repeatable)")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="κωδικός από stdin / read password from stdin")
    ] = False,
) -> None:
    """Δημιουργεί λογαριασμό υπαλλήλου ή διαχειριστή / Create a staff or admin account."""
    password = (
        sys.stdin.readline().rstrip("\n")
        if password_stdin
        else typer.prompt("κωδικός / password", hide_input=True, confirmation_prompt=True)
    )
    body = StaffCreate(email=email, display_name=name, password=password, roles=role)
    settings = PolisSettings()

    async def run() -> int:
        async with await connect_async(settings) as conn:
            account = await create_account(
                conn,
                email=body.email,
                display_name=body.display_name,
                password_hash=hash_password(body.password),
                roles=[r.value for r in body.roles],
                verified=True,
            )
            await conn.commit()
            return account.id

    account_id = asyncio.run(run())
    out.print(f"λογαριασμός / account {account_id}: {email} ({', '.join(role)})")


@audit_app.command("purge")
def audit_purge(
    days: Annotated[
        int | None, typer.Option(min=1, help="παλαιότερες από / older than (default: setting)")
    ] = None,
) -> None:
    """Διαγράφει ό,τι ξεπέρασε τη διατήρηση / Delete entries past the retention period."""
    settings = PolisSettings()
    with connect(settings) as conn:
        removed = purge_audit(conn, older_than_days=days or settings.audit_retention_days)
    out.print(f"διαγράφηκαν / purged {removed}")
