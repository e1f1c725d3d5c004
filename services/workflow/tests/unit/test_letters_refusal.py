"""The refusal after appraisal (R-PROC-7): the agency states every reason, with the dossier's code."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from servicekit.calendar import VN_TZ
from servicekit.documents import qr_matrix, sha256_hex
from servicekit.documents.testing import embedded_qr_matrices, pdf_text
from workflow.letters import demo, render_refusal_after_appraisal


def test_r_proc_7_refusal_after_appraisal_prints_every_reason() -> None:
    letter = demo.refusal()
    content = render_refusal_after_appraisal(letter)
    text = pdf_text(content)
    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text
    assert "Số: 128/TC-STP" in text
    assert "Quảng Ninh, ngày 24 tháng 02 năm 2026" in text
    assert "Kính gửi: Nguyễn Thị Hường" in text
    assert "Mã hồ sơ: 000.00.18.H49-260213-0007" in text
    assert (
        "Qua thẩm định, Sở Tư pháp tỉnh Quảng Ninh thông báo không giải quyết hồ sơ này với lý do cụ thể như sau:"
        in text
    )
    assert f"1. {letter.reasons[0]}" in text
    assert f"2. {letter.reasons[1]}" in text
    assert "GIÁM ĐỐC (Ký, ghi rõ họ tên và đóng dấu) Phạm Quang Huy" in text
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260213-0007")]
    assert sha256_hex(content) == sha256_hex(render_refusal_after_appraisal(demo.refusal()))


def test_refusal_needs_reasons_a_time_after_reception_and_data_only_text() -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(demo.refusal(), reasons=())
    with pytest.raises(ValueError):
        dataclasses.replace(demo.refusal(), refused_at=datetime(2026, 2, 1, 9, 0, tzinfo=VN_TZ))
    forged = dataclasses.replace(demo.refusal(), reasons=("Không đủ điều kiện\nGIÁM ĐỐC\nĐã ký",))
    assert "1. Không đủ điều kiện GIÁM ĐỐC Đã ký" in pdf_text(render_refusal_after_appraisal(forged))
