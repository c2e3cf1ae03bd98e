"""Inclines the layer lacks come from the DEM along each edge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from gis.mobility.graph import FootwayRecord, PedestrianGraph
from gis.mobility.incline import DemGrid
from gis.mobility.profiles import PROFILES
from gis.mobility.router import Router
from models.enums import FootwayType

X0, Y0 = 320_000.0, 4_359_000.0


def test_missing_inclines_are_sampled_from_the_dem(tmp_path: Path) -> None:
    cols = np.arange(300)
    heights = np.tile(100 + 0.08 * (cols + 0.5), (300, 1)).astype("float32")  # 8 % up to the east
    path = tmp_path / "dem.tif"
    profile = {"driver": "GTiff", "width": 300, "height": 300, "count": 1, "dtype": "float32",
               "crs": "EPSG:2100", "transform": from_origin(X0, Y0 + 300, 1.0, 1.0)}  # fmt: skip
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(heights, 1)
    dem = DemGrid.open(path)
    assert dem.heights(np.array([X0 + 10.5]), np.array([Y0 + 5]))[0] == pytest.approx(100.84)
    assert np.isnan(dem.heights(np.array([X0 - 10]), np.array([Y0 + 5]))[0])
    attrs = {"footway_type": FootwayType.SIDEWALK, "incline": None, "width": 2.0}
    given = {**attrs, "incline": 1.0}
    records = [
        FootwayRecord(1, attrs, ((X0 + 50.5, Y0 + 50), (X0 + 150.5, Y0 + 50))),
        FootwayRecord(2, given, ((X0 + 50.5, Y0 + 150), (X0 + 150.5, Y0 + 150))),
    ]
    graph = PedestrianGraph.build(records, dem.heights)
    by_fid = {}
    for u, v, d in graph.g.edges(data=True):
        if graph.g.nodes[u]["x"] < graph.g.nodes[v]["x"]:
            by_fid[d["fid"]] = d
    assert by_fid[1]["incline"] == pytest.approx(8.0) and by_fid[1]["incline_from_dem"]
    assert by_fid[2]["incline"] == 1.0 and not by_fid[2]["incline_from_dem"]
    costs = Router(graph).profile_graph(PROFILES["manual_wheelchair"]).costs
    table = Router(graph).table()
    uphill = [i for i, (u, v, _) in enumerate(table.keys)
              if graph.g.edges[table.keys[i]]["fid"] == 1 and graph.g.nodes[u]["x"] < graph.g.nodes[v]["x"]]  # fmt: skip
    assert not np.isfinite(costs.cost[uphill[0]])  # 8 % up is over the manual wheelchair's 6 %
