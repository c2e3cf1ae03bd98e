"""The consultation report: the final text of each article beside its draft, with a
unified diff (difflib)."""

from __future__ import annotations

import difflib


def article_diff(number: str, draft: str, final: str | None) -> str:
    """Unified diff of an article's draft against its final text ('' when unchanged).

    Examples
    --------
    >>> print(article_diff("1", "a\\nb", "a\\nc"))
    --- Άρθρο 1 (σχέδιο / draft)
    +++ Άρθρο 1 (τελικό / final)
    @@ -1,2 +1,2 @@
     a
    -b
    +c
    """
    if final is None or final == draft:
        return ""
    lines = difflib.unified_diff(
        draft.splitlines(),
        final.splitlines(),
        fromfile=f"Άρθρο {number} (σχέδιο / draft)",
        tofile=f"Άρθρο {number} (τελικό / final)",
        lineterm="",
    )
    return "\n".join(lines)
