"""Browser of the end-to-end tests: Debian's Chromium driven by Playwright (never a
downloaded browser), one per test module: Playwright's sync API keeps an event loop
running while it is open, and fixtures of other modules call ``asyncio.run``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = os.environ.get("POLIS_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module's browser tests (each test opens its own context)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs chromium (setup.sh --test)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()
