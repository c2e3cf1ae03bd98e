"""The participation pages: ``/participation`` (participatory budgeting) and
``/consultations`` (regulations), reached from the citizen map."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from models.profile import MunicipalityProfile
from webmap.participation.pages import render

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=8)
def _html(kind: str, profile: MunicipalityProfile) -> str:
    return render(kind, profile)


@router.get("/participation", response_class=HTMLResponse)
async def participation_page(request: Request) -> HTMLResponse:
    """The participatory-budgeting page."""
    html = _html("participation", request.app.state.settings.municipality)
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})


@router.get("/consultations", response_class=HTMLResponse)
async def consultations_page(request: Request) -> HTMLResponse:
    """The consultations page."""
    html = _html("consultations", request.app.state.settings.municipality)
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})
