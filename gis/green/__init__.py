"""Urban green computations: tree benefits, crews' routes, planting priority."""
