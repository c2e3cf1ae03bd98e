"""Field photos: checked and stored by Pillow with their metadata (EXIF time and GPS),
served at phone sizes (resized once, then cached beside the original)."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from pathlib import Path
from typing import Any

import psycopg
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError
from psycopg.rows import dict_row

from models.errors import InvalidInput, NotFound

#: Served widths (longest side, px).
SIZES: dict[str, int] = {"thumb": 320, "phone": 1080, "full": 2560}
MAX_PIXELS = 40_000_000


def photo_store(var_dir: Path) -> Path:
    """Where photos live (created on first use)."""
    path = var_dir / "green-photos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _ratio(value: Any) -> float:
    return (
        float(value.numerator) / float(value.denominator)
        if hasattr(value, "numerator")
        else float(value)
    )


def exif_metadata(image: Image.Image) -> tuple[dt.datetime | None, float | None, float | None]:
    """(time taken, lon, lat) from the photo's EXIF, each None when absent."""
    exif = image.getexif()
    taken = None
    raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
        ExifTags.Base.DateTime
    )
    if isinstance(raw, str):
        try:
            taken = dt.datetime.strptime(raw.strip(), "%Y:%m:%d %H:%M:%S").replace(tzinfo=dt.UTC)
        except ValueError:
            taken = None
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    lon = lat = None
    try:
        if gps.get(2) and gps.get(4):
            lat = sum(_ratio(v) / 60**i for i, v in enumerate(gps[2])) * (
                -1 if gps.get(1) == "S" else 1
            )
            lon = sum(_ratio(v) / 60**i for i, v in enumerate(gps[4])) * (
                -1 if gps.get(3) == "W" else 1
            )
    except (TypeError, ZeroDivisionError, ValueError):
        lon = lat = None
    return taken, lon, lat


async def store_photo(
    conn: psycopg.AsyncConnection,
    store: Path,
    data: bytes,
    *,
    order_id: int | None,
    layer: str | None,
    feature_id: int | None,
    lon: float | None,
    lat: float | None,
    uploaded_by: int | None,
) -> dict[str, Any]:
    """Check the image, keep it upright as JPEG in ``store`` and record it (the position
    sent wins over the EXIF one: it is where the crew stood)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise InvalidInput("file: the photo has too many pixels", field="file")
        taken, exif_lon, exif_lat = exif_metadata(image)
        upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise InvalidInput(f"file: not a readable image ({exc})", field="file") from None
    name = f"{secrets.token_hex(12)}.jpg"
    path = store / name
    upright.save(path, "JPEG", quality=88)
    try:
        async with conn.transaction():
            cur = await conn.execute(
                "INSERT INTO green_photos (layer, feature_id, order_id, file_name, content_type, "
                "width, height, size_bytes, taken_at, lon, lat, uploaded_by) VALUES "
                "(%s, %s, %s, %s, 'image/jpeg', %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    layer,
                    feature_id,
                    order_id,
                    name,
                    upright.width,
                    upright.height,
                    path.stat().st_size,
                    taken,
                    lon if lon is not None else exif_lon,
                    lat if lat is not None else exif_lat,
                    uploaded_by,
                ),
            )
            row = await cur.fetchone()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    assert row is not None
    return {
        "id": row[0],
        "width": upright.width,
        "height": upright.height,
        "taken_at": taken,
        "lon": lon if lon is not None else exif_lon,
        "lat": lat if lat is not None else exif_lat,
    }


async def photo_file(conn: psycopg.AsyncConnection, store: Path, photo_id: int, size: str) -> Path:
    """The photo at ``size`` (resized on first request, then cached)."""
    if size not in SIZES:
        raise InvalidInput(f"size: must be one of {', '.join(SIZES)}", field="size")
    cur = await conn.execute("SELECT file_name FROM green_photos WHERE id = %s", (photo_id,))
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"no photo {photo_id}", field="photo_id")
    original = store / row[0]
    if not original.exists():
        raise NotFound(f"the file of photo {photo_id} is missing", field="photo_id")
    cached = store / f"{original.stem}-{SIZES[size]}.jpg"
    if not cached.exists():
        with Image.open(original) as image:
            image.thumbnail((SIZES[size], SIZES[size]))
            tmp = cached.with_suffix(".tmp")
            image.save(tmp, "JPEG", quality=82)
            tmp.replace(cached)
    return cached


async def list_photos(
    conn: psycopg.AsyncConnection, layer: str, feature_id: int
) -> list[dict[str, Any]]:
    """The photos of an asset (its own and its orders'), newest first."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(
        "SELECT id, order_id, width, height, taken_at, lon, lat, created_at FROM green_photos "
        "WHERE layer = %s AND feature_id = %s ORDER BY id DESC",
        (layer, feature_id),
    )
    return await cur.fetchall()
