"""Emails as they go on the wire: long Vietnamese headers keep every space, bytes are 7-bit clean."""

from __future__ import annotations

import email
import uuid
from email import policy

from notify.channels.base import OutboundMessage
from notify.channels.email import WIRE_POLICY, EmailChannel, SmtpConfig
from notify.kinds import Channel

SUBJECT = "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ 000.00.00.G12-261123-0352"


def test_a_long_vietnamese_subject_keeps_its_spaces_and_the_mail_is_7bit() -> None:
    channel = EmailChannel(
        SmtpConfig(host="smtp", port=25, sender="Cổng Dịch vụ công <no-reply@motcua.local>")
    )
    message = OutboundMessage(
        message_id=uuid.uuid4(),
        channel=Channel.EMAIL,
        template_code="dossier.extended",
        recipient_subject="c",
        recipient_name="Nguyễn Văn An",
        address="an@example.vn",
        subject=SUBJECT,
        body_text="Kính gửi Nguyễn Văn An,\n\nNgày hẹn trả kết quả mới: 11/12/2026.",
        body_html=None,
        language="vi",
        dossier_id=None,
        attempt=1,
    )
    raw = channel.compose(message, "an@example.vn").as_bytes(policy=WIRE_POLICY)
    assert all(byte < 128 for byte in raw)
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == SUBJECT
    assert parsed["From"] == "Cổng Dịch vụ công <no-reply@motcua.local>"
    assert parsed["Message-ID"] == f"<{message.message_id}@motcua.local>"
    body = parsed.get_body(("plain",))
    assert body is not None and "Ngày hẹn trả kết quả mới: 11/12/2026." in body.get_content()
