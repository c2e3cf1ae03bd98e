"""The HTTP routes: one module per resource family (OGC, editing, auth, audit, web map,
health) and, as modules arrive, one per domain."""
