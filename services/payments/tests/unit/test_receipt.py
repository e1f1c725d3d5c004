"""Receipts (biên lai): amounts in Vietnamese words, and the PDF a payer downloads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from payments.receipts.document import ReceiptDocument, render_receipt
from payments.receipts.words import in_words
from servicekit.documents.qr import qr_matrix
from servicekit.documents.testing import embedded_qr_matrices, pdf_text


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (8_000, "Tám nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (200_005, "Hai trăm nghìn không trăm linh năm đồng"),
        (1_234_567, "Một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy đồng"),
        (20_000_000, "Hai mươi triệu đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (2_000_000_000_000, "Hai nghìn tỷ đồng"),
    ],
)
def test_an_amount_is_written_in_words_as_receipts_write_it(amount: int, words: str) -> None:
    assert in_words(amount) == words


def test_a_negative_amount_has_no_words() -> None:
    with pytest.raises(ValueError):
        in_words(-1)


def receipt(**changes: object) -> ReceiptDocument:
    values: dict[str, object] = {
        "number": "000.00.11.H49-BL2026-000042",
        "agency_name": "Sở Tư pháp tỉnh Quảng Ninh",
        "dossier_code": "000.00.11.H49-261123-0007",
        "payer_name": "Nguyễn Văn An",
        "lines": (("Phí cung cấp thông tin lý lịch tư pháp", 100_000),),
        "total": 100_000,
        "method": "desk_cash",
        "transaction_ref": "TM01935F4A7B",
        "paid_at": datetime(2026, 11, 23, 3, 15, tzinfo=UTC),
        "collector_name": "Phạm Thị Tiếp Nhận",
    }
    values.update(changes)
    return ReceiptDocument(**values)  # type: ignore[arg-type]


def test_the_receipt_pdf_says_who_paid_what_how_and_carries_its_number_as_a_qr_code() -> None:
    content = render_receipt(receipt())
    text = pdf_text(content)
    for expected in (
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "Số: 000.00.11.H49-BL2026-000042",
        "Sở Tư pháp tỉnh Quảng Ninh",
        "Nguyễn Văn An",
        "000.00.11.H49-261123-0007",
        "Phí cung cấp thông tin lý lịch tư pháp",
        "100.000",
        "Một trăm nghìn đồng",
        "Tiền mặt tại Bộ phận Tiếp nhận và Trả kết quả",
        "10 giờ 15 phút, ngày 23 tháng 11 năm 2026",
        "NGƯỜI THU TIỀN",
        "Phạm Thị Tiếp Nhận",
    ):
        assert expected in text, expected
    assert qr_matrix("000.00.11.H49-BL2026-000042") in embedded_qr_matrices(content)
    assert render_receipt(receipt()) == content  # the same receipt, the same bytes


def test_an_online_receipt_is_issued_by_the_system_without_signatures() -> None:
    text = pdf_text(render_receipt(receipt(method="online_gateway", collector_name=None, payer_name=None)))
    assert "Thanh toán trực tuyến qua cổng thanh toán" in text and "không cần chữ ký" in text
    assert "NGƯỜI THU TIỀN" not in text and "Chủ hồ sơ" in text


def test_a_receipt_whose_lines_do_not_add_up_or_with_layout_in_its_data_is_refused() -> None:
    with pytest.raises(ValueError):
        receipt(total=90_000)
    with pytest.raises(ValueError):
        receipt(payer_name="Nguyễn\x00Văn An")
    with pytest.raises(ValueError):
        receipt(method="bitcoin")
