"""A draft regulation read from Markdown or DOCX into chapters, articles and their
paragraphs, keeping the numbering as written.

Markdown: ``# Κεφάλαιο Α΄ – Title`` opens a chapter, ``## Άρθρο 1 – Title`` (or
``Article 1``) an article; the lines under it are its paragraphs. DOCX: the same with
the styles Heading 1 and Heading 2 (or paragraphs that start with "Άρθρο"/"Article").
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from zipfile import BadZipFile

from models.errors import InvalidInput

ARTICLE = re.compile(
    r"^(?:Άρθρο|ΑΡΘΡΟ|Αρθρο|Article|ARTICLE)\s+([0-9]+[A-Za-zΑ-Ωα-ω΄']*)\s*[-–—:.]?\s*(.*)$"
)


@dataclass
class DraftArticle:
    """An article: its chapter, number as written, title and paragraphs."""

    number: str
    title: str
    chapter: str | None
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The article's body, one paragraph per line."""
        return "\n".join(self.paragraphs)


def _parse_blocks(blocks: Iterable[tuple[int, str]]) -> list[DraftArticle]:
    """Articles from (level, text) blocks: level 1 chapter, 2 article, 0 paragraph."""
    articles: list[DraftArticle] = []
    chapter: str | None = None
    for level, raw in blocks:
        text = raw.strip()
        if not text:
            continue
        match = ARTICLE.match(text)
        if level == 1 and not match:
            chapter = text
        elif level == 2 or match:
            if not match:
                raise InvalidInput(
                    f"article heading '{text[:60]}' has no number (write 'Άρθρο 1 – …')",
                    field="file",
                )
            articles.append(DraftArticle(match.group(1), match.group(2).strip(), chapter))
        elif articles:
            articles[-1].paragraphs.append(text)
    if not articles:
        raise InvalidInput(
            "the draft has no articles (headings 'Άρθρο N' or 'Article N') / το σχέδιο δεν έχει άρθρα",
            field="file",
        )
    numbers = [a.number for a in articles]
    twice = sorted({n for n in numbers if numbers.count(n) > 1})
    if twice:
        raise InvalidInput(
            f"article number(s) {twice} appear more than once / διπλή αρίθμηση άρθρων", field="file"
        )
    empty = [a.number for a in articles if not a.paragraphs]
    if empty:
        raise InvalidInput(f"article(s) {empty} have no text / άρθρα χωρίς κείμενο", field="file")
    return articles


def parse_markdown(text: str) -> list[DraftArticle]:
    """Articles of a Markdown draft."""
    blocks = []
    for line in text.splitlines():
        hashes = len(line) - len(line.lstrip("#"))
        blocks.append((min(hashes, 2), line.lstrip("#")))
    return _parse_blocks(blocks)


def parse_docx(data: bytes) -> list[DraftArticle]:
    """Articles of a DOCX draft (python-docx)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, BadZipFile, XMLSyntaxError, ValueError, KeyError) as exc:
        raise InvalidInput(
            f"file: not a readable DOCX document ({exc}) / μη αναγνώσιμο DOCX", field="file"
        ) from None
    blocks = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = 1 if style == "Heading 1" else 2 if style == "Heading 2" else 0
        blocks.append((level, paragraph.text))
    return _parse_blocks(blocks)
