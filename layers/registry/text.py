"""Bilingual user-facing text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A user-facing text in Greek (first) and English."""

    el: str
    en: str

    def as_dict(self) -> dict[str, str]:
        """``{"el": ..., "en": ...}``."""
        return {"el": self.el, "en": self.en}

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``el`` or ``en``); Greek for anything else."""
        return self.en if lang.startswith("en") else self.el
