"""Computation of the ``commerce`` domain: schema.org records, stall allocation, fees,
market-day closures."""
