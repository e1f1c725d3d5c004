"""Errors of messages."""

from __future__ import annotations

from servicekit.errors import NotFound
from servicekit.i18n import Text


class MessageNotFound(NotFound):
    code = "message_not_found"
    title = Text("Không tìm thấy thông báo", "Message not found")
    detail = Text(
        "Không có thông báo {message_id} trong phạm vi bạn được xem.",
        "No message {message_id} visible to you.",
    )
