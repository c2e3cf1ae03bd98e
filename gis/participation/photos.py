"""Proposal photos made safe to publish: decoded and encoded again, so only the pixels
remain — no EXIF (a phone's GPS position, device, owner), no text chunks — and a file
that is not a JPEG or PNG image is refused."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from models.errors import InvalidInput

#: Largest photo accepted, in pixels (a 40-megapixel camera).
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def clean_photo(data: bytes) -> tuple[str, bytes]:
    """(media type, bytes) of the photo re-encoded without metadata; ``InvalidInput``
    naming ``file`` for anything else than a readable JPEG or PNG of sensible size."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            if kind not in FORMATS:
                raise InvalidInput(
                    "'file': send a JPEG or PNG photo / στείλτε φωτογραφία JPEG ή PNG",
                    field="file",
                )
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(
                    "'file': the photo has too many pixels / πολύ μεγάλη φωτογραφία",
                    field="file",
                )
            image.load()
            out = io.BytesIO()
            pixels = (
                image.convert("RGB") if kind == "JPEG" and image.mode not in ("RGB", "L") else image
            )
            pixels.save(out, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(
            "'file': not a readable JPEG or PNG photo / μη αναγνώσιμη φωτογραφία", field="file"
        ) from None
    return FORMATS[kind], out.getvalue()
