"""Accessible pedestrian routing: the graph, the profiles, the fast path and the routes."""
