"""Alembic helpers: one async env for every service, and the servicekit tables' first migration."""

from __future__ import annotations

import asyncio

from alembic import context, op
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from servicekit.db import new_metadata
from servicekit.settings import ServiceSettings, asyncpg_url
from servicekit.tables import kit_tables


def run_env(target_metadata: MetaData, settings_cls: type[ServiceSettings]) -> None:
    """Body of a service's ``migrations/env.py``: URL from ``sqlalchemy.url`` if given, else settings."""
    url = context.config.get_main_option("sqlalchemy.url") or settings_cls().database_url
    url = asyncpg_url(url)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, target_metadata, settings_cls.service_name))


async def _run_online(url: str, target_metadata: MetaData, service: str) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_do_run, target_metadata, service)
    await engine.dispose()


def _do_run(connection: Connection, target_metadata: MetaData, service: str) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        # Replicas started together (a Helm migration Job, or a scaled Deployment) migrate one at a time.
        connection.execute(
            text("select pg_advisory_xact_lock(hashtext(:name))"), {"name": f"migrate:{service}"}
        )
        context.run_migrations()


def create_kit_tables_v1() -> None:
    """``upgrade()`` step creating outbox, inbox, broker epochs and idempotency keys (version 1)."""
    metadata = new_metadata()
    kit_tables(metadata)
    metadata.create_all(op.get_bind())


def drop_kit_tables_v1() -> None:
    metadata = new_metadata()
    kit_tables(metadata)
    metadata.drop_all(op.get_bind())
