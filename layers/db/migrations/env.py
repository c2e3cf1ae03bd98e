"""Alembic environment of Polis: the models' metadata, GeoAlchemy2-aware autogenerate."""

from __future__ import annotations

from alembic import context
from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine, pool

from layers.db.counts import track_layer_tables
from models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=alembic_helpers.include_object,
        render_item=alembic_helpers.render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=alembic_helpers.include_object,
            process_revision_directives=alembic_helpers.writer,
            render_item=alembic_helpers.render_item,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            # every layer is counted (numberMatched), those of new domains included
            track_layer_tables(connection, registry_tables())


def registry_tables() -> list[str]:
    """The layer tables of every available domain (all are migrated, enabled or not) and
    of the domains the caller's settings enable (``layers.db.database.upgrade``)."""
    from layers.registry import default_registry

    tables = [spec.table_name for spec in default_registry()]
    return list(dict.fromkeys([*tables, *config.attributes.get("layer_tables", ())]))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
