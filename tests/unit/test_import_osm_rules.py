"""The OSM reader takes its layers from the registry: each layer's ``OsmRule``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gis.importers.osm import read_osm
from layers.green.osm import tree_attributes
from layers.registry import LayerSpec, OsmRule, Registry, Text, build_registry
from models import Tree
from models.enums import KerbType
from models.errors import ConfigurationError

#: Three nodes in Karditsa, a footway from a lowered kerb and a road drawn backwards.
EXTRACT = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" version="1" lat="39.3650" lon="21.9200">
    <tag k="kerb" v="lowered"/>
  </node>
  <node id="2" version="1" lat="39.3655" lon="21.9205"/>
  <node id="3" version="1" lat="39.3660" lon="21.9210">
    <tag k="natural" v="tree"/>
    <tag k="species" v="Platanus orientalis"/>
  </node>
  <way id="10" version="1">
    <nd ref="1"/><nd ref="2"/>
    <tag k="highway" v="footway"/>
    <tag k="footway" v="sidewalk"/>
  </way>
  <way id="11" version="1">
    <nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="residential"/>
    <tag k="oneway" v="-1"/>
  </way>
</osm>
"""


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    path = tmp_path / "town.osm"
    path.write_text(EXTRACT, encoding="utf-8")
    return path


def test_a_new_layer_with_a_rule_is_read(extract: Path) -> None:
    """No central list: a layer the reader has never heard of is read by its rule."""

    def plane_trees(tags: Mapping[str, str]) -> dict[str, Any] | None:
        attributes = tree_attributes(tags)
        return attributes if attributes and attributes["species"].startswith("Platanus") else None

    layer = LayerSpec(
        id="plane_trees",
        model=Tree,
        title=Text("Πλάτανοι", "Plane trees"),
        description=Text("Πλάτανοι.", "Plane trees."),
        osm=OsmRule(elements=frozenset({"node"}), attributes=plane_trees),
    )
    out = read_osm(extract, Registry([layer]))
    assert list(out) == ["plane_trees"]
    assert out["plane_trees"].keys == ["n3"]
    assert out["plane_trees"].records[0]["species"] == "Platanus orientalis"


def test_layers_without_a_rule_are_not_read(extract: Path) -> None:
    registry = build_registry(["green"])
    bare = Registry(replace(spec, osm=None) if spec.id == "trees" else spec for spec in registry)
    assert "trees" not in read_osm(extract, bare)


def test_ways_read_their_end_nodes_and_direction(extract: Path) -> None:
    out = read_osm(extract, build_registry(["core", "mobility"]))
    footway = out["footways"].records[0]
    assert (footway["kerb_start"], footway["kerb_end"]) == (KerbType.LOWERED, None)
    road = out["roads"].records[0]["geom"]
    assert road.coords[0][1] > road.coords[-1][1]  # stored from node 3 (north) to node 2


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (OsmRule(elements=frozenset({"relation"}), attributes=tree_attributes), "node, way"),
        (OsmRule(elements=frozenset(), attributes=tree_attributes), "node, way"),
        (
            OsmRule(elements=frozenset({"node"}), attributes=tree_attributes, backwards=bool),
            "need way",
        ),
        (
            OsmRule(elements=frozenset({"way"}), attributes=tree_attributes, end_keys=frozenset()),
            None,
        ),
        (
            OsmRule(elements=frozenset({"way"}), attributes=tree_attributes, ends=lambda a, b: {}),
            "go together",
        ),
    ],
)
def test_rules_are_checked(rule: OsmRule, message: str | None) -> None:
    if message is None:
        rule.validate("trees")
        return
    with pytest.raises(ConfigurationError, match=f"layer 'trees': OSM .*{message}"):
        rule.validate("trees")
