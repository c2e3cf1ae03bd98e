"""Another municipality by configuration only: a second ``polis serve`` on the session's
demo database under a profile written here (Trikala, ODbL, three domains) shows that
municipality on every page, title and OGC document, never the default one, and serves
no collection of a domain the profile leaves out."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from polis_server import polis_server

from api.settings import PolisSettings

NAME_EL, NAME_EN = "Δήμος Τρικκαίων", "Municipality of Trikala"
CONTACT = "gis@trikalacity.gr"
ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"  # the demo data's licence
DOMAINS = ("core", "transit", "mobility")
PROFILE = f"""
kallikratis_code = "TRI"
licence = "ODbL-1.0"
website = "https://trikalacity.gr"
mail_from = "no-reply@trikalacity.gr"
zoom = 14
domains = {list(DOMAINS)!r}

[name]
el = "{NAME_EL}"
en = "{NAME_EN}"

[centre]
lon = 21.768
lat = 39.555

[keywords]
el = ["Τρίκαλα", "Θεσσαλία"]
en = ["Trikala", "Thessaly"]

[contact]
name = {{ el = "Γραφείο GIS", en = "GIS office" }}
email = "{CONTACT}"
address = "Ασκληπιού 18"
postcode = "42100"
city = {{ el = "Τρίκαλα", en = "Trikala" }}
"""
#: Where the default municipality's name would show through.
FORBIDDEN = ("karditsa", "καρδίτσ")
#: Layers of domains the profile leaves out (parking, green, hazards, commerce).
DISABLED = ("parking_zones", "parking_bays", "trees", "green_areas", "flood_zones", "businesses")
PAGES = ("/", "/civil-protection", "/field", "/staff")


@pytest.fixture(scope="module")
def trikala(
    demo_settings: PolisSettings,
    unused_port: Callable[[], int],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[httpx.Client]:
    """A client of ``polis serve`` under the Trikala profile (its own port and var dir:
    the generated pygeoapi configuration differs from the session server's)."""
    home = tmp_path_factory.mktemp("trikala")
    profile = home / "trikala.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    env = {"POLIS_PROFILE": str(profile), "POLIS_VAR_DIR": str(home / "var")}
    log = home / "server.log"
    args = ("--workers", "1")
    with polis_server(demo_settings, port=unused_port(), log=log, args=args, env=env) as server:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            wait_ready(client, server.proc.poll, log)
            yield client


def wait_ready(client: httpx.Client, exited: Callable[[], int | None], log: Path) -> None:
    """Wait until the server answers its OGC landing page."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if exited() is not None:
            pytest.fail(f"polis serve exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if client.get("/ogc/conformance").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"polis serve did not answer in 90 s:\n{log.read_text(errors='replace')[-3000:]}")


def fetch(client: httpx.Client, path: str) -> str:
    """The body of a 200 answer to ``path``, checked free of the default municipality."""
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    folded = r.text.casefold()
    leaks = [word for word in FORBIDDEN if word in folded]
    assert not leaks, f"{path} names the default municipality ({leaks})"
    return r.text


@pytest.mark.parametrize("path", PAGES)
def test_every_map_page_is_the_profiles(trikala: httpx.Client, path: str) -> None:
    html = fetch(trikala, path)
    assert NAME_EL in html and NAME_EN in html
    assert "<title>" in html and f"— {NAME_EL}</title>" in html
    assert '"center": [39.555, 21.768], "zoom": 14' in html  # Leaflet's [lat, lon]


def test_field_map_offers_no_trees_when_green_is_off(trikala: httpx.Client) -> None:
    html = fetch(trikala, "/field")
    assert '"nearestLayer": null' in html and '"id": "trees"' not in html


def test_application_openapi_title(trikala: httpx.Client) -> None:
    fetch(trikala, "/openapi.json")
    info = trikala.get("/openapi.json").json()["info"]
    assert NAME_EL in info["title"] and NAME_EN in info["title"]
    assert NAME_EN in info["description"]


@pytest.mark.parametrize(("lang", "name"), [("el", NAME_EL), ("en", NAME_EN)])
def test_ogc_landing_page(trikala: httpx.Client, lang: str, name: str) -> None:
    fetch(trikala, f"/ogc?f=json&lang={lang}")
    landing = trikala.get(f"/ogc?f=json&lang={lang}").json()
    assert name in landing["title"] and name in landing["description"]
    html = fetch(trikala, f"/ogc?f=html&lang={lang}")
    assert name in html and CONTACT in html and ODBL in html


def test_ogc_openapi_document(trikala: httpx.Client) -> None:
    fetch(trikala, "/ogc/openapi?f=json")
    info = trikala.get("/ogc/openapi?f=json").json()["info"]
    assert NAME_EL in info["title"]
    assert info["license"]["url"] == ODBL
    assert CONTACT in str(info["contact"])
    assert "trikalacity.gr" in info["contact"]["url"]


def test_collections_carry_the_right_licence_links(trikala: httpx.Client) -> None:
    fetch(trikala, "/ogc/collections?f=json")
    assert NAME_EL in fetch(trikala, "/ogc/collections?f=html")
    collections = trikala.get("/ogc/collections?f=json").json()["collections"]
    assert collections
    for collection in collections:
        licences = [link for link in collection["links"] if link["rel"] == "license"]
        assert len(licences) == 1, collection["id"]
        # the demo data say CC0-1.0; a collection with no stated source gets the profile's
        assert licences[0]["href"] in (CC0, ODBL), (collection["id"], licences)
    boundaries = next(c for c in collections if c["id"] == "boundaries")
    assert [x["href"] for x in boundaries["links"] if x["rel"] == "license"] == [CC0]
    collection_html = fetch(trikala, "/ogc/collections/boundaries?f=html")
    assert NAME_EL in collection_html


def test_disabled_domains_are_not_served(trikala: httpx.Client) -> None:
    ids = {c["id"] for c in trikala.get("/ogc/collections?f=json").json()["collections"]}
    assert {"boundaries", "roads", "transit_stops", "footways"} <= ids
    assert not ids & set(DISABLED)
    for layer in DISABLED:
        for path in (f"/ogc/collections/{layer}", f"/ogc/collections/{layer}/items?limit=1"):
            assert trikala.get(path).status_code == 404, path
    assert trikala.get("/ogc/collections/transit_stops/items?limit=1").status_code == 200
