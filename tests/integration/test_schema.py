"""The migrated schema rejects what the data model forbids."""

from __future__ import annotations

import psycopg
import pytest
from alembic.script import ScriptDirectory

from api.settings import PolisSettings
from layers.db.database import alembic_config
from layers.registry import default_registry

REGISTRY = default_registry()


def test_extensions_and_revision(conn: psycopg.Connection, pg_settings: PolisSettings) -> None:
    exts = {r[0] for r in conn.execute("SELECT extname FROM pg_extension")}
    assert {"postgis", "pgrouting"} <= exts
    heads = set(ScriptDirectory.from_config(alembic_config(pg_settings)).get_heads())
    applied = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    assert applied == heads  # every branch (domains branch from the revision they were written on)


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.id)
def test_every_layer_is_gist_indexed_in_2100(conn: psycopg.Connection, spec) -> None:
    srid, gtype = conn.execute(
        "SELECT srid, type FROM geometry_columns WHERE f_table_name = %s AND f_geometry_column = 'geom'",
        (spec.table_name,),
    ).fetchone()
    assert srid == 2100
    assert gtype.lower() == spec.geometry_type.lower()
    idx = conn.execute(
        "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE '%%gist%%'",
        (spec.table_name,),
    ).fetchall()
    assert idx, f"{spec.table_name} has no GiST index"


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        # self-intersecting bow-tie polygon
        (
            "INSERT INTO parking_bays (bay_type, geom) VALUES ('general', "
            "ST_GeomFromText('POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))', 2100))",
            psycopg.errors.CheckViolation,
        ),
        # wrong geometry type
        (
            "INSERT INTO trees (species, condition, geom) VALUES ('Platanus orientalis', 'good', "
            "ST_GeomFromText('LINESTRING(0 0, 1 1)', 2100))",
            psycopg.errors.InvalidParameterValue,
        ),
        # wrong SRID
        (
            "INSERT INTO trees (species, condition, geom) VALUES ('Platanus orientalis', 'good', "
            "ST_GeomFromText('POINT(21.9 39.3)', 4326))",
            psycopg.errors.InvalidParameterValue,
        ),
        # empty geometry
        (
            "INSERT INTO trees (species, condition, geom) VALUES ('Platanus orientalis', 'good', "
            "ST_GeomFromText('POINT EMPTY', 2100))",
            psycopg.errors.CheckViolation,
        ),
        # bad enum
        (
            "INSERT INTO parking_bays (bay_type, geom) VALUES ('vip', "
            "ST_MakeEnvelope(0, 0, 2.5, 5, 2100))",
            psycopg.errors.CheckViolation,
        ),
        # out-of-range attribute
        (
            "INSERT INTO buildings (use, floors, is_municipal, is_school, geom) VALUES "
            "('residential', -1, false, false, ST_Multi(ST_MakeEnvelope(0, 0, 10, 10, 2100)))",
            psycopg.errors.CheckViolation,
        ),
    ],
    ids=["invalid", "wrong-type", "wrong-srid", "empty", "bad-enum", "bad-range"],
)
def test_constraints_reject_bad_rows(conn: psycopg.Connection, statement: str, error) -> None:
    with pytest.raises(error):
        conn.execute(statement)


def test_footprint_area_is_computed(conn: psycopg.Connection) -> None:
    with conn.transaction():
        row = conn.execute(
            "INSERT INTO buildings (use, is_municipal, is_school, geom) VALUES "
            "('public', true, false, ST_Multi(ST_MakeEnvelope(0, 0, 20, 10, 2100))) "
            "RETURNING footprint_area"
        ).fetchone()
        assert row == (200.0,)
        raise psycopg.Rollback()  # leave the session database as it was
