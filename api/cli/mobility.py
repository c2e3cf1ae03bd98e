"""``polis mobility``: the pedestrian graph, a route and the crossing audit from the
command line."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.settings import PolisSettings
from gis.mobility import service
from gis.mobility.audit import audit
from gis.mobility.router import RoutingError
from layers.db.database import connect_async
from layers.mobility.store import audit_rows
from models.mobility.schemas import PROFILE_NAMES, RouteRequest

mobility_app = typer.Typer(
    help="Προσβάσιμη μετακίνηση / Accessible mobility.", no_args_is_help=True
)
out = Console()


def _lonlat(text: str, name: str) -> tuple[float, float]:
    try:
        lon, lat = (float(v) for v in text.split(","))
    except ValueError:
        raise typer.BadParameter(f"{name}: use LON,LAT", param_hint=name) from None
    return lon, lat


@mobility_app.command("graph")
def graph() -> None:
    """Χτίζει τον γράφο πεζών και δείχνει το μέγεθός του / Build the pedestrian graph and
    show its size."""
    settings = PolisSettings()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=out) as bar:  # fmt: skip
        bar.add_task("γράφος πεζών / pedestrian graph…", total=None)
        router = service.network_for(settings).router()
    g = router.graph.g
    crossings = sum(1 for _, _, d in g.edges(data=True) if d["crossing"] is not None) // 2
    out.print(
        f"κόμβοι / nodes {g.number_of_nodes():,}; ακμές / directed edges {g.number_of_edges():,}; "
        f"διαβάσεις / crossing edges {crossings:,}; "
        f"φραγμένα από αναφορές / blocked by reports {len(router.graph.barriers)}"
    )


@mobility_app.command("route")
def route(
    start: Annotated[str, typer.Argument(help="LON,LAT")],
    end: Annotated[str, typer.Argument(help="LON,LAT")],
    profile: Annotated[str, typer.Option(help=" | ".join(PROFILE_NAMES))] = "pedestrian",
    lang: Annotated[str, typer.Option(help="el | en")] = "el",
) -> None:
    """Διαδρομή με οδηγίες / A route with its directions."""
    if profile not in PROFILE_NAMES:
        raise typer.BadParameter(f"one of {', '.join(PROFILE_NAMES)}", param_hint="--profile")
    request = RouteRequest.model_validate(
        {"from": _lonlat(start, "START"), "to": _lonlat(end, "END"), "profile": profile}
    )
    try:
        fc = service.route(PolisSettings(), request)
    except RoutingError as exc:
        out.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    props = fc["features"][0]["properties"]
    out.print(f"{props['length_m']:.0f} m, {props['duration_s'] / 60:.1f} min")
    for i, step in enumerate(props["instructions"], start=1):
        out.print(f"{i}. {step['el' if lang == 'el' else 'en']}")


@mobility_app.command("audit")
def crossing_audit(limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20) -> None:
    """Διαβάσεις που χρειάζονται βελτίωση, πρώτα κοντά σε σχολεία / Crossings that need
    work, those near schools first."""
    settings = PolisSettings()

    async def rows() -> list[dict[str, object]]:
        async with await connect_async(settings) as conn:
            return await audit_rows(conn, 300.0)

    features = audit(asyncio.run(rows()))
    table = Table("#", "id", "λείπει / missing", "σχολείο / school (m)")
    for f in features[:limit]:
        p = f["properties"]
        school = p["near_school"]
        table.add_row(str(p["rank"]), str(f["id"]), ", ".join(p["missing_en"]),
                      f"{school['name'] or ''} ({school['distance_m']:.0f})" if school else "")  # fmt: skip
    out.print(table)
