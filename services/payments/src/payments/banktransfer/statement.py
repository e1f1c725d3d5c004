"""Reading a bank statement export (sao kê tài khoản) as CSV: the format documented in docs/payments.md.

UTF-8 (a byte-order mark is fine), comma-separated, quoted as RFC 4180. Optional lines before the
header name the account (``Số tài khoản,0071000123456``). The header row names the columns, in any
order, with or without Vietnamese diacritics: ``Ngày giao dịch`` (dd/mm/yyyy), ``Số tham chiếu`` (the
bank's transaction reference), ``Ghi nợ``, ``Ghi có`` (integer VND, thousands separated by ``.`` or ``,``
or not at all), ``Số dư`` (optional), ``Nội dung`` (the transfer's description).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from payments.orders.rules import fold

COLUMNS: dict[str, tuple[str, ...]] = {
    "booked_on": ("NGAYGIAODICH", "NGAYGD", "NGAYHACHTOAN"),
    "reference": ("SOTHAMCHIEU", "SOBUTTOAN", "MAGIAODICH", "SOGD"),
    "debit": ("GHINO", "SOTIENGHINO", "PHATSINHNO"),
    "credit": ("GHICO", "SOTIENGHICO", "PHATSINHCO"),
    "balance": ("SODU",),
    "description": ("NOIDUNG", "MOTA", "DIENGIAI", "NOIDUNGGIAODICH"),
}
REQUIRED = ("booked_on", "reference", "debit", "credit", "description")
ACCOUNT_LABELS = ("SOTAIKHOAN", "TAIKHOAN")
AMOUNT = re.compile(r"^(\d{1,3}([.,]\d{3})+|\d+)$")
MAX_LINES = 20_000


@dataclass(frozen=True)
class Line:
    number: int  # the line in the file, 1-based
    booked_on: date
    reference: str
    debit: int
    credit: int
    description: str


@dataclass
class Statement:
    account_number: str | None
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    line: int
    code: str
    message: str


class StatementUnreadable(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in problems[:5]))
        self.problems = problems


def amount(raw: str) -> int | None:
    value = raw.strip().replace(" ", "")
    if value == "":
        return 0
    if not AMOUNT.match(value):
        return None
    return int(re.sub(r"[.,]", "", value))


def parse(content: bytes) -> Statement:
    """The statement's account and lines; every problem at once in ``StatementUnreadable``."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementUnreadable([Problem(0, "encoding", "the file is not UTF-8")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    account: str | None = None
    header_at: int | None = None
    columns: dict[str, int] = {}
    for index, row in enumerate(rows):
        folded = [fold(cell) for cell in row]
        if folded and folded[0] in ACCOUNT_LABELS and len(row) > 1:
            account = re.sub(r"\D", "", row[1]) or None
            continue
        found = {
            name: folded.index(alias)
            for name, aliases in COLUMNS.items()
            for alias in aliases
            if alias in folded
        }
        if all(name in found for name in REQUIRED):
            header_at, columns = index, found
            break
    if header_at is None:
        missing = "Ngày giao dịch, Số tham chiếu, Ghi nợ, Ghi có, Nội dung"
        raise StatementUnreadable([Problem(0, "header_missing", f"no header row with {missing}")])
    statement = Statement(account_number=account)
    problems: list[Problem] = []
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(statement.lines) >= MAX_LINES:
            problems.append(Problem(index, "too_many_lines", f"more than {MAX_LINES} lines"))
            break
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in columns.items()}
        try:
            booked = datetime.strptime(cells["booked_on"], "%d/%m/%Y").date()
        except ValueError:
            problems.append(Problem(index, "date_invalid", f"date {cells['booked_on']!r} is not dd/mm/yyyy"))
            continue
        debit, credit = amount(cells["debit"]), amount(cells["credit"])
        if debit is None or credit is None:
            problems.append(Problem(index, "amount_invalid", "amounts are whole VND, e.g. 100.000"))
            continue
        if not cells["reference"]:
            problems.append(Problem(index, "reference_missing", "the bank's transaction reference is empty"))
            continue
        statement.lines.append(
            Line(index, booked, cells["reference"][:64], debit, credit, cells["description"][:2000])
        )
    if problems:
        raise StatementUnreadable(problems)
    return statement
