"""The control sheet (TT 01/2018 form 05, TT 03/2025 form 06): every hand-over, who, when, on time or not."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from servicekit.calendar import VN_TZ
from servicekit.documents import qr_matrix, sha256_hex
from servicekit.documents.testing import embedded_qr_matrices, page_texts, pdf_text
from workflow.letters import HandOver, HandOverVerdict, Party, demo, render_control_sheet


def test_control_sheet_lists_each_hand_over_with_time_giver_receiver_and_verdict() -> None:
    content = render_control_sheet(demo.control_sheet())
    text = pdf_text(content)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Mã hồ sơ: 000.00.18.H49-260213-0007" in text
    assert "Hồ sơ của: Nguyễn Thị Hường" in text
    assert "Thời gian tiếp nhận: 09 giờ 30 phút, ngày 13 tháng 02 năm 2026" in text
    assert "Hẹn trả kết quả: ngày 27 tháng 02 năm 2026" in text
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: Phòng Hành chính tư pháp, Sở Tư pháp tỉnh Quảng Ninh" in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an tỉnh Quảng Ninh" in text
    rows = [
        "1 Bộ phận Tiếp nhận và Trả kết quả — Trần Văn Bình Phòng Hành chính tư pháp — Lê Thu Trang"
        " 10 giờ 05 phút, ngày 13 tháng 02 năm 2026 —",
        "2 Phòng Hành chính tư pháp — Lê Thu Trang Công an tỉnh Quảng Ninh"
        " 09 giờ 00 phút, ngày 23 tháng 02 năm 2026 Đúng hạn (hạn 23/02/2026) Lấy ý kiến xác minh án tích",
        "3 Công an tỉnh Quảng Ninh Phòng Hành chính tư pháp — Lê Thu Trang"
        " 15 giờ 30 phút, ngày 25 tháng 02 năm 2026 Quá hạn (hạn 24/02/2026)",
        "4 Phòng Hành chính tư pháp — Lê Thu Trang Bộ phận Tiếp nhận và Trả kết quả — Trần Văn Bình"
        " 11 giờ 00 phút, ngày 26 tháng 02 năm 2026 Trước hạn (hạn 27/02/2026) Trả kết quả",
    ]
    positions = [text.find(row) for row in rows]
    assert -1 not in positions, [r for r, p in zip(rows, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260213-0007")]
    assert sha256_hex(content) == sha256_hex(render_control_sheet(demo.control_sheet()))


def test_a_long_history_spans_pages_with_every_row() -> None:
    start = datetime(2026, 2, 13, 8, 0, tzinfo=VN_TZ)
    hand_overs = tuple(
        HandOver(
            Party(f"Phòng chuyên môn {i}", f"Chuyên viên {i}"),
            Party(f"Phòng chuyên môn {i + 1}", f"Chuyên viên {i + 1}"),
            start + timedelta(hours=i),
            HandOverVerdict.ON_TIME,
        )
        for i in range(1, 41)
    )
    sheet = dataclasses.replace(
        demo.control_sheet(), hand_overs=hand_overs, as_of=start + timedelta(hours=41)
    )
    pages = page_texts(render_control_sheet(sheet))
    assert len(pages) >= 3
    text = " ".join(pages)
    for i in range(1, 41):
        assert (
            f"{i} Phòng chuyên môn {i} — Chuyên viên {i} Phòng chuyên môn {i + 1} — Chuyên viên {i + 1}"
            in text
        )
    assert text.count("Đúng hạn") == 40


@pytest.mark.parametrize(
    "changes",
    [
        {"hand_overs": tuple(reversed(demo.control_sheet().hand_overs))},
        {"as_of": datetime(2026, 2, 25, 0, 0, tzinfo=VN_TZ)},
        {"lead_unit": ""},
        {"as_of": datetime(2026, 2, 26, 11, 0)},
    ],
    ids=["out-of-order", "as-of-before-last", "no-lead-unit", "naive-as-of"],
)
def test_control_sheet_refuses_inconsistent_histories(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(demo.control_sheet(), **changes)


def test_fields_are_data_only() -> None:
    forged = HandOver(
        Party("Phòng A\nKết quả: Trước hạn"),
        Party("Phòng B"),
        datetime(2026, 2, 26, 11, 0, tzinfo=VN_TZ),
        HandOverVerdict.LATE,
        date(2026, 2, 25),
    )
    sheet = dataclasses.replace(demo.control_sheet(), hand_overs=(forged,))
    text = pdf_text(render_control_sheet(sheet))
    assert (
        "1 Phòng A Kết quả: Trước hạn Phòng B 11 giờ 00 phút, ngày 26 tháng 02 năm 2026 Quá hạn (hạn 25/02/2026)"
        in text
    )
    with pytest.raises(ValueError):
        HandOver(Party("A"), Party("B"), datetime(2026, 2, 26, 11, 0, tzinfo=VN_TZ), "sớm")  # type: ignore[arg-type]
