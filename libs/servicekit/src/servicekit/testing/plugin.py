"""pytest fixtures: a real PostgreSQL server and Kafka-protocol broker for the session, a fresh
database per test module, a token factory, and an in-process service app with its lifespan running.

``TEST_DATABASE_URL`` / ``TEST_KAFKA_BOOTSTRAP_SERVERS`` point the tests at existing servers; by default
an embedded PostgreSQL and a Tansu broker are started for the session (a user's machine has neither).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from servicekit import localinfra
from servicekit.kafka import ensure_topics
from servicekit.testing.tokens import TokenFactory


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a PostgreSQL server (superuser) for the whole test session."""
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        yield external
        return
    # Outside pytest's numbered temp dirs: a concurrent pytest session prunes those, data and all.
    root = Path(tempfile.mkdtemp(prefix="motcua-test-pg-"))
    server = localinfra.EmbeddedPostgres(root / "data", ephemeral=True)
    server.start()
    try:
        yield server.dsn
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def kafka_bootstrap() -> Iterator[str]:
    """A fresh Kafka-protocol broker per test module (Tansu starts in milliseconds): consumer groups
    and topics never carry one module's events into another."""
    external = os.environ.get("TEST_KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
        return
    broker = localinfra.EmbeddedBroker()
    bootstrap = broker.start()
    try:
        yield bootstrap
    finally:
        broker.stop()


@pytest.fixture(scope="module")
async def kafka_topics(kafka_bootstrap: str) -> str:
    await ensure_topics(kafka_bootstrap)
    return kafka_bootstrap


def new_database(server_url: str, prefix: str) -> tuple[str, Callable[[], None]]:
    """Create a uniquely named database; returns its asyncpg SQLAlchemy URL and a dropper."""
    name = f"t_{prefix}_{uuid.uuid4().hex[:10]}"
    localinfra.create_database(server_url, name)
    return localinfra.database_url(server_url, name, driver="asyncpg"), lambda: localinfra.drop_database(
        server_url, name
    )


@pytest.fixture(scope="session")
def token_factory(tmp_path_factory: pytest.TempPathFactory) -> TokenFactory:
    return TokenFactory(tmp_path_factory.mktemp("jwks"))


def migrate(service_dir: Path, database_url: str) -> None:
    """Run a service's Alembic migrations to head against ``database_url``."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(service_dir / "alembic.ini"))
    config.set_main_option("script_location", str(service_dir / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    command.upgrade(config, "head")


@asynccontextmanager
async def running_app(
    app: FastAPI, *, base_url: str = "http://testserver"
) -> AsyncIterator[httpx.AsyncClient]:
    """Run ``app``'s lifespan (DB, relay, consumers) and give an httpx client bound to it in-process."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


def service_env(
    *, database_url: str, kafka_bootstrap: str, tokens: TokenFactory, **extra: Any
) -> dict[str, Any]:
    """Keyword arguments for a service's Settings in tests (explicit, never read from the machine)."""
    return {
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "oidc_jwks_file": str(tokens.jwks_file),
        "oidc_issuer": tokens.issuer,
        "environment": "test",
        "log_json": False,
        "consumer_backoff_seconds": 0.05,
        **extra,
    }


@asynccontextmanager
async def service_under_test(
    create_app: Callable[[Any], FastAPI],
    settings_cls: type[Any],
    service_dir: Path,
    *,
    server_url: str,
    kafka_bootstrap: str,
    tokens: TokenFactory,
    **settings: Any,
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """A service in-process on its own fresh, migrated database, with its relay and consumers running."""
    database_url, drop = await asyncio.to_thread(new_database, server_url, settings_cls.service_name)
    try:
        # Alembic's env runs its own event loop, so it gets a thread of its own.
        await asyncio.to_thread(migrate, service_dir, database_url)
        app = create_app(
            settings_cls(
                **service_env(
                    database_url=database_url, kafka_bootstrap=kafka_bootstrap, tokens=tokens, **settings
                )
            )
        )
        async with running_app(app) as client:
            yield client, app
    finally:
        await asyncio.to_thread(drop)
