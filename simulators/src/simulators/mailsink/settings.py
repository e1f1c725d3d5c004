"""Settings of the mail sink, from `MAILSINK_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from simulators._common import env_int


@dataclass(frozen=True)
class MailSinkSettings:
    smtp_host: str = "127.0.0.1"
    #: 0 picks a free port (tests); the local stack passes base+25 (8025).
    smtp_port: int = 8025
    #: Also write each message there as `<time>-<id>.eml` (never pruned).
    directory: Path | None = None
    #: With a username, clients must AUTH (PLAIN or LOGIN; no TLS needed) before MAIL.
    username: str | None = None
    password: str = ""
    max_messages: int = 1000

    @classmethod
    def from_env(cls) -> MailSinkSettings:
        directory = os.environ.get("MAILSINK_DIR", "")
        return cls(
            smtp_host=os.environ.get("MAILSINK_SMTP_HOST") or "127.0.0.1",
            smtp_port=env_int("MAILSINK_SMTP_PORT", 8025),
            directory=Path(directory) if directory else None,
            username=os.environ.get("MAILSINK_USERNAME") or None,
            password=os.environ.get("MAILSINK_PASSWORD", ""),
            max_messages=env_int("MAILSINK_MAX_MESSAGES", 1000),
        )
