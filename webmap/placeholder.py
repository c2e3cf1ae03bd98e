"""The page at ``/`` until the shared web map lands: where to find the OGC services."""

from __future__ import annotations

from html import escape


def placeholder_page(base_url: str) -> str:
    """A bilingual page linking the OGC API landing page, collections and OpenAPI."""
    ogc = escape(f"{base_url.rstrip('/')}/ogc")
    return f"""<!doctype html>
<html lang="el"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Πολίς — Δήμος Καρδίτσας / Polis — Municipality of Karditsa</title></head>
<body>
<h1>Πολίς — Δήμος Καρδίτσας</h1>
<p>Ο κοινός χάρτης του δήμου έρχεται σύντομα εδώ. Τα δεδομένα διατίθενται ήδη μέσω OGC API.</p>
<p lang="en">The municipality's shared web map will live here. The data are already
served through OGC APIs.</p>
<ul>
<li><a href="{ogc}">OGC API — αρχική σελίδα / landing page</a></li>
<li><a href="{ogc}/collections">Συλλογές / Collections</a></li>
<li><a href="{ogc}/openapi">OpenAPI</a></li>
</ul>
</body></html>
"""
