"""The SMTP side of the mail sink: an aiosmtpd server on the running event loop.

    async with MailSink() as sink:                 # a free port on 127.0.0.1
        ...send mail to sink.host:sink.port...
        message = await sink.wait_for(to="citizen@example.vn")
        await sink.set_fault("tempfail", count=1)  # the next RCPT gets 451

Everything runs on the caller's loop, so a test must not send with a blocking client from that
same loop (use aiosmtplib, or smtplib in `asyncio.to_thread`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
import weakref
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from simulators._common import utc_now
from simulators.mailsink.message import CapturedMessage, parse_message

log = logging.getLogger("simulators.mailsink")

FaultMode = Literal["ok", "down", "tempfail", "permfail"]
FaultStage = Literal["rcpt", "data"]

TEMPFAIL_REPLY = "451 4.3.0 Requested action aborted: temporary failure (simulated)"
PERMFAIL_REPLY = "550 5.7.1 Requested action not taken: rejected (simulated)"


@dataclass
class SmtpFault:
    """An injected fault; `remaining` counts the SMTP replies it still changes (None: until reset)."""

    mode: FaultMode = "ok"
    stage: FaultStage = "rcpt"
    recipients: frozenset[str] = field(default_factory=frozenset)  # lower-case; empty: everyone
    remaining: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "stage": self.stage if self.mode in ("tempfail", "permfail") else None,
            "recipients": sorted(self.recipients) or None,
            "remaining": self.remaining,
        }


class _Handler:
    """aiosmtpd hooks: the fault at RCPT/DATA, then capture."""

    def __init__(self, sink: MailSink) -> None:
        self.sink = sink

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        reply = self.sink._fault_reply("rcpt", [address])
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        reply = self.sink._fault_reply("data", list(envelope.rcpt_tos))
        if reply is not None:
            return reply
        raw = envelope.original_content or b""
        user = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        peer = session.peer
        message = parse_message(
            raw,
            received_at=utc_now(),
            peer=f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer),
            mail_from=envelope.mail_from or "",
            rcpt_tos=list(envelope.rcpt_tos),
            auth_user=user,
        )
        self.sink._store(message)
        return f"250 2.0.0 OK: queued as {message.id}"


class MailSink:
    """An SMTP server that keeps what it receives (in memory, bounded; and as `.eml` files)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        username: str | None = None,
        password: str | None = None,
        directory: Path | str | None = None,
        max_messages: int = 1000,
        hostname: str = "mailsink.localhost",
    ) -> None:
        self.host = host
        self.port = port
        self.username = username or None
        self.password = password or ""
        self.directory = Path(directory) if directory else None
        self.hostname = hostname
        self.fault = SmtpFault()
        self._messages: deque[CapturedMessage] = deque(maxlen=max(1, max_messages))
        self._server: asyncio.Server | None = None
        self._sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()
        self._arrived = asyncio.Event()
        self._handler = _Handler(self)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        """Listen (on a free port when `port` is 0; `port` then holds the one picked)."""
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
        await self._listen()
        log.info("mail sink listening for SMTP on %s:%d", self.host, self.port)
        return self

    async def stop(self) -> None:
        self._close_listener()
        self._drop_sessions()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def listening(self) -> bool:
        return self._server is not None

    # ------------------------------------------------------------------ captured mail

    @property
    def messages(self) -> list[CapturedMessage]:
        """Captured messages, oldest first."""
        return list(self._messages)

    def find(self, *, to: str | None = None, since: datetime | None = None) -> list[CapturedMessage]:
        return [
            m
            for m in self._messages
            if (to is None or m.is_for(to)) and (since is None or m.received_at >= since)
        ]

    def get(self, message_id: str) -> CapturedMessage | None:
        return next((m for m in self._messages if m.id == message_id), None)

    def clear(self) -> None:
        self._messages.clear()

    async def wait_for(
        self,
        *,
        to: str | None = None,
        predicate: Callable[[CapturedMessage], bool] | None = None,
        timeout: float = 5.0,
    ) -> CapturedMessage:
        """The first captured message (already there or arriving within `timeout`) that matches."""

        def match() -> CapturedMessage | None:
            return next(
                (m for m in self.find(to=to) if predicate is None or predicate(m)),
                None,
            )

        async with asyncio.timeout(timeout):
            while (found := match()) is None:
                self._arrived.clear()
                await self._arrived.wait()
        return found

    # ------------------------------------------------------------------ faults

    async def set_fault(
        self,
        mode: FaultMode,
        *,
        count: int | None = None,
        stage: FaultStage = "rcpt",
        recipients: Collection[str] | None = None,
    ) -> SmtpFault:
        """`ok`, `down` (stop listening, drop sessions), `tempfail` (451) or `permfail` (550).

        `tempfail`/`permfail` answer RCPT (or, with `stage="data"`, the end of DATA) for
        `recipients` (everyone when empty), `count` times (until reset when None).
        """
        if mode == "down" and count is not None:
            raise ValueError("count does not apply to 'down': refused connections cannot be counted")
        if count is not None and count < 1:
            raise ValueError("count must be at least 1")
        self.fault = SmtpFault(
            mode=mode,
            stage=stage,
            recipients=frozenset(r.strip().lower() for r in recipients or ()),
            remaining=count if mode != "ok" else None,
        )
        if mode == "ok":
            self.fault = SmtpFault()
        if mode == "down":
            self._close_listener()
            self._drop_sessions()
        elif self._server is None:
            await self._listen()
        log.info("mail sink fault set: %s", self.fault.to_json())
        return self.fault

    async def reset(self) -> None:
        """No fault, listening again, no messages."""
        await self.set_fault("ok")
        self.clear()

    # ------------------------------------------------------------------ internals

    async def _listen(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._new_session, self.host, self.port)
        if self.port == 0:
            self.port = int(self._server.sockets[0].getsockname()[1])

    def _new_session(self) -> SMTP:
        auth = self.username is not None
        with warnings.catch_warnings():
            # A local sink has no TLS; AUTH in the clear is what it is meant to accept.
            warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
            session = SMTP(
                self._handler,
                hostname=self.hostname,
                enable_SMTPUTF8=True,
                auth_required=auth,
                auth_require_tls=False,
                authenticator=self._authenticate if auth else None,
            )
        self._sessions.add(session)
        return session

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and self.username is not None
            and auth_data.login.decode(errors="replace") == self.username
            and auth_data.password.decode(errors="replace") == self.password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def _close_listener(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _drop_sessions(self) -> None:
        for session in list(self._sessions):
            transport = getattr(session, "transport", None)
            if transport is not None:
                with contextlib.suppress(Exception):
                    transport.close()

    def _fault_reply(self, stage: FaultStage, recipients: list[str]) -> str | None:
        fault = self.fault
        if fault.mode not in ("tempfail", "permfail") or fault.stage != stage:
            return None
        if fault.recipients and not any(r.lower() in fault.recipients for r in recipients):
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.fault = SmtpFault()
        reply = TEMPFAIL_REPLY if fault.mode == "tempfail" else PERMFAIL_REPLY
        log.info("mail sink answered %s for %s", reply[:3], ", ".join(recipients))
        return reply

    def _store(self, message: CapturedMessage) -> None:
        self._messages.append(message)
        self._arrived.set()
        log.info(
            "mail captured %s from %s to %s: %s",
            message.id,
            message.mail_from,
            ", ".join(message.rcpt_tos),
            message.subject,
        )
        if self.directory is not None:
            stamp = message.received_at.strftime("%Y%m%dT%H%M%S%fZ")
            try:
                (self.directory / f"{stamp}-{message.id}.eml").write_bytes(message.raw)
            except OSError as exc:
                log.warning("could not write %s.eml into %s: %s", message.id, self.directory, exc)
