"""Data values printed on legal documents, and the Vietnamese way of writing dates.

A letter's wording is fixed by the template; only data fills its blanks (R-INT-2). `data_text`
turns a value into something that can only sit in its blank: NFC (so every diacritic is one
precomposed glyph of the bundled font), on one line (a value cannot open a paragraph or a heading
of its own), without control or bidirectional-override characters, and of bounded length.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from servicekit.calendar import VN_TZ

__all__ = [
    "DataTextError",
    "data_text",
    "optional_data_text",
    "place_and_date",
    "vn_date",
    "vn_date_short",
    "vn_datetime",
    "vn_number",
]

_WHITESPACE = re.compile(r"\s+")
# Unicode categories never allowed in a printed value: controls (other than whitespace, which is
# collapsed), format characters such as U+202E RIGHT-TO-LEFT OVERRIDE, private use, surrogates, unassigned.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})


class DataTextError(ValueError):
    """A value cannot be printed on a document: empty, too long or with forbidden characters."""


def data_text(value: str, *, field: str, max_length: int = 500) -> str:
    """A data value fit for one blank of a template: NFC, one line, no control characters.

    Runs of whitespace (including line breaks and tabs) become one space, so a value never starts
    a line of its own; characters that are not printable text raise `DataTextError`, as do an empty
    value and one longer than `max_length` characters.
    """
    if not isinstance(value, str):
        raise DataTextError(f"{field}: expected text, got {type(value).__name__}")
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()
    if not text:
        raise DataTextError(f"{field}: must not be empty")
    if len(text) > max_length:
        raise DataTextError(f"{field}: longer than {max_length} characters")
    for char in text:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            raise DataTextError(f"{field}: contains the non-printable character U+{ord(char):04X}")
    return text


def optional_data_text(value: str | None, *, field: str, max_length: int = 500) -> str | None:
    """`data_text` for an optional value: None and blank text both mean "not given"."""
    if value is None or not value.strip():
        return None
    return data_text(value, field=field, max_length=max_length)


def _day(d: date) -> str:
    return f"{d.day:02d}"


def _month(d: date) -> str:
    # Decree 30/2020 Appendix I: days below 10 and the months 1 and 2 are written with a leading zero.
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def vn_date(d: date) -> str:
    """`ngày 05 tháng 3 năm 2026`, as Decree 30/2020 writes dates in administrative documents."""
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def vn_date_short(d: date) -> str:
    """`05/03/2026`, for table cells."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def vn_datetime(moment: datetime) -> str:
    """`14 giờ 05 phút, ngày 05 tháng 3 năm 2026` in Vietnam's time (an aware datetime is required)."""
    if moment.tzinfo is None:
        raise ValueError("vn_datetime needs an aware datetime")
    local = moment.astimezone(VN_TZ)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {vn_date(local.date())}"


def place_and_date(place: str, d: date) -> str:
    """The place-and-date line of the national header: `Hà Nội, ngày 05 tháng 3 năm 2026`."""
    return f"{place}, {vn_date(d)}"


def vn_number(value: int) -> str:
    """An integer with Vietnamese digit grouping: `1.250.000`."""
    return f"{value:,}".replace(",", ".")
