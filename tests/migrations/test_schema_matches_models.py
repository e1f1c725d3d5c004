"""Each service's Alembic migrations build exactly the schema its models declare: an operator who runs
`alembic upgrade head` (the chart's migration Job) gets every table, column, index and constraint the
code expects, and downgrading to the first revision and back again works."""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from servicekit.testing.plugin import migrate, new_database

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.parent.name for p in (ROOT / "services").glob("*/alembic.ini"))


def metadata_of(service: str) -> MetaData:
    importlib.import_module(f"{service}.models")  # registers every table, as migrations/env.py does
    metadata: MetaData = importlib.import_module(f"{service}.db").metadata
    return metadata


def differences(connection: Connection, metadata: MetaData) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def schema_drift(database_url: str, metadata: MetaData) -> list[Any]:
    engine = create_async_engine(database_url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(differences, metadata)
    finally:
        await engine.dispose()


def test_every_service_with_a_database_is_checked() -> None:
    assert {"catalog", "identity", "intake", "nationalsync", "notify", "payments", "workflow"} <= set(
        SERVICES
    )


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_build_the_schema_the_models_declare(service: str, pg_server_url: str) -> None:
    # Synchronous on purpose: Alembic's env runs its own event loop (as the migration Job does).
    url, drop = new_database(pg_server_url, f"mig_{service}")
    try:
        migrate(ROOT / "services" / service, url)
        drift = asyncio.run(schema_drift(url, metadata_of(service)))
        assert drift == [], f"{service}: models and migrations differ: {drift}"
        # Down to the first revision and up again: every downgrade() undoes its upgrade().
        config = Config(str(ROOT / "services" / service / "alembic.ini"))
        config.set_main_option("script_location", str(ROOT / "services" / service / "migrations"))
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.downgrade(config, "0001")
        command.upgrade(config, "head")
        assert asyncio.run(schema_drift(url, metadata_of(service))) == []
    finally:
        drop()
