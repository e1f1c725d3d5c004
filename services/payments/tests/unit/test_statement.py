"""Bank statements in the documented CSV format (R-PAY-3): what is read, and what is refused by line."""

from __future__ import annotations

from datetime import date

import pytest

from payments.banktransfer.statement import StatementUnreadable, amount, parse

VIETCOMBANK_STYLE = (
    "\ufeffSAO KÊ TÀI KHOẢN\r\n"
    "Số tài khoản,0071000123456\r\n"
    "Tên tài khoản,SO TU PHAP TINH QUANG NINH\r\n"
    "Từ ngày,01/11/2026,Đến ngày,23/11/2026\r\n"
    "\r\n"
    "Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung\r\n"
    '23/11/2026,FT26327000101,,100.000,"12.100.000","MC7K2QX9PA3 Nguyen Van An nop phi, le phi"\r\n'
    "23/11/2026,FT26327000102,25.000,,12.075.000,Phi quan ly tai khoan\r\n"
    "\r\n"
)


def test_a_statement_with_its_preamble_is_read_line_by_line() -> None:
    statement = parse(VIETCOMBANK_STYLE.encode("utf-8"))
    assert statement.account_number == "0071000123456"
    first, second = statement.lines
    assert first.booked_on == date(2026, 11, 23) and first.reference == "FT26327000101"
    assert first.credit == 100_000 and first.debit == 0
    assert first.description == "MC7K2QX9PA3 Nguyen Van An nop phi, le phi"
    assert second.debit == 25_000 and second.credit == 0
    assert first.number == 7


def test_columns_may_come_in_any_order_and_without_diacritics() -> None:
    text = "Noi dung,Ghi co,Ghi no,So tham chieu,Ngay GD\nMC7K2QX9PA3,50000,,FT1,01/12/2026\n"
    (line,) = parse(text.encode()).lines
    assert (line.credit, line.reference, line.booked_on) == (50_000, "FT1", date(2026, 12, 1))


@pytest.mark.parametrize(
    ("raw", "value"), [("100.000", 100_000), ("1,250,000", 1_250_000), ("75000", 75_000), ("", 0)]
)
def test_amounts_are_whole_vnd_with_or_without_thousands_separators(raw: str, value: int) -> None:
    assert amount(raw) == value


@pytest.mark.parametrize("raw", ["100.000,50", "12.5", "1.00.000", "-5000", "abc"])
def test_anything_else_is_not_an_amount(raw: str) -> None:
    assert amount(raw) is None


def test_every_bad_line_is_reported_at_once() -> None:
    text = (
        "Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung\n"
        "2026-11-23,FT1,,100000,MC7K2QX9PA3\n"
        '23/11/2026,FT2,,"100.000,50",MC7K2QX9PA3\n'
        "23/11/2026,,,100000,MC7K2QX9PA3\n"
    )
    with pytest.raises(StatementUnreadable) as caught:
        parse(text.encode())
    assert [(p.line, p.code) for p in caught.value.problems] == [
        (2, "date_invalid"),
        (3, "amount_invalid"),
        (4, "reference_missing"),
    ]


def test_a_file_without_the_header_or_not_in_utf8_is_refused() -> None:
    with pytest.raises(StatementUnreadable) as no_header:
        parse(b"Date,Ref,Amount\n23/11/2026,FT1,100000\n")
    assert no_header.value.problems[0].code == "header_missing"
    with pytest.raises(StatementUnreadable) as latin:
        parse("Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung\n".encode("utf-16"))
    assert latin.value.problems[0].code == "encoding"
