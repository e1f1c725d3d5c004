"""The receipt as a PDF (biên lai thu phí, lệ phí): one page, its number in a QR code, the amount in
figures and in words, how it was paid; signed at the desk, issued by the system when paid online."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from payments.receipts.words import in_words
from servicekit.documents import (
    Column,
    DocumentInfo,
    LegalDocument,
    SignatureBlock,
    data_text,
    vn_datetime,
    vn_number,
)
from servicekit.documents.checks import aware

TITLE = "Biên lai thu phí, lệ phí"
METHODS = {
    "online_gateway": "Thanh toán trực tuyến qua cổng thanh toán",
    "bank_transfer": "Chuyển khoản vào tài khoản thu phí, lệ phí của cơ quan",
    "desk_cash": "Tiền mặt tại Bộ phận Tiếp nhận và Trả kết quả",
}
_COLUMNS = (Column("STT", 1.0, "C"), Column("Nội dung thu", 6.4), Column("Số tiền (đồng)", 2.6, "R"))


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    number: str
    agency_name: str
    dossier_code: str | None
    payer_name: str | None
    lines: tuple[tuple[str, int], ...]
    total: int
    method: str
    transaction_ref: str
    paid_at: datetime
    collector_name: str | None  # the reception officer who counted cash; None: issued by the system

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "number", data_text(self.number, field="number", max_length=64))
        set_(self, "agency_name", data_text(self.agency_name, field="agency_name", max_length=200))
        if self.payer_name is not None:
            set_(self, "payer_name", data_text(self.payer_name, field="payer_name", max_length=200))
        if self.collector_name is not None:
            set_(
                self, "collector_name", data_text(self.collector_name, field="collector_name", max_length=200)
            )
        set_(self, "lines", tuple((data_text(n, field="line"), a) for n, a in self.lines))
        if self.method not in METHODS:
            raise ValueError(f"unknown payment method {self.method!r}")
        if sum(a for _, a in self.lines) != self.total or self.total <= 0:
            raise ValueError("the lines must add up to the total, which is positive")
        aware(self.paid_at, "paid_at")


def render_receipt(receipt: ReceiptDocument) -> bytes:
    """The receipt's PDF; the same receipt always renders to the same bytes."""
    doc = LegalDocument(
        DocumentInfo(
            title=f"{TITLE} — {receipt.number}",
            subject=TITLE,
            author=receipt.agency_name,
            keywords=tuple(k for k in (receipt.number, receipt.dossier_code) if k),
            created_at=receipt.paid_at,
        )
    )
    doc.field("Đơn vị thu phí, lệ phí", receipt.agency_name)
    doc.space(2)
    doc.heading(
        TITLE, [(f"Số: {receipt.number}", "B"), ("(Biên lai điện tử)", "I")], qr_payload=receipt.number
    )
    doc.field("Người nộp tiền", receipt.payer_name or "Chủ hồ sơ")
    if receipt.dossier_code:
        doc.field("Mã hồ sơ", receipt.dossier_code)
    rows = [[str(i), name, vn_number(amount)] for i, (name, amount) in enumerate(receipt.lines, start=1)]
    rows.append(["", "Tổng cộng", vn_number(receipt.total)])
    doc.table(_COLUMNS, rows, bold_rows=(len(rows) - 1,))
    doc.field("Số tiền bằng chữ", in_words(receipt.total), value_style="BI")
    doc.field("Hình thức thanh toán", METHODS[receipt.method])
    doc.field("Mã giao dịch", receipt.transaction_ref)
    doc.field("Thời gian thu", vn_datetime(receipt.paid_at))
    if receipt.collector_name:
        doc.signatures(
            [SignatureBlock("Người nộp tiền"), SignatureBlock("Người thu tiền", name=receipt.collector_name)]
        )
    else:
        doc.space(3)
        doc.paragraph(
            "Biên lai điện tử do Hệ thống thông tin giải quyết thủ tục hành chính lập khi giao dịch "
            "được xác nhận; có giá trị như biên lai giấy, không cần chữ ký.",
            style="I",
            indent=False,
            size=11,
        )
    return doc.output()
