"""Embedded PostgreSQL and broker: real processes, so slower than the other unit tests (~5 s)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from servicekit.localinfra import (
    EmbeddedBroker,
    EmbeddedPostgres,
    database_url,
    free_port,
    redact_url,
    wait_for_port,
)


async def _fetch(url: str, sql: str) -> object:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def _execute(url: str, sql: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def pg_dir() -> Iterator[Path]:
    """A data directory outside pytest's numbered temp dirs: a concurrent pytest session resets their
    parent's mode to 0700, which the unprivileged server user (when run as root) cannot enter."""
    root = Path(tempfile.mkdtemp(prefix="motcua-localinfra-"))
    try:
        yield root / "pg"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_postgres_creates_database_and_keeps_it_across_restarts(pg_dir: Path) -> None:
    pg = EmbeddedPostgres(pg_dir, ephemeral=True)
    with pg:
        dsn = pg.dsn
        assert dsn.startswith("postgresql://postgres@127.0.0.1:")
        assert pg.create_database("motcua_test") is True
        assert pg.create_database("motcua_test") is False  # idempotent
        url = pg.url("motcua_test")
        assert asyncio.run(_fetch(url, "select 1")) == 1
        asyncio.run(_execute(url, "create table kept (id int); insert into kept values (42)"))
        assert asyncio.run(_fetch(url, "show server_encoding")) == "UTF8"
    assert not pg.running

    again = EmbeddedPostgres(pg_dir, ephemeral=True)
    with again:
        assert asyncio.run(_fetch(again.url("motcua_test"), "select id from kept")) == 42
        again.drop_database("motcua_test")
        again.drop_database("motcua_test")
        names = asyncio.run(_fetch(again.dsn, "select string_agg(datname, ',') from pg_database"))
        assert "motcua_test" not in str(names)


def test_postgres_adopts_a_server_left_running_by_a_dead_caller(pg_dir: Path) -> None:
    data_dir = pg_dir
    port = free_port()
    # A caller that starts the server and dies without stopping it (as with SIGKILL).
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from servicekit.localinfra import EmbeddedPostgres\n"
        f"pg = EmbeddedPostgres(Path({str(data_dir)!r}), port={port}, ephemeral=True)\n"
        "pg.start()\n"
        "print(pg.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    orphan_pid = int(out.stdout.split()[-1])
    try:
        pg = EmbeddedPostgres(data_dir, port=port, ephemeral=True)
        with pg:
            assert pg.pid == orphan_pid
            assert asyncio.run(_fetch(pg.dsn, "select 1")) == 1
        assert not pg.running
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(orphan_pid, signal.SIGKILL)


def test_broker_round_trip_with_headers_through_a_consumer_group() -> None:
    with EmbeddedBroker() as broker:
        assert broker.cluster_id and len(broker.cluster_id) == 32
        bootstrap = broker.bootstrap_servers
        broker.create_topics(["motcua.test.v1"], partitions=3)
        broker.create_topics(["motcua.test.v1"], partitions=3)  # idempotent
        asyncio.run(asyncio.wait_for(_round_trip(bootstrap), 30))


async def _round_trip(bootstrap: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            "motcua.test.v1", b'{"n": 1}', key=b"dossier-1", headers=[("ce_type", b"vn.motcua.test.v1")]
        )
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        "motcua.test.v1",
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        record = await consumer.getone()
        assert record.value == b'{"n": 1}'
        assert record.key == b"dossier-1"
        assert dict(record.headers)["ce_type"] == b"vn.motcua.test.v1"
        await consumer.commit()
    finally:
        await consumer.stop()


def test_fresh_cluster_id_on_each_start() -> None:
    broker = EmbeddedBroker()
    broker.start()
    first_id = broker.cluster_id
    broker.stop()
    assert not broker.running
    broker.start()
    try:
        assert broker.cluster_id != first_id
    finally:
        broker.stop()
    assert EmbeddedBroker(cluster_id="fixed").cluster_id == "fixed"


def test_ports_and_urls() -> None:
    port = free_port()
    with pytest.raises(TimeoutError):
        wait_for_port("127.0.0.1", port, timeout=0.2)
    assert (
        database_url("postgresql://u:p@h:5/postgres?sslmode=require", "motcua_intake", driver="asyncpg")
        == "postgresql+asyncpg://u:p@h:5/motcua_intake?sslmode=require"
    )
    assert redact_url("postgresql://u:secret@h:5/db") == "postgresql://u:***@h:5/db"
    assert redact_url("postgresql://u@h:5/db") == "postgresql://u@h:5/db"
