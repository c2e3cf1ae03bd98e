"""The ``polis`` command line: one typer app (``main``) with a sub-app per concern."""
