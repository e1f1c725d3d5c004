"""The printout of an e-form's entered data (R-CAT-4): title, status, time, fields in schema order."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from contracts.lifecycle import DossierStatus
from intake.letters import EFormEntry, EFormPrintout, demo, entries_from_schema, render_eform_printout
from servicekit.calendar import VN_TZ
from servicekit.documents.testing import page_texts, pdf_text


def test_r_cat_4_printout_shows_every_field_in_schema_order_with_status_and_time() -> None:
    text = pdf_text(render_eform_printout(demo.eform_printout()))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP" in text
    assert "Người khai: Nguyễn Thị Hường" in text
    assert "Trạng thái: Bản nháp" in text
    assert "Lưu lúc: 20 giờ 45 phút, ngày 11 tháng 02 năm 2026 (phiên bản 3)" in text
    expected = [
        "1 Họ, chữ đệm, tên Nguyễn Thị Hường",
        "2 Ngày sinh 05/02/1990",
        "3 Giới tính Nữ",
        "Nơi cư trú",
        "4 Tỉnh, thành phố Quảng Ninh",
        "5 Địa chỉ chi tiết Số 12 đường Trần Hưng Đạo, phường Hồng Gai",
        "6 Số lượng Phiếu yêu cầu cấp 2",
        "7 Nhận kết quả qua bưu điện Có",
        "8 Ghi chú (chưa nhập)",
    ]
    positions = [text.find(part) for part in expected]
    assert -1 not in positions, [p for p, i in zip(expected, positions, strict=True) if i == -1]
    assert positions == sorted(positions)


def test_schema_order_not_data_order_and_unknown_keys_are_left_out() -> None:
    schema = {"properties": {"b": {"title": "Trường B"}, "a": {"title": "Trường A"}}}
    entries = entries_from_schema(schema, {"a": "giá trị A", "b": "giá trị B", "x": "không có trong mẫu"})
    assert entries == (EFormEntry("Trường B", "giá trị B"), EFormEntry("Trường A", "giá trị A"))


def test_arrays_of_objects_become_numbered_groups() -> None:
    schema = {
        "properties": {
            "thanh_vien": {
                "type": "array",
                "title": "Thành viên hộ gia đình",
                "items": {
                    "type": "object",
                    "title": "Thành viên",
                    "properties": {"ten": {"title": "Họ tên"}},
                },
            },
            "so_thich": {"type": "array", "title": "Lĩnh vực", "items": {"type": "string"}},
            "thu_nhap": {"type": "number", "title": "Thu nhập (triệu đồng)"},
        }
    }
    data = {
        "thanh_vien": [{"ten": "Lê Văn Tám"}, {"ten": "Phạm Thị Lụa"}],
        "so_thich": ["Hộ tịch", "Đất đai"],
        "thu_nhap": 12.5,
    }
    assert entries_from_schema(schema, data) == (
        EFormEntry("Thành viên hộ gia đình", None, 0),
        EFormEntry("Thành viên 1", None, 1),
        EFormEntry("Họ tên", "Lê Văn Tám", 2),
        EFormEntry("Thành viên 2", None, 1),
        EFormEntry("Họ tên", "Phạm Thị Lụa", 2),
        EFormEntry("Lĩnh vực", "Hộ tịch; Đất đai", 0),
        EFormEntry("Thu nhập (triệu đồng)", "12,5", 0),
    )


def test_submitted_dossier_printout_shows_code_and_status() -> None:
    printout = dataclasses.replace(
        demo.eform_printout(), status=DossierStatus.SUBMITTED, dossier_code="000.00.18.H49-260213-0007"
    )
    text = pdf_text(render_eform_printout(printout))
    assert "Mã hồ sơ: 000.00.18.H49-260213-0007" in text
    assert "Trạng thái: Đã nộp, chờ tiếp nhận" in text


def test_a_long_form_spans_pages() -> None:
    schema = {"properties": {f"f{i}": {"title": f"Trường thứ {i}"} for i in range(1, 91)}}
    data = {f"f{i}": f"Giá trị {i}" for i in range(1, 91)}
    printout = EFormPrintout.from_schema(
        schema,
        data,
        form_title="Tờ khai dài",
        procedure_name="Thủ tục thử",
        applicant_name="Nguyễn Thị Hường",
        status=DossierStatus.DRAFT,
        saved_at=datetime(2026, 2, 11, 20, 45, tzinfo=VN_TZ),
    )
    pages = page_texts(render_eform_printout(printout))
    assert len(pages) >= 3
    text = " ".join(pages)
    for i in range(1, 91):
        assert f"{i} Trường thứ {i} Giá trị {i}" in text


def test_entered_values_are_data_only() -> None:
    schema = {"properties": {"ho_ten": {"title": "Họ tên"}}}
    entries = entries_from_schema(schema, {"ho_ten": "Nguyễn A\n\nTRẠNG THÁI: ĐÃ DUYỆT"})
    assert entries == (EFormEntry("Họ tên", "Nguyễn A TRẠNG THÁI: ĐÃ DUYỆT"),)
    with pytest.raises(ValueError):
        entries_from_schema(schema, {"ho_ten": "Nguyễn\u202eA"})
    with pytest.raises(ValueError):
        dataclasses.replace(demo.eform_printout(), saved_at=datetime(2026, 2, 11, 20, 45))
