"""Computations on the core layers (the street network)."""
