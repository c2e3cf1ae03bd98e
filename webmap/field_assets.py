"""The field map as an installable, offline web app: its service worker (our script with
the list of what to keep, versioned by the assets' content), its manifest and its icons
(drawn with Pillow from the shapes of our own ``favicon.svg``)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from functools import lru_cache

from PIL import Image, ImageDraw

from layers.registry import Audience
from webmap.assets import APP_SCRIPTS, FAVICON, SCRIPTS, STATIC_DIR, STYLESHEETS
from webmap.audiences import page_for

FIELD = page_for(Audience.FIELD)
ICON_SIZES = (192, 512)
#: What the service worker keeps at install: the page and every asset it loads.
PRECACHE: tuple[str, ...] = (
    FIELD.path,
    *(url for _, url in SCRIPTS),
    *(url for _, url in STYLESHEETS),
    *APP_SCRIPTS,
    *FIELD.scripts,
    FAVICON,
    "/webmap/static/field.webmanifest",
    *(f"/field-icon-{s}.png" for s in ICON_SIZES),
)


@lru_cache(maxsize=1)
def service_worker() -> str:
    """``static/field-sw.js`` with its precache list and a version that changes with our
    own assets (so an update replaces the cache)."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.glob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    source = (STATIC_DIR / "field-sw.js").read_text(encoding="utf-8")
    return source.replace("__PRECACHE__", json.dumps(list(PRECACHE))).replace(
        "__VERSION__", digest.hexdigest()[:16]
    )


def _shapes(svg: str) -> tuple[float, list[tuple[str, list[float], str]]]:
    """(view box size, [(kind, numbers, fill)]) of the favicon's circles and paths."""
    box = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
    shapes: list[tuple[str, list[float], str]] = []
    for tag, attrs in re.findall(r"<(circle|path)([^>]*)/>", svg):
        fill = re.search(r'fill="([^"]+)"', attrs).group(1)  # type: ignore[union-attr]
        if tag == "circle":
            nums = [float(re.search(f'{k}="([\\d.]+)"', attrs).group(1)) for k in ("cx", "cy", "r")]  # type: ignore[union-attr]
        else:
            d = re.search(r'd="([^"]+)"', attrs).group(1)  # type: ignore[union-attr]
            nums = _path_points(d)
        shapes.append((tag, nums, fill))
    return box, shapes


def _path_points(d: str) -> list[float]:
    """Points of a path made of M, implicit line-to, h, v and z (what our icon uses)."""
    points: list[float] = []
    x = y = 0.0
    for cmd, args in re.findall(r"([MLHVhvlz])([^MLHVhvlz]*)", d):
        nums = [float(n) for n in re.findall(r"-?[\d.]+", args)]
        if cmd in "ML":
            for i in range(0, len(nums), 2):
                x, y = nums[i], nums[i + 1]
                points += [x, y]
        elif cmd == "h":
            x += nums[0]
            points += [x, y]
        elif cmd == "H":
            x = nums[0]
            points += [x, y]
        elif cmd == "v":
            y += nums[0]
            points += [x, y]
        elif cmd == "V":
            y = nums[0]
            points += [x, y]
    return points


@lru_cache(maxsize=4)
def icon_png(size: int) -> bytes:
    """The favicon drawn at ``size`` px on white (installable-app icons are PNG)."""
    box, shapes = _shapes((STATIC_DIR / "favicon.svg").read_text(encoding="utf-8"))
    scale = size / box
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    for kind, nums, fill in shapes:
        if kind == "circle":
            cx, cy, r = (v * scale for v in nums)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        else:
            pts = [(nums[i] * scale, nums[i + 1] * scale) for i in range(0, len(nums), 2)]
            draw.polygon(pts, fill=fill)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
