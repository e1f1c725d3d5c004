"""The PDF toolkit: Vietnamese text, Decree 30 header and dates, tables across pages, QR, determinism."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from importlib import resources

import pytest
from fontTools.ttLib import TTFont

from servicekit.calendar import VN_TZ
from servicekit.documents import (
    MOTTO,
    NATIONAL_NAME,
    PRODUCER,
    Column,
    DataTextError,
    DocumentInfo,
    LegalDocument,
    NationalHeader,
    SignatureBlock,
    data_text,
    qr_matrix,
    sha256_hex,
    vn_date,
    vn_datetime,
    vn_number,
)
from servicekit.documents.testing import embedded_qr_matrices, metadata, page_texts, pdf_text

# Every letter of the Vietnamese alphabet with every tone, lower and upper case.
VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIETNAMESE_ALL = VIETNAMESE + VIETNAMESE.upper()
CREATED = datetime(2026, 3, 5, 9, 30, tzinfo=VN_TZ)


def header() -> NationalHeader:
    return NationalHeader(
        issuer="Bộ phận Tiếp nhận và Trả kết quả",
        issuer_parent="Sở Tư pháp",
        governing_body="Ủy ban nhân dân tỉnh Quảng Ninh",
        place="Quảng Ninh",
        issued_on=date(2026, 3, 5),
        number="15/TNHS",
    )


def small_document(created_at: datetime = CREATED, payload: str = "000.00.00.H49-260305-0007") -> bytes:
    doc = LegalDocument(DocumentInfo(title="Giấy thử", subject="Mẫu thử", created_at=created_at))
    doc.national_header(header())
    doc.qr(payload)
    doc.title("Giấy tiếp nhận hồ sơ")
    doc.field("Người nộp", "Nguyễn Thị Hường")
    doc.paragraph(VIETNAMESE_ALL)
    doc.signatures(
        [SignatureBlock("Người nộp hồ sơ"), SignatureBlock("Người tiếp nhận", name="Trần Văn Bình")]
    )
    return doc.output()


# -- fonts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["Regular", "Bold", "Italic", "BoldItalic"])
def test_bundled_font_covers_every_vietnamese_letter(style: str) -> None:
    fonts = resources.files("servicekit.documents") / "fonts"
    with resources.as_file(fonts / f"LiberationSerif-{style}.ttf") as path:
        cmap = TTFont(path).getBestCmap()
    missing = [c for c in VIETNAMESE_ALL if ord(c) not in cmap]
    assert missing == []
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "LICENSE-Liberation-OFL-1.1.txt").read_text()


def test_every_vietnamese_letter_survives_into_the_pdf_text() -> None:
    assert VIETNAMESE_ALL in pdf_text(small_document()).replace(" ", "")


# -- data values ------------------------------------------------------------------------------------


def test_data_text_is_nfc_on_one_line() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị\n\tHường")
    assert data_text(decomposed, field="name") == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", data_text(decomposed, field="name"))


@pytest.mark.parametrize(
    "value",
    ["", "   \n ", "abc\x00def", "Nguyễn\u202eAVH", "x\u200bx", "a" * 501],
    ids=["empty", "blank", "nul", "rtl-override", "zero-width", "too-long"],
)
def test_data_text_refuses_what_cannot_be_printed_as_a_value(value: str) -> None:
    with pytest.raises(DataTextError):
        data_text(value, field="name")


def test_dates_are_written_as_decree_30_asks() -> None:
    # Days below 10 and the months 1 and 2 take a leading zero; the other months do not.
    assert vn_date(date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert vn_date(date(2026, 2, 13)) == "ngày 13 tháng 02 năm 2026"
    assert vn_date(date(2026, 1, 9)) == "ngày 09 tháng 01 năm 2026"
    assert vn_date(date(2026, 12, 25)) == "ngày 25 tháng 12 năm 2026"


def test_times_are_printed_in_vietnam_time() -> None:
    assert vn_datetime(datetime(2026, 3, 5, 2, 30, tzinfo=UTC)) == "09 giờ 30 phút, ngày 05 tháng 3 năm 2026"
    with pytest.raises(ValueError):
        vn_datetime(datetime(2026, 3, 5, 9, 30))
    assert vn_number(1250000) == "1.250.000"


# -- layout -----------------------------------------------------------------------------------------


def test_national_header_carries_agency_number_place_and_date() -> None:
    first = page_texts(small_document())[0]
    assert NATIONAL_NAME in first
    assert MOTTO in first
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in first
    assert "SỞ TƯ PHÁP" in first
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in first
    assert "Số: 15/TNHS" in first
    assert "Quảng Ninh, ngày 05 tháng 3 năm 2026" in first
    assert "Người nộp: Nguyễn Thị Hường" in first
    assert "NGƯỜI TIẾP NHẬN (Ký và ghi rõ họ tên) Trần Văn Bình" in first


def test_long_table_spans_pages_with_repeated_headings_and_page_numbers() -> None:
    doc = LegalDocument(DocumentInfo(title="Bảng dài", created_at=CREATED))
    doc.national_header(header())
    rows = [[str(i), f"Giấy tờ thứ {i} của hồ sơ đăng ký hộ tịch", "1"] for i in range(1, 81)]
    doc.table([Column("TT", 1, "C"), Column("Tên giấy tờ", 6), Column("Số bản", 1.5, "C")], rows)
    content = doc.output()
    pages = page_texts(content)
    assert len(pages) >= 3
    for number, text in enumerate(pages[1:], start=2):
        assert text.startswith(f"{number} TT Tên giấy tờ Số bản")  # page number, then the headings again
    everything = " ".join(pages)
    for i in range(1, 81):
        assert f"{i} Giấy tờ thứ {i} của hồ sơ đăng ký hộ tịch 1" in everything
    assert not pages[0].startswith("1 ")  # Decree 30: no number on the first page


def test_signature_row_is_never_split_across_pages() -> None:
    doc = LegalDocument(DocumentInfo(title="Chữ ký", created_at=CREATED))
    for _ in range(40):
        doc.paragraph("Dòng nội dung.")
    doc.signatures(
        [SignatureBlock("Người nộp hồ sơ"), SignatureBlock("Người tiếp nhận hồ sơ", name="Trần Văn Bình")]
    )
    pages = page_texts(doc.output())
    last = pages[-1]
    assert "NGƯỜI NỘP HỒ SƠ" in last and "Trần Văn Bình" in last


# -- QR and determinism -----------------------------------------------------------------------------


def test_embedded_qr_code_is_the_payload() -> None:
    payload = "000.00.00.H49-260305-0007"
    assert embedded_qr_matrices(small_document(payload=payload)) == [qr_matrix(payload)]
    assert embedded_qr_matrices(small_document(payload=payload)) != [qr_matrix("000.00.00.H49-260305-0008")]


def test_same_input_renders_the_same_bytes() -> None:
    first, second = small_document(), small_document()
    assert first == second
    assert sha256_hex(first) == sha256_hex(second)
    assert small_document(created_at=datetime(2026, 3, 6, 9, 30, tzinfo=VN_TZ)) != first


def test_metadata_title_producer_and_creation_date_come_from_the_data() -> None:
    info = metadata(small_document())
    assert info["/Title"] == "Giấy thử"
    assert info["/Subject"] == "Mẫu thử"
    assert info["/Producer"] == PRODUCER
    assert info["/CreationDate"] == "D:20260305093000+07'00'"


def test_document_info_refuses_a_naive_creation_date() -> None:
    with pytest.raises(ValueError):
        DocumentInfo(title="x", created_at=datetime(2026, 3, 5, 9, 30))
