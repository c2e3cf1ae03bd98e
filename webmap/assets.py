"""Where the web map's browser assets live on disk and the URLs they are served under.

Our own JavaScript and CSS are in ``webmap/static``; the third-party ones are installed
by ``setup.sh`` (``npm ci`` of ``webmap/package.json``) into ``webmap/node_modules``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.errors import ConfigurationError

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
NODE_MODULES = PACKAGE_DIR / "node_modules"

#: URL prefix of our own assets.
STATIC_URL = "/webmap/static"
#: URL prefix of the npm-installed assets.
VENDOR_URL = "/webmap/vendor"


@dataclass(frozen=True)
class VendorPackage:
    """An npm package whose ``dist`` folder is served under ``VENDOR_URL/<mount>``."""

    npm_name: str
    mount: str
    dist: str = "dist"

    @property
    def directory(self) -> Path:
        return NODE_MODULES / self.npm_name / self.dist

    @property
    def url(self) -> str:
        return f"{VENDOR_URL}/{self.mount}"


LEAFLET = VendorPackage("leaflet", "leaflet")
VECTORGRID = VendorPackage("leaflet.vectorgrid", "vectorgrid")
#: Bootstrap and Swagger UI for the OGC API's HTML pages (webmap/pygeoapi_templates).
BOOTSTRAP = VendorPackage("bootstrap", "bootstrap")
SWAGGER_UI = VendorPackage("swagger-ui-dist", "swagger-ui", dist=".")
VENDOR_PACKAGES: tuple[VendorPackage, ...] = (LEAFLET, VECTORGRID, BOOTSTRAP, SWAGGER_UI)

#: Scripts of a page, in load order (name, URL).
SCRIPTS: tuple[tuple[str, str], ...] = (
    ("leaflet", f"{LEAFLET.url}/leaflet.js"),
    ("vectorgrid", f"{VECTORGRID.url}/Leaflet.VectorGrid.bundled.min.js"),
)
#: Style sheets of a page (name, URL).
STYLESHEETS: tuple[tuple[str, str], ...] = (
    ("leaflet_css", f"{LEAFLET.url}/leaflet.css"),
    ("polis_css", f"{STATIC_URL}/polis-map.css"),
    ("mobility_css", f"{STATIC_URL}/mobility.css"),
)
#: The page icon.
FAVICON = f"{STATIC_URL}/favicon.svg"
#: Our page scripts, in load order after Leaflet (the application, then its controls).
APP_SCRIPTS: tuple[str, ...] = tuple(
    f"{STATIC_URL}/{name}"
    for name in (
        "polis-map.js",
        "polis-controls.js",
        "polis-tools.js",
        "live.js",
        "markets.js",
        "mobility.js",
    )
)


class WebAssetsMissing(ConfigurationError):
    """The npm-installed browser assets are not on disk (``setup.sh`` was not run)."""

    status = 503
    code = "WebAssetsMissing"
    title = "Web map assets missing"


def missing_vendor_packages() -> list[str]:
    """Names of the npm packages whose ``dist`` folder is missing (empty when all are in)."""
    return [p.npm_name for p in VENDOR_PACKAGES if not p.directory.is_dir()]


def check_vendor_assets() -> None:
    """Raise :class:`WebAssetsMissing` naming what is missing and how to install it."""
    missing = missing_vendor_packages()
    if missing:
        raise WebAssetsMissing(
            f"web map assets not installed ({', '.join(missing)}): run ./setup.sh "
            f"(npm ci in {PACKAGE_DIR})"
        )
