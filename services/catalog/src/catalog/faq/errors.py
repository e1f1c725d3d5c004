"""Errors of the FAQ (problem+json, Vietnamese by default, English with Accept-Language: en)."""

from __future__ import annotations

from servicekit.errors import NotFound
from servicekit.i18n import Text


class FaqNotFound(NotFound):
    code = "faq_not_found"
    title = Text("Không tìm thấy câu hỏi", "FAQ entry not found")
    detail = Text(
        "Thủ tục {procedure_code} không có câu hỏi {faq_id}.",
        "Procedure {procedure_code} has no entry {faq_id}.",
    )
