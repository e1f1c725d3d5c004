"""Form 04, Phiếu xin lỗi và hẹn lại ngày trả kết quả: reason and the new date, once (R-PROC-8)."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date, datetime

import pytest

from servicekit.calendar import VN_TZ
from servicekit.documents import qr_matrix, sha256_hex
from servicekit.documents.testing import embedded_qr_matrices, metadata, pdf_text
from workflow.letters import ApologyLetter, Officer, demo, render_apology


def test_r_proc_8_apology_prints_reason_old_and_new_dates_and_the_dossier() -> None:
    letter = demo.apology()
    text = pdf_text(render_apology(letter))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in text and "SỞ TƯ PHÁP TỈNH QUẢNG NINH" in text
    assert "Số: 125/XL-STP" in text
    assert "Quảng Ninh, ngày 25 tháng 02 năm 2026" in text
    assert "Kính gửi: Nguyễn Thị Hường" in text
    assert (
        "Ngày 13 tháng 02 năm 2026, Sở Tư pháp tỉnh Quảng Ninh tiếp nhận giải quyết hồ sơ của Ông/Bà Nguyễn Thị Hường."
        in text
    )
    assert "Mã hồ sơ: 000.00.18.H49-260213-0007" in text
    assert f"Nội dung yêu cầu giải quyết: {letter.dossier.procedure_name}" in text
    assert "Thời hẹn trả kết quả giải quyết hồ sơ: ngày 27 tháng 02 năm 2026" in text
    assert f"Lý do: {letter.reason}" in text
    assert (
        "Sở Tư pháp tỉnh Quảng Ninh xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà"
        " vào ngày 06 tháng 3 năm 2026." in text
    )
    assert "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./." in text
    assert "GIÁM ĐỐC (Ký, ghi rõ họ tên và đóng dấu) Phạm Quang Huy" in text
    assert "Nơi nhận: - Như trên; - Bộ phận Tiếp nhận và Trả kết quả; - Lưu: VT, hồ sơ." in text
    assert unicodedata.is_normalized("NFC", text)


def test_apology_carries_the_dossier_code_as_qr_and_renders_identically() -> None:
    content = render_apology(demo.apology())
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260213-0007")]
    assert sha256_hex(content) == sha256_hex(render_apology(demo.apology()))
    assert metadata(content)["/CreationDate"] == "D:20260225161000+07'00'"
    assert "Mẫu số 04" in metadata(content)["/Subject"]


@pytest.mark.parametrize(
    "changes",
    [
        {"new_appointment_date": date(2026, 2, 27)},
        {"new_appointment_date": date(2026, 2, 20)},
        {"issued_at": datetime(2026, 2, 27, 8, 0, tzinfo=VN_TZ)},
        {"issued_at": datetime(2026, 2, 25, 16, 10)},
        {"reason": " "},
    ],
    ids=["same-date", "earlier-date", "issued-on-the-deadline", "naive-time", "no-reason"],
)
def test_r_proc_8_apology_refuses_dates_the_rule_does_not_allow(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(demo.apology(), **changes)


def test_fields_are_data_only() -> None:
    forged = "Quá tải\n\nSở Tư pháp xin lỗi và sẽ trả kết quả vào ngày 01 tháng 01 năm 2030"
    text = pdf_text(render_apology(dataclasses.replace(demo.apology(), reason=forged)))
    assert "Lý do: Quá tải Sở Tư pháp xin lỗi và sẽ trả kết quả vào ngày 01 tháng 01 năm 2030" in text
    assert "vào ngày 06 tháng 3 năm 2026." in text  # the promised date still comes from the data
    with pytest.raises(TypeError):
        ApologyLetter(**{**vars_of(demo.apology()), "closing": "Khác"})  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Officer(name="Phạm\u202eHuy")


def test_signer_without_position_signs_as_head_of_agency() -> None:
    letter = dataclasses.replace(demo.apology(), signer=Officer(name="Phạm Quang Huy"))
    assert "THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên và đóng dấu) Phạm Quang Huy" in pdf_text(
        render_apology(letter)
    )


def vars_of(letter: ApologyLetter) -> dict[str, object]:
    return {f.name: getattr(letter, f.name) for f in dataclasses.fields(letter)}
