"""The field map's installable-app assets: the worker's precache list and the icons."""

from __future__ import annotations

import io
import json
import re

from PIL import Image

from layers.registry import Audience
from webmap.assets import STATIC_DIR, STATIC_URL
from webmap.audiences import page_for
from webmap.field_assets import PRECACHE, icon_png, service_worker


def test_the_worker_keeps_the_page_and_every_asset_it_loads() -> None:
    source = service_worker()
    listed = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", source).group(1))  # type: ignore[union-attr]
    assert listed == list(PRECACHE)
    assert "/field" in listed and "/webmap/static/field.js" in listed
    for url in listed:
        if url.startswith(STATIC_URL):
            assert (STATIC_DIR / url.removeprefix(STATIC_URL + "/")).is_file(), url
    assert "__VERSION__" not in source and re.search(r"VERSION = '[0-9a-f]{16}'", source)
    manifest = json.loads((STATIC_DIR / "field.webmanifest").read_text(encoding="utf-8"))
    field = page_for(Audience.FIELD)
    assert manifest["start_url"] == field.path and field.manifest in listed
    assert {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}


def test_icons_are_drawn_from_the_favicon() -> None:
    for size in (192, 512):
        image = Image.open(io.BytesIO(icon_png(size)))
        assert image.size == (size, size) and image.format == "PNG"
        # the favicon's white hole at (16, 13) of 32 and its green pin around it
        hole = image.getpixel((size * 16 // 32, size * 13 // 32))
        pin = image.getpixel((size * 16 // 32, size * 20 // 32))
        corner = image.getpixel((1, 1))
        assert hole == (255, 255, 255) and corner == (255, 255, 255)
        assert pin == (0x2E, 0x7D, 0x32)
