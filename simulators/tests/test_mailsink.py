"""The mail sink through real SMTP (stdlib smtplib in a thread) and its real HTTP API."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest

from simulators.mailsink.server import MailSink
from simulators.mailsink.settings import MailSinkSettings
from simulators.testing import RunningMailSink, run_mailsink

CITIZEN = "nguyen.van.a@example.vn"
SUBJECT = "Hồ sơ 000.00.00.G12-261123-0007 đã được tiếp nhận"


def notification(to: str = CITIZEN, subject: str = SUBJECT) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Cổng Dịch vụ công <no-reply@motcua.example.vn>"
    message["To"] = f"Nguyễn Văn A <{to}>"
    message["Subject"] = subject
    message["Message-ID"] = "<dossier-0007@motcua.example.vn>"
    message.set_content("Kính gửi ông/bà Nguyễn Văn A,\nHồ sơ của ông/bà đã được tiếp nhận.")
    message.add_alternative(
        "<p>Kính gửi ông/bà <b>Nguyễn Văn A</b>,</p><p>Hồ sơ đã được tiếp nhận.</p>", subtype="html"
    )
    message.add_attachment(
        b"%PDF-1.7 receipt", maintype="application", subtype="pdf", filename="bien-nhan.pdf"
    )
    return message


async def smtp_session(host: str, port: int, work: Callable[[smtplib.SMTP], Any]) -> Any:
    """Run `work` on a real SMTP connection, in a thread (the sink runs on this loop)."""

    def run() -> Any:
        with smtplib.SMTP(host, port, timeout=5) as client:
            return work(client)

    return await asyncio.to_thread(run)


async def send(mail: RunningMailSink, message: EmailMessage, to: list[str] | None = None) -> Any:
    return await smtp_session(
        mail.smtp_host,
        mail.smtp_port,
        lambda client: client.send_message(message, from_addr="no-reply@motcua.example.vn", to_addrs=to),
    )


async def test_a_vietnamese_html_mail_is_captured_decoded(mail: RunningMailSink) -> None:
    await send(mail, notification())

    async with httpx.AsyncClient(base_url=mail.base_url) as http:
        [listed] = (await http.get("/messages", params={"to": CITIZEN})).json()
        assert listed["subject"] == SUBJECT
        assert listed["mail_from"] == "no-reply@motcua.example.vn"
        assert listed["rcpt_tos"] == [CITIZEN]
        assert listed["to"] == [CITIZEN]
        assert listed["from"] == "Cổng Dịch vụ công <no-reply@motcua.example.vn>"
        assert listed["message_id"] == "<dossier-0007@motcua.example.vn>"
        assert "Hồ sơ của ông/bà đã được tiếp nhận." in listed["text"]
        assert "<b>Nguyễn Văn A</b>" in listed["html"]
        assert listed["attachments"] == [
            {"filename": "bien-nhan.pdf", "content_type": "application/pdf", "size": 16}
        ]
        assert ["Subject", SUBJECT] in listed["headers"]
        assert "raw" not in listed

        detail = (await http.get(f"/messages/{listed['id']}")).json()
        # On the wire the subject is an RFC 2047 encoded word; the API gives it decoded.
        assert "Subject: =?utf-8?" in detail["raw"]
        raw = await http.get(f"/messages/{listed['id']}/raw")
        assert raw.headers["content-type"] == "message/rfc822"
        assert raw.content == mail.sink.messages[0].raw
        assert (await http.get("/messages/nope")).status_code == 404


async def test_messages_filter_by_recipient_and_time_and_can_be_cleared(mail: RunningMailSink) -> None:
    await send(mail, notification(to="a@example.vn"))
    first = mail.sink.messages[0]
    await send(mail, notification(to="b@example.vn"), to=["b@example.vn", "bcc@example.vn"])

    async with httpx.AsyncClient(base_url=mail.base_url) as http:
        everything = (await http.get("/messages")).json()
        assert [m["rcpt_tos"] for m in everything] == [["a@example.vn"], ["b@example.vn", "bcc@example.vn"]]
        assert len((await http.get("/messages", params={"to": "BCC@example.vn"})).json()) == 1
        since = (await http.get("/messages", params={"since": everything[1]["received_at"]})).json()
        assert [m["id"] for m in since] == [everything[1]["id"]]
        assert (await http.get("/messages", params={"since": "yesterday"})).status_code == 422
        assert (await http.delete("/messages")).status_code == 204
        assert (await http.get("/messages")).json() == []
    assert mail.sink.get(first.id) is None


async def test_wait_for_returns_a_message_that_arrives_later(mail: RunningMailSink) -> None:
    waiting = asyncio.create_task(mail.sink.wait_for(to=CITIZEN, timeout=5))
    await asyncio.sleep(0)
    await send(mail, notification())
    assert (await waiting).subject == SUBJECT
    with pytest.raises(TimeoutError):
        await mail.sink.wait_for(to="nobody@example.vn", timeout=0.05)


async def test_tempfail_answers_451_to_rcpt_count_times(mail: RunningMailSink) -> None:
    async with httpx.AsyncClient(base_url=mail.base_url) as http:
        fault = await http.post("/simulator/faults", json={"mode": "tempfail", "count": 1})
        assert fault.json()["mode"] == "tempfail"
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        await send(mail, notification())
    assert refused.value.recipients[CITIZEN][0] == 451
    await send(mail, notification())
    assert len(mail.sink.messages) == 1
    assert mail.sink.fault.mode == "ok"


async def test_permfail_at_data_answers_550_and_keeps_nothing(mail: RunningMailSink) -> None:
    async with httpx.AsyncClient(base_url=mail.base_url) as http:
        await http.post("/simulator/faults", json={"mode": "permfail", "stage": "data"})
        with pytest.raises(smtplib.SMTPDataError) as refused:
            await send(mail, notification())
        assert refused.value.smtp_code == 550
        assert mail.sink.messages == []
        assert (await http.get("/simulator/faults")).json()["mode"] == "permfail"
        assert (await http.delete("/simulator/faults")).status_code == 204
    await send(mail, notification())
    assert len(mail.sink.messages) == 1


async def test_faults_can_target_some_recipients(mail: RunningMailSink) -> None:
    await mail.sink.set_fault("permfail", recipients=["Bounce@example.vn"])
    refused = await send(mail, notification(), to=[CITIZEN, "bounce@example.vn"])
    assert refused == {"bounce@example.vn": (550, b"5.7.1 Requested action not taken: rejected (simulated)")}
    assert mail.sink.messages[0].rcpt_tos == (CITIZEN,)


async def test_down_refuses_connections_until_ok(mail: RunningMailSink) -> None:
    async with httpx.AsyncClient(base_url=mail.base_url) as http:
        down = await http.post("/simulator/faults", json={"mode": "down"})
        assert down.json()["listening"] is False
        with pytest.raises(ConnectionRefusedError):
            await send(mail, notification())
        assert (await http.get("/readyz")).status_code == 200  # the HTTP API stays up
        bad = await http.post("/simulator/faults", json={"mode": "down", "count": 2})
        assert bad.status_code == 422
        up = await http.post("/simulator/faults", json={"mode": "ok"})
        assert up.json()["listening"] is True
        assert (await http.get("/simulator/smtp")).json()["port"] == mail.smtp_port
    await send(mail, notification())
    assert len(mail.sink.messages) == 1


async def test_auth_is_required_when_credentials_are_configured() -> None:
    async with MailSink(username="notify", password="mat-khau-dev") as sink:

        def anonymous(client: smtplib.SMTP) -> Any:
            return client.send_message(notification())

        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            await smtp_session(sink.host, sink.port, anonymous)
        assert refused.value.smtp_code == 530

        def wrong(client: smtplib.SMTP) -> Any:
            return client.login("notify", "sai")

        with pytest.raises(smtplib.SMTPAuthenticationError):
            await smtp_session(sink.host, sink.port, wrong)

        for mechanism in ("PLAIN", "LOGIN"):

            def authenticated(client: smtplib.SMTP, mechanism: str = mechanism) -> Any:
                client.ehlo()
                client.user, client.password = "notify", "mat-khau-dev"
                auth = client.auth_plain if mechanism == "PLAIN" else client.auth_login
                client.auth(mechanism, auth)
                return client.send_message(notification())

            await smtp_session(sink.host, sink.port, authenticated)
        assert [m.auth_user for m in sink.messages] == ["notify", "notify"]


async def test_messages_are_also_written_as_eml_files(tmp_path: Path) -> None:
    async with MailSink(directory=tmp_path / "mail", max_messages=1) as sink:
        for n in range(2):
            await smtp_session(
                sink.host, sink.port, lambda client, n=n: client.send_message(notification(subject=f"#{n}"))
            )
        assert [m.subject for m in sink.messages] == ["#1"]  # bounded in memory
        files = sorted((tmp_path / "mail").glob("*.eml"))
        assert len(files) == 2  # on disk, every one
        assert files[-1].read_bytes() == sink.messages[0].raw


async def test_the_app_reads_its_settings_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MAILSINK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MAILSINK_SMTP_PORT", "2525")
    monkeypatch.setenv("MAILSINK_DIR", str(tmp_path))
    monkeypatch.setenv("MAILSINK_USERNAME", "u")
    monkeypatch.setenv("MAILSINK_PASSWORD", "p")
    assert MailSinkSettings.from_env() == MailSinkSettings(
        smtp_host="127.0.0.1", smtp_port=2525, directory=tmp_path, username="u", password="p"
    )
    async with (
        run_mailsink(username="u", password="p") as sink,
        httpx.AsyncClient(base_url=sink.base_url) as http,
    ):
        info = (await http.get("/simulator/smtp")).json()
        assert info == {"host": "127.0.0.1", "port": sink.smtp_port, "listening": True, "auth_required": True}
        assert (await http.get("/healthz")).status_code == 200
