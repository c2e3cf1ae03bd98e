"""Layer permissions declared in the registry, and submitted-feature validation."""

from __future__ import annotations

import dataclasses

import pytest

from api.security.credentials import (
    api_key_prefix,
    digest,
    issue_access_token,
    new_api_key,
    read_access_token,
    same_digest,
)
from layers.editing.input import parse_feature
from layers.registry import default_registry
from models.auth import Role
from models.errors import InvalidInput, Unauthorized

REGISTRY = default_registry()
NONE: frozenset[Role] = frozenset()


def test_private_fields_per_role() -> None:
    bays = REGISTRY.get("parking_bays")
    assert "sensor_id" not in bays.for_roles(NONE).property_names
    assert "sensor_id" not in bays.for_roles(frozenset({Role.GREEN})).property_names
    for roles in ({Role.PARKING}, {Role.ADMIN}, {Role.GIS_ADMIN}):
        assert "sensor_id" in bays.for_roles(frozenset(roles)).property_names
    assert bays.for_roles(frozenset({Role.PARKING})) is bays  # nothing hidden: same object


@pytest.mark.parametrize(
    ("layer", "roles", "allowed"),
    [
        ("trees", {Role.GREEN}, True),
        ("trees", {Role.PARKING}, False),
        ("trees", {Role.CITIZEN}, False),
        ("trees", {Role.ADMIN}, True),
        ("parking_bays", {Role.PARKING}, True),
        ("buildings", {Role.ADMIN}, False),  # read-only layer
    ],
)
def test_who_may_edit(layer: str, roles: set[Role], allowed: bool) -> None:
    assert REGISTRY.get(layer).can_edit(frozenset(roles)) is allowed


def test_restricted_reading() -> None:
    floods = dataclasses.replace(
        REGISTRY.get("flood_zones"), read_roles=frozenset({Role.CIVIL_PROTECTION})
    )
    assert not floods.can_read(NONE)
    assert not floods.can_read(frozenset({Role.CITIZEN}))
    assert floods.can_read(frozenset({Role.CIVIL_PROTECTION}))
    assert floods.can_read(frozenset({Role.GIS_ADMIN}))
    assert REGISTRY.get("trees").can_read(NONE)


def test_access_tokens_round_trip_and_reject_others() -> None:
    token = issue_access_token("k" * 40, 7, ["green", "parking"], minutes=5)
    claims = read_access_token("k" * 40, token)
    assert claims.user_id == 7 and claims.roles == {Role.GREEN, Role.PARKING}
    with pytest.raises(Unauthorized):
        read_access_token("x" * 40, token)
    with pytest.raises(Unauthorized):
        read_access_token("k" * 40, token[:-2] + "AA")


def test_api_keys_are_stored_as_digests() -> None:
    prefix, key = new_api_key()
    assert api_key_prefix(key) == prefix and key.startswith(f"pk_{prefix}_")
    assert same_digest(digest(key), key) and not same_digest(digest(key), key + "x")
    with pytest.raises(Unauthorized):
        api_key_prefix("nonsense")


TREE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [21.92, 39.36]},
    "properties": {"species": "Tilia", "planted": "2019-03-01", "dbh_cm": 20},
}


def test_feature_input_types_and_defaults() -> None:
    data = parse_feature(REGISTRY.get("trees"), TREE)
    assert data.values["planted"].isoformat() == "2019-03-01"
    assert data.values["dbh_cm"] == 20 and data.values["height_m"] is None
    assert data.geometry is not None and '"Point"' in data.geometry
    partial = parse_feature(
        REGISTRY.get("trees"), {"type": "Feature", "properties": {"dbh_cm": 21.5}}, partial=True
    )
    assert partial.values == {"dbh_cm": 21.5} and partial.geometry is None


@pytest.mark.parametrize(
    ("layer", "props", "geometry", "field"),
    [
        ("trees", {"dbh_cm": True}, None, "properties.dbh_cm"),
        ("trees", {"condition": "great"}, None, "properties.condition"),
        ("trees", {"species": 3}, None, "properties.species"),
        ("trees", [], None, "properties"),
        ("buildings", {"footprint_area": 3.0}, None, "properties.footprint_area"),
        ("buildings", {}, {"type": "Point", "coordinates": [1, 2]}, "geometry"),
    ],
)
def test_feature_input_errors_name_the_member(
    layer: str, props: object, geometry: object, field: str
) -> None:
    merged = {**TREE["properties"], **props} if isinstance(props, dict) else props  # type: ignore[dict-item]
    if layer == "buildings":
        merged = props
    body = {**TREE, "properties": merged, "geometry": geometry or TREE["geometry"]}
    with pytest.raises(InvalidInput) as err:
        parse_feature(REGISTRY.get(layer), body)
    assert err.value.field == field
