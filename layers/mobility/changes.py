"""The change log of the routing graph's tables (``mobility_changes``, migration 0009).

Statement-level triggers with transition tables append one row per changed feature id
(``layer``, ``fid``) to ``mobility_changes`` in the writing transaction: a ``COPY`` of
10,000 footways is one ``INSERT … SELECT``. A ``TRUNCATE`` appends ``fid = NULL``
(everything changed). The routing graph (:mod:`layers.mobility.network`) reads the rows
after the last sequence number it applied, reloads those features and patches its
graph: an edit is in the next route.
"""

from __future__ import annotations

from psycopg import sql

CHANGES_TABLE = "mobility_changes"

CHANGE_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION polis_mobility_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO mobility_changes (layer, fid) SELECT TG_TABLE_NAME, id FROM polis_new;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO mobility_changes (layer, fid) SELECT TG_TABLE_NAME, id FROM polis_new;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO mobility_changes (layer, fid) SELECT TG_TABLE_NAME, id FROM polis_old;
    ELSE
        INSERT INTO mobility_changes (layer, fid) VALUES (TG_TABLE_NAME, NULL);
    END IF;
    RETURN NULL;
END
$$
"""


def track_changes_sql(table: str) -> list[str]:
    """The statements installing the change triggers on ``table``."""
    name = sql.Identifier(table).as_string(None)
    each = "FOR EACH STATEMENT EXECUTE FUNCTION polis_mobility_changed()"
    return [
        f"CREATE TRIGGER polis_mobility_insert AFTER INSERT ON {name} "
        f"REFERENCING NEW TABLE AS polis_new {each}",
        f"CREATE TRIGGER polis_mobility_update AFTER UPDATE ON {name} "
        f"REFERENCING NEW TABLE AS polis_new {each}",
        f"CREATE TRIGGER polis_mobility_delete AFTER DELETE ON {name} "
        f"REFERENCING OLD TABLE AS polis_old {each}",
        f"CREATE TRIGGER polis_mobility_truncate AFTER TRUNCATE ON {name} {each}",
    ]
