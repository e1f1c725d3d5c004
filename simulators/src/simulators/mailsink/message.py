"""A captured message: the SMTP envelope plus the parsed RFC 5322 content, decoded for reading."""

from __future__ import annotations

import email
import email.policy
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

from simulators._common import rfc3339


@dataclass(frozen=True)
class Attachment:
    filename: str | None
    content_type: str
    size: int


@dataclass(frozen=True)
class CapturedMessage:
    id: str
    received_at: datetime
    peer: str
    mail_from: str
    rcpt_tos: tuple[str, ...]
    auth_user: str | None
    raw: bytes
    headers: tuple[tuple[str, str], ...]
    subject: str
    text: str | None
    html: str | None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    def header(self, name: str) -> str | None:
        """The first header called `name` (case-insensitive), decoded."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def addresses(self, name: str) -> list[str]:
        """Bare addresses of an address header (`To`, `Cc`, `From`…)."""
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return [address for _, address in getaddresses(values) if address]

    def is_for(self, address: str) -> bool:
        """True when `address` is an envelope recipient or in To/Cc (case-insensitive)."""
        wanted = address.strip().lower()
        candidates = [*self.rcpt_tos, *self.addresses("To"), *self.addresses("Cc")]
        return any(candidate.lower() == wanted for candidate in candidates)

    def to_json(self, *, with_raw: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "received_at": rfc3339(self.received_at),
            "peer": self.peer,
            "mail_from": self.mail_from,
            "rcpt_tos": list(self.rcpt_tos),
            "auth_user": self.auth_user,
            "from": self.header("From"),
            "to": self.addresses("To"),
            "cc": self.addresses("Cc"),
            "subject": self.subject,
            "message_id": self.header("Message-ID"),
            "date": self.header("Date"),
            "headers": [[key, value] for key, value in self.headers],
            "text": self.text,
            "html": self.html,
            "attachments": [
                {"filename": a.filename, "content_type": a.content_type, "size": a.size}
                for a in self.attachments
            ],
            "size": len(self.raw),
        }
        if with_raw:
            data["raw"] = self.raw.decode("utf-8", errors="replace")
        return data


def parse_message(
    raw: bytes,
    *,
    received_at: datetime,
    peer: str,
    mail_from: str,
    rcpt_tos: list[str],
    auth_user: str | None = None,
) -> CapturedMessage:
    """Parse `raw` leniently: a malformed part is kept as raw, never a reason to refuse the mail."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    headers = tuple((key, _header_text(value)) for key, value in parsed.items())
    text = html = None
    attachments: list[Attachment] = []
    for part in parsed.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        disposition = part.get_content_disposition()
        if disposition != "attachment" and content_type in ("text/plain", "text/html"):
            body = _part_text(part)
            if content_type == "text/plain" and text is None:
                text = body
                continue
            if content_type == "text/html" and html is None:
                html = body
                continue
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
        attachments.append(Attachment(part.get_filename(), content_type, size))
    return CapturedMessage(
        id=str(uuid.uuid4()),
        received_at=received_at,
        peer=peer,
        mail_from=mail_from,
        rcpt_tos=tuple(rcpt_tos),
        auth_user=auth_user,
        raw=raw,
        headers=headers,
        subject=_header_text(parsed.get("Subject", "")),
        text=text,
        html=html,
        attachments=tuple(attachments),
    )


def _header_text(value: object) -> str:
    # The default policy decodes RFC 2047 encoded words; str() gives the decoded text.
    return str(value) if value is not None else ""


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else str(payload)
    return content if isinstance(content, str) else str(content)
