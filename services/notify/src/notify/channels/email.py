"""The email channel: multipart (plain text + HTML) UTF-8 mail over SMTP with aiosmtplib.

Outcomes: an address that cannot be valid fails permanently without connecting; SMTP 5xx replies are
permanent; 4xx replies, refused connections, timeouts and dropped connections are temporary. Each mail
carries ``Message-ID: <message id@domain>``, so a resend after a crash mid-way is recognisable.

The mail is serialised here, not by aiosmtplib: Python's header folder at 78 columns puts the space
between two RFC 2047 encoded-words as folding whitespace, which readers drop ("kết quả" arrived as
"kếtquả"), so headers are folded at RFC 5322's hard limit (998) instead, and the parts are
base64, so the bytes are 7-bit clean whatever the relay supports (and decode to exactly the text).
"""

from __future__ import annotations

from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

import aiosmtplib

from notify.channels.base import OutboundMessage, SendResult
from notify.kinds import Channel
from notify.recipients.addresses import normalise_email

WIRE_POLICY = policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = False
    use_tls: bool = False
    timeout: float = 30.0


class EmailChannel:
    channel = Channel.EMAIL

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        _, self.sender_address = parseaddr(config.sender)
        self.domain = self.sender_address.rpartition("@")[2] or "motcua.local"

    def compose(self, message: OutboundMessage, to: str) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.config.sender
        local, _, domain = to.rpartition("@")
        mail["To"] = Address(display_name=message.recipient_name or "", username=local, domain=domain)
        mail["Subject"] = message.subject or ""
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = f"<{message.message_id}@{self.domain}>"
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.body_text, charset="utf-8", cte="base64")
        if message.body_html:
            mail.add_alternative(message.body_html, subtype="html", charset="utf-8", cte="base64")
        # After the parts exist: making the message multipart moves Content-* headers into a part.
        mail["Content-Language"] = message.language
        return mail

    async def send(self, message: OutboundMessage) -> SendResult:
        to = normalise_email(message.address or "")
        if to is None:
            return SendResult.permanent(f"invalid email address: {message.address!r}")
        mail = self.compose(message, to)
        config = self.config
        try:
            _, reply = await aiosmtplib.send(
                mail.as_bytes(policy=WIRE_POLICY),
                sender=self.sender_address,
                recipients=[to],
                hostname=config.host,
                port=config.port,
                username=config.username or None,
                password=config.password or None,
                start_tls=config.starttls,
                use_tls=config.use_tls,
                timeout=config.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients[0] if exc.recipients else None
            code = refused.code if refused else 550
            text = refused.message if refused else str(exc)
            return _by_code(code, f"recipient refused: {code} {text}")
        except aiosmtplib.SMTPResponseException as exc:
            return _by_code(exc.code, f"SMTP {exc.code} {exc.message}")
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return SendResult.temporary(f"{type(exc).__name__}: {exc}")
        return SendResult.delivered(provider_id=mail["Message-ID"], response=_short(reply))

    async def close(self) -> None:
        return None


def _by_code(code: int, error: str) -> SendResult:
    if 500 <= code < 600:
        return SendResult.permanent(error, response=_short(error))
    return SendResult.temporary(error, response=_short(error))


def _short(text: str) -> str:
    return " ".join(text.split())[:500]
