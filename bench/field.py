"""Benchmark the crews' field map (``/field``) on an emulated slow-3G phone in Chromium.

Usage::

    .venv/bin/python bench/field.py [--runs 3] [--no-record]

Creates a throw-away cluster with the demo town, serves it with ``polis serve``, signs a
green-crew account in and measures, in Debian's Chromium with the network throttled by
CDP ``Network.emulateNetworkConditions`` (DevTools "Slow 3G": 2,000 ms latency,
400 kbit/s down and up):

(and, for scale, DevTools "Fast 3G": 563 ms, 1.44 Mbit/s):

* **first load**: a fresh context (empty caches) until the crew panel is ready
  (``window.polisField.ready``, set once the page, Leaflet and our scripts ran);
* **repeat load**: a reload of the same context, the service worker installed (page
  and assets from its cache);
* peer, side by side: the **repeat load without the service worker** (``service_workers
  = "block"``: only the browser's HTTP cache, which revalidates the page and assets);
* **sync of 100 queued edits**: 100 inspections queued offline in IndexedDB, then the
  time from going online until the outbox is empty (loopback, not throttled: the
  figure is our client and server work); peer: the same 100 POSTs sent by httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shlex
import shutil
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

import httpx
import psycopg
from playwright.sync_api import Browser, BrowserContext, sync_playwright
from report import machine, record
from stack import (
    free_port,
    load_demo,
    make_workdir,
    prepare_database,
    start_polis,
    stop,
    wait_ready,
)

from api.security.credentials import hash_password
from api.settings import PolisSettings
from layers.accounts.store import create_account
from layers.db.database import embedded_cluster

RESULTS = Path(__file__).with_name("RESULTS.md")
SECTION = "## Field map (green crews): slow-3G loads and offline sync (`bench/field.py`)"
INTRO = (
    "bench/field.py: first and repeat load of /field on an emulated slow-3G phone "
    "(Chromium, CDP throttling) with and without the service worker, and the time to "
    "sync 100 edits queued offline against the same POSTs sent by httpx."
)
#: Chrome DevTools' presets (latency ms, throughput bytes/s): the goals are for slow 3G;
#: fast 3G is shown beside it for scale.
NETWORKS: dict[str, dict[str, float | bool]] = {
    "slow 3G": {
        "offline": False,
        "latency": 2000,
        "downloadThroughput": 50_000,
        "uploadThroughput": 50_000,
    },
    "fast 3G": {
        "offline": False,
        "latency": 562.5,
        "downloadThroughput": 180_000,
        "uploadThroughput": 84_375,
    },
}
READY = "window.polisField && window.polisField.ready === true"
PASSWORD = "bench field password"
CHROMIUM = "/usr/bin/chromium"


def account(dsn: str, name: str) -> str:
    """A green-crew account (each side of the sync gets its own: edits are rate-limited
    per account, 120 a minute by default)."""

    async def make() -> str:
        async with await psycopg.AsyncConnection.connect(dsn) as c:
            a = await create_account(
                c,
                email=f"{name}@bench.polis.example",
                display_name=name,
                roles=["green"],
                password_hash=hash_password(PASSWORD),
                verified=True,
            )
            await c.commit()
            return a.email

    return asyncio.run(make())


def sign_in(base: str, email: str) -> str:
    r = httpx.post(base + "/auth/token", data={"username": email, "password": PASSWORD})
    r.raise_for_status()
    token: str = r.json()["access_token"]
    return token


def throttled(ctx: BrowserContext, page: object, network: str) -> None:
    cdp = ctx.new_cdp_session(page)  # type: ignore[arg-type]
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORKS[network])


def timed_load(ctx: BrowserContext, url: str, *, reload: bool, network: str) -> float:
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    throttled(ctx, page, network)
    t0 = time.perf_counter()
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    page.wait_for_function(READY, timeout=120_000)
    return time.perf_counter() - t0


def loads(
    browser: Browser, base: str, token: str, *, worker: bool, network: str
) -> tuple[float, float]:
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        service_workers="allow" if worker else "block",
    )
    ctx.add_init_script(
        f"try {{ localStorage.setItem('polis.field.token', {token!r}); }} catch (e) {{}}"
    )
    first = timed_load(ctx, base + "/field", reload=False, network=network)
    page = ctx.pages[0]
    if worker:
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_timeout(500)
    repeat = timed_load(ctx, base + "/field", reload=True, network=network)
    ctx.close()
    return first, repeat


def sync_100(browser: Browser, base: str, token: str, tree: int) -> float:
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    ctx.add_init_script(f"localStorage.setItem('polis.field.token', {token!r});")
    page = ctx.new_page()
    page.goto(base + "/field")
    page.wait_for_function(READY)
    ctx.set_offline(True)
    page.evaluate(
        """([tree]) => { const jobs = [];
        for (let i = 0; i < 100; i++) { const key = 'bench-' + i + '-' + Date.now();
          jobs.push(window.polisField.enqueue({type: 'inspection', layer: 'tree_inspections', key: key,
            feature: {type: 'Feature', geometry: {type: 'Point', coordinates: [21.921, 39.365]},
              properties: {tree_id: tree, condition: 'good', risk: 'low', client_key: key,
                           inspected_on: '2026-12-01'}}})); }
        return Promise.all(jobs); }""",
        [tree],
    )
    page.wait_for_function("document.querySelector('#field-status').dataset.pending === '100'")
    t0 = time.perf_counter()
    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(
        "document.querySelector('#field-status').dataset.pending === '0'", timeout=300_000
    )
    took = time.perf_counter() - t0
    ctx.close()
    return took


def httpx_100(base: str, token: str, tree: int) -> float:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
        t0 = time.perf_counter()
        for i in range(100):
            r = http.post(
                "/ogc/collections/tree_inspections/items",
                headers={"Content-Type": "application/geo+json"},
                json={
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [21.921, 39.365]},
                    "properties": {
                        "tree_id": tree,
                        "condition": "good",
                        "risk": "low",
                        "client_key": f"peer-{i}-{time.time()}",
                        "inspected_on": "2026-12-01",
                    },
                },
            )
            r.raise_for_status()
        return time.perf_counter() - t0


def results_table(
    runs: dict[tuple[str, bool], list[tuple[float, float]]],
    n: int,
    sync: float,
    peer_sync: float,
) -> str:
    """The Markdown table: medians per network, with against without the worker."""
    med = statistics.median
    lines = [
        f"| measure (median of {n}) | with service worker | without (HTTP cache only) | ratio |",
        "|---|---|---|---|",
    ]
    for network in NETWORKS:
        for i, (what, goal) in enumerate((("first load", 3), ("repeat load", 1))):
            sw = med(r[i] for r in runs[(network, True)])
            plain = med(r[i] for r in runs[(network, False)])
            goal_text = f" (goal <= {goal} s)" if network == "slow 3G" else ""
            lines.append(
                f"| {what}, {network}{goal_text} | {sw:.2f} s | {plain:.2f} s | {sw / plain:.2f} |"
            )
    lines.append(
        f"| sync 100 queued inspections (loopback) | {sync:.2f} s (field map outbox) | "
        f"{peer_sync:.2f} s (httpx, same POSTs) | {sync / peer_sync:.2f} |"
    )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-record", dest="record", action="store_false")
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    workdir = make_workdir()
    settings = PolisSettings(var_dir=workdir / "var", db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    server = None
    try:
        prepare_database(settings, cluster)
        load_demo(settings)
        emails = [account(settings.dsn, name) for name in ("crew", "peer")]
        server = start_polis(settings, workers=1, workdir=workdir)
        wait_ready(server)
        base = server.base_url
        token, peer_token = (sign_in(base, e) for e in emails)
        with psycopg.connect(settings.dsn) as c:
            tree = c.execute("SELECT min(id) FROM trees").fetchone()[0]  # type: ignore[index]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            runs = {
                (network, worker): [
                    loads(browser, base, token, worker=worker, network=network)
                    for _ in range(args.runs)
                ]
                for network in NETWORKS
                for worker in (True, False)
            }
            # a fresh token: the loads may outlast an access token's lifetime
            sync = sync_100(browser, base, sign_in(base, emails[0]), tree)
            browser.close()
        peer_sync = httpx_100(base, peer_token, tree)
        table = results_table(runs, args.runs, sync, peer_sync)
        host = machine(settings.dsn, f"Playwright {version('playwright')}")
        print(f"\nMachine: {host}\n\n{table}")
        if args.record:
            record(
                RESULTS,
                section=SECTION,
                intro=INTRO,
                entry=(
                    f"### {started:%Y-%m-%d %H:%M} UTC\n\nCommand: `{shlex.join(sys.orig_argv)}`\n\n"
                    f"Machine: {host}\n\nThrottling (CDP): slow 3G = 2,000 ms latency, 400 kbit/s; "
                    f"fast 3G = 563 ms, 1.44 Mbit/s down.\n\n{table}"
                ),
            )
        return 0
    finally:
        if server is not None:
            stop(server)
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
