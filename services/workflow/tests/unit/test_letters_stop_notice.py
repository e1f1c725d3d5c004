"""Form 05 (TT 03/2025), Thông báo dừng giải quyết hồ sơ: the reason, the basis, the refund (R-PAY-4)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from servicekit.calendar import VN_TZ
from servicekit.documents import qr_matrix
from servicekit.documents.testing import embedded_qr_matrices, pdf_text
from workflow.letters import demo, render_stop_notice


def test_stop_notice_prints_the_dossier_reason_basis_and_refund() -> None:
    notice = demo.stop_notice()
    content = render_stop_notice(notice)
    text = pdf_text(content)
    assert "THÔNG BÁO Về việc dừng giải quyết hồ sơ" in text
    assert "Số: 131/TB-STP" in text
    assert "Quảng Ninh, ngày 23 tháng 02 năm 2026" in text
    assert "Kính gửi: Nguyễn Thị Hường" in text
    assert "Mã hồ sơ: 000.00.18.H49-260213-0007" in text
    assert "Sở Tư pháp tỉnh Quảng Ninh thông báo dừng giải quyết hồ sơ nêu trên." in text
    assert f"Lý do: {notice.reason}" in text
    assert "Căn cứ: Điều 19 Nghị định số 61/2018/NĐ-CP" in text
    assert "Phí, lệ phí Ông/Bà đã nộp cho hồ sơ này được hoàn trả theo quy định." in text
    assert "(số điện thoại 0203 3835 678)" in text
    assert "GIÁM ĐỐC (Ký, ghi rõ họ tên và đóng dấu) Phạm Quang Huy" in text
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260213-0007")]


def test_without_basis_or_refund_those_lines_are_absent() -> None:
    text = pdf_text(
        render_stop_notice(dataclasses.replace(demo.stop_notice(), legal_basis=None, fees_refunded=False))
    )
    assert "Căn cứ:" not in text
    assert "hoàn trả" not in text


def test_stop_notice_refuses_a_time_before_reception_and_free_text() -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(demo.stop_notice(), stopped_at=datetime(2026, 2, 12, 9, 0, tzinfo=VN_TZ))
    text = pdf_text(
        render_stop_notice(dataclasses.replace(demo.stop_notice(), reason="Dừng\n\nTHÔNG BÁO\nHủy"))
    )
    assert "Lý do: Dừng THÔNG BÁO Hủy" in text
