"""Alembic environment. ``mixdecide.store.migrate.upgrade`` builds the config in code and passes
an open connection (already holding the migration lock); without one, the URL comes from the
config or DATABASE_URL / MIXDECIDE_DB_PATH via ``make_engine``."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import mixdecide.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
import mixdecide.workshop.models  # noqa: F401  (the workshop tables, same metadata)
from mixdecide.store.db import database_url, make_engine

config = context.config
target_metadata = SQLModel.metadata  # for `revision --autogenerate`; migrations never import models


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=database_url(config.get_main_option("sqlalchemy.url")),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as conn:
            _configure(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
