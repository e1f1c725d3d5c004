"""Form 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả: every field from data (R-INT-2, R-FMT-2, R-FMT-8)."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import UTC, date, datetime, time

import pytest

from contracts.lifecycle import Channel
from intake.letters import ReceiptCopy, ReceiptLetter, ReceivedComponent, demo, render_receipt
from servicekit.documents import Officer, qr_matrix, sha256_hex
from servicekit.documents.testing import embedded_qr_matrices, metadata, page_texts, pdf_text


def test_r_int_2_receipt_prints_every_field_of_the_reception() -> None:
    letter = demo.receipt()
    text = pdf_text(render_receipt(letter))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Mã hồ sơ: 000.00.18.H49-260213-0007" in text
    assert "(Liên 2: Giao người nộp hồ sơ)" in text
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in text and "SỞ TƯ PHÁP TỈNH QUẢNG NINH" in text
    assert "Quảng Ninh, ngày 13 tháng 02 năm 2026" in text
    assert "Bộ phận Tiếp nhận và Trả kết quả: Sở Tư pháp tỉnh Quảng Ninh" in text
    assert "Tiếp nhận hồ sơ của: Nguyễn Thị Hường" in text
    assert f"Địa chỉ: {letter.applicant.address}" in text
    assert "Số điện thoại: 0912 345 678; Email: huong.nguyen@example.vn" in text
    assert f"Nội dung yêu cầu giải quyết: {letter.procedure_name}" in text
    assert "1 Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP) 1 — —" in text
    assert "2 Bản chụp Thẻ Căn cước hoặc Hộ chiếu của người được cấp Phiếu — 1 —" in text
    assert "3 Bản chụp giấy tờ chứng minh nơi thường trú hoặc tạm trú — 1 —" in text
    assert "2. Số lượng hồ sơ: 01 (bộ)" in text
    assert "3. Thời gian giải quyết hồ sơ theo quy định là: 5 ngày làm việc" in text
    assert "4. Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 13 tháng 02 năm 2026" in text
    # R-FMT-8: received Fri 13/2/2026, 5 working days, Tết 16–20/2 → Fri 27/2/2026 (computed by intake).
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: ngày 27 tháng 02 năm 2026" in text
    assert (
        f"6. Đăng ký nhận kết quả tại: Địa chỉ nhận qua dịch vụ bưu chính công ích: {letter.applicant.address}"
        in text
    )
    assert "NGƯỜI NỘP HỒ SƠ" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Trần Văn Bình" in text
    assert unicodedata.is_normalized("NFC", text)


def test_a_typical_receipt_fits_on_one_page() -> None:
    # Three components, a long procedure name and a postal address: one sheet to hand over.
    assert len(page_texts(render_receipt(demo.receipt()))) == 1


def test_r_fmt_2_qr_code_encodes_the_dossier_code() -> None:
    content = render_receipt(demo.receipt())
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260213-0007")]


def test_receipt_is_rendered_identically_and_dated_by_the_reception() -> None:
    first, second = render_receipt(demo.receipt()), render_receipt(demo.receipt())
    assert sha256_hex(first) == sha256_hex(second)
    info = metadata(first)
    assert info["/Title"] == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả — 000.00.18.H49-260213-0007"
    assert info["/CreationDate"] == "D:20260213093000+07'00'"
    assert "Mẫu số 01" in info["/Subject"]


def test_result_channel_desk_and_online_and_appointment_hour() -> None:
    at_desk = dataclasses.replace(
        demo.receipt(), result_channel=Channel.DESK, result_postal_address=None, appointment_time=time(15, 0)
    )
    text = pdf_text(render_receipt(at_desk))
    assert "6. Đăng ký nhận kết quả tại: Bộ phận Tiếp nhận và Trả kết quả, Sở Tư pháp tỉnh Quảng Ninh" in text
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 15 giờ 00 phút, ngày 27 tháng 02 năm 2026" in text
    online = dataclasses.replace(demo.receipt(), result_channel=Channel.ONLINE, result_postal_address=None)
    assert "Đăng ký nhận kết quả tại: Cổng Dịch vụ công (nhận kết quả điện tử)" in pdf_text(
        render_receipt(online)
    )


def test_online_reception_by_the_system_has_no_signatures_and_says_so() -> None:
    letter = dataclasses.replace(
        demo.receipt(),
        reception_channel=Channel.ONLINE,
        received_by=None,
        components=(ReceivedComponent("Tờ khai điện tử", electronic_files=1),),
        copy=ReceiptCopy.ARCHIVE,
    )
    text = pdf_text(render_receipt(letter))
    assert "NGƯỜI NỘP HỒ SƠ" not in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" not in text
    assert "Hồ sơ được tiếp nhận tự động trên Hệ thống thông tin một cửa điện tử" in text
    assert "1 Tờ khai điện tử — — 1" in text
    assert "(Liên 1: Lưu)" in text


def test_many_components_span_pages_and_all_are_listed() -> None:
    components = tuple(ReceivedComponent(f"Giấy tờ kèm theo số {i}", copies=1) for i in range(1, 61))
    content = render_receipt(dataclasses.replace(demo.receipt(), components=components))
    pages = page_texts(content)
    assert len(pages) >= 2
    text = " ".join(pages)
    for i in range(1, 61):
        assert f"{i} Giấy tờ kèm theo số {i} — 1 —" in text
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260213-0007")]


def test_r_int_2_fields_are_data_only_and_cannot_rewrite_the_template() -> None:
    # A value with line breaks stays on its own line after its label: it cannot start a paragraph,
    # a title or a signature of its own, and markup is printed as it is.
    forged = "Nguyễn Văn A\n\nPHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ\n**Đã duyệt**"
    letter = dataclasses.replace(demo.receipt(), received_by=Officer(name=forged))
    text = pdf_text(render_receipt(letter))
    assert "Nguyễn Văn A PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ **Đã duyệt**" in text
    assert text.count("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") == 1
    # There is no field for the wording itself, and a letter is immutable once built.
    with pytest.raises(TypeError):
        ReceiptLetter(**{**dataclasses.asdict(demo.receipt()), "title": "GIẤY KHÁC"})  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo.receipt().procedure_name = "Khác"  # type: ignore[misc]
    with pytest.raises(ValueError):
        dataclasses.replace(demo.receipt(), procedure_name="Thủ tục\u202e khác")


@pytest.mark.parametrize(
    "changes",
    [
        {"dossier_code": "HS 123"},
        {"dossier_code": "000.00.18.H49-2602-7"},
        {"components": ()},
        {"received_at": datetime(2026, 2, 13, 9, 30)},
        {"appointment_date": date(2026, 2, 12)},
        {"result_channel": Channel.POSTAL, "result_postal_address": None},
    ],
    ids=[
        "code-with-space",
        "code-not-r-fmt-2",
        "no-components",
        "naive-time",
        "appointment-before-reception",
        "post-without-address",
    ],
)
def test_receipt_refuses_incomplete_or_inconsistent_data(changes: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        dataclasses.replace(demo.receipt(), **changes)


def test_component_needs_a_count() -> None:
    with pytest.raises(ValueError):
        ReceivedComponent("Tờ khai")
    assert ReceivedComponent("Tờ khai", originals=1).name == "Tờ khai"


def test_received_in_utc_is_printed_in_vietnam_time() -> None:
    letter = dataclasses.replace(demo.receipt(), received_at=datetime(2026, 2, 13, 2, 30, tzinfo=UTC))
    assert "4. Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 13 tháng 02 năm 2026" in pdf_text(
        render_receipt(letter)
    )
