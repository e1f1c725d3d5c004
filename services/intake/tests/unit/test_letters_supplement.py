"""Form 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: every item with reason and guidance, at once (R-INT-3, R-PROC-3)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from contracts.events.dossier import SupplementItem as SupplementItemEvent
from intake.letters import SupplementItem, SupplementRequestLetter, demo, render_supplement_request
from servicekit.calendar import VN_TZ
from servicekit.documents import qr_matrix
from servicekit.documents.testing import embedded_qr_matrices, page_texts, pdf_text


def test_r_int_3_request_lists_every_item_with_reason_and_guidance() -> None:
    letter = demo.supplement_request()
    text = pdf_text(render_supplement_request(letter))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in text
    assert "Quảng Ninh, ngày 12 tháng 02 năm 2026" in text
    assert "Hồ sơ của: Nguyễn Thị Hường" in text
    assert f"Nội dung yêu cầu giải quyết: {letter.procedure_name}" in text
    assert "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:" in text
    for index, item in enumerate(letter.items, start=1):
        assert f"{index} {item.name}" in text
        assert item.reason in text
        assert item.guidance in text
    assert "hướng dẫn đầy đủ một lần" in text
    assert "liên hệ với Trần Văn Bình, số điện thoại 0203 3835 678 để được hướng dẫn./." in text
    assert "NGƯỜI HƯỚNG DẪN (Ký và ghi rõ họ tên) Trần Văn Bình" in text
    # At the desk the dossier has no code yet: no code line, no QR code, no clock restart.
    assert "Mã hồ sơ" not in text
    assert embedded_qr_matrices(render_supplement_request(letter)) == []
    assert "tính lại từ đầu" not in text


def test_r_proc_3_after_appraisal_the_agency_asks_and_the_clock_restarts() -> None:
    letter = dataclasses.replace(
        demo.supplement_request(),
        at_desk=False,
        dossier_code="000.00.18.H49-260213-0007",
        received_at=datetime(2026, 2, 13, 9, 30, tzinfo=VN_TZ),
    )
    content = render_supplement_request(letter)
    text = pdf_text(content)
    assert "Mã hồ sơ: 000.00.18.H49-260213-0007" in text
    assert "Thời gian tiếp nhận hồ sơ: 09 giờ 30 phút, ngày 13 tháng 02 năm 2026" in text
    assert "Thời hạn giải quyết được tính lại từ đầu sau khi nhận đủ hồ sơ." in text
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" not in text  # the agency itself issues it
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260213-0007")]


def test_items_come_straight_from_the_event_contract() -> None:
    event_item = SupplementItemEvent(
        component_code="TP3",
        name="Giấy ủy quyền",
        reason="Chưa có chứng thực.",
        guidance="Nộp bản có chứng thực.",
    )
    item = SupplementItem(**event_item.model_dump())
    text = pdf_text(render_supplement_request(dataclasses.replace(demo.supplement_request(), items=(item,))))
    assert "1 Giấy ủy quyền Chưa có chứng thực. Nộp bản có chứng thực." in text


def test_a_long_request_spans_pages_and_keeps_every_item() -> None:
    items = tuple(
        SupplementItem(
            name=f"Giấy tờ số {i}", reason=f"Thiếu chữ ký ở trang {i}.", guidance=f"Ký lại trang {i}."
        )
        for i in range(1, 51)
    )
    pages = page_texts(render_supplement_request(dataclasses.replace(demo.supplement_request(), items=items)))
    assert len(pages) >= 2
    text = " ".join(pages)
    for i in range(1, 51):
        assert f"{i} Giấy tờ số {i} Thiếu chữ ký ở trang {i}. Ký lại trang {i}." in text


def test_fields_are_data_only() -> None:
    forged = SupplementItem(name="Tờ khai", reason="Thiếu\n\nNGƯỜI HƯỚNG DẪN\nĐã ký", guidance="Bổ sung.")
    text = pdf_text(
        render_supplement_request(dataclasses.replace(demo.supplement_request(), items=(forged,)))
    )
    assert "Thiếu NGƯỜI HƯỚNG DẪN Đã ký" in text
    with pytest.raises(ValueError):
        dataclasses.replace(demo.supplement_request(), items=())
    with pytest.raises(ValueError):
        SupplementItem(name="Tờ khai", reason="", guidance="Bổ sung.")
    with pytest.raises(TypeError):
        SupplementRequestLetter(**{**dataclasses.asdict(demo.supplement_request()), "closing": "Khác"})  # type: ignore[arg-type]
