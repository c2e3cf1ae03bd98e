"""The web map pages (one per audience) and their browser assets.

Pages are rendered once per process from the registry (they hold metadata only; the
features are fetched live by the browser from ``/ogc``). Our own assets are served from
``webmap/static``, the npm-installed ones from ``webmap/node_modules/<pkg>/dist``.
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from layers.registry import Audience, Registry
from models.profile import MunicipalityProfile
from webmap.assets import STATIC_DIR, STATIC_URL, VENDOR_PACKAGES, check_vendor_assets
from webmap.audiences import PAGES, page_for
from webmap.page import render_page

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=16)
def _page_html(audience: Audience, registry: Registry, profile: MunicipalityProfile) -> str:
    check_vendor_assets()
    return render_page(page_for(audience), registry, profile)


def _add_page_route(audience: Audience, path: str) -> None:
    async def page(request: Request) -> HTMLResponse:
        state = request.app.state
        html = _page_html(audience, state.registry, state.settings.municipality)
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    page.__name__ = f"webmap_{audience.value}"
    router.add_api_route(path, page, methods=["GET"], response_class=HTMLResponse)


for _page in PAGES:
    _add_page_route(_page.audience, _page.path)


def install_webmap(app: FastAPI) -> None:
    """Add the web map pages and mount their static assets on ``app``."""
    app.include_router(router)
    app.mount(STATIC_URL, StaticFiles(directory=STATIC_DIR), name="webmap-static")
    for package in VENDOR_PACKAGES:
        app.mount(
            package.url,
            StaticFiles(directory=package.directory, check_dir=False),
            name=f"webmap-vendor-{package.mount}",
        )
