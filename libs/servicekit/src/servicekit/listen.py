"""Background loops woken by PostgreSQL NOTIFY, with a timed fallback, that survive outages.

The outbox relay and notify's dispatcher are both such loops: a dedicated connection LISTENs on a
channel; each ``step()`` does a batch of work and says how long it may sleep; a NOTIFY (sent by a
committing transaction) cuts the sleep short. A lost connection or any error restarts the session
after ``retry_seconds``; ``stop()`` ends the loop after the step in hand.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
from typing import Any

import asyncpg
import structlog

from servicekit.db import Database

log = structlog.get_logger("servicekit.listen")


def raw_dsn(sqlalchemy_url: str) -> str:
    """The asyncpg DSN of a SQLAlchemy ``postgresql+asyncpg://`` URL."""
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


class NotifiedLoop(abc.ABC):
    """Subclasses implement ``step()``; they may override ``on_connect``/``on_disconnect``/``on_stopped``."""

    name = "loop"

    def __init__(self, db: Database, channel: str, *, retry_seconds: float = 2.0) -> None:
        self.db = db
        self.channel = channel
        self.retry_seconds = retry_seconds
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @abc.abstractmethod
    async def step(self) -> float:
        """Do one batch of work; return how many seconds to wait (0: go again at once)."""

    async def on_connect(self, conn: asyncpg.Connection) -> bool:
        """Called with the LISTEN connection before listening; False means 'not now, retry later'."""
        return True

    async def on_disconnect(self) -> None:  # noqa: B027 - an optional hook
        """Called when a session ends, however it ends."""

    async def on_stopped(self) -> None:  # noqa: B027 - an optional hook
        """Called once when the loop is stopped for good."""

    async def run(self) -> None:
        try:
            while not self._stopping.is_set():
                try:
                    await self._session()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.warning(f"{self.name}_error", error=str(exc))
                    await self.sleep(self.retry_seconds)
        finally:
            await self.on_stopped()

    async def sleep(self, seconds: float) -> None:
        """Sleep unless stopped meanwhile (not cut short by NOTIFY)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _session(self) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(raw_dsn(self.db.url))
        try:
            if not await self.on_connect(conn):
                await self.sleep(self.retry_seconds)
                return
            await conn.add_listener(self.channel, self._on_notify)
            while not self._stopping.is_set():
                if conn.is_closed():
                    raise ConnectionError("LISTEN connection lost")
                self._wake.clear()
                wait = await self.step()
                if wait > 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=wait)
        finally:
            try:
                await self.on_disconnect()
            finally:
                if not conn.is_closed():
                    with contextlib.suppress(Exception):
                        await conn.close()

    def _on_notify(self, *_: Any) -> None:
        self._wake.set()
