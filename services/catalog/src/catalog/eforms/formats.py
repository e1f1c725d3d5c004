"""Vietnamese formats e-forms validate against (R-CAT-4: "validation by predefined formats").

Used as JSON Schema ``format`` values; the validator asserts them (formats are only annotations
in 2020-12 unless a checker is given, and ours always is).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from jsonschema import FormatChecker

PERSONAL_ID = "vn-personal-id"
TAX_CODE = "vn-tax-code"
PHONE = "vn-phone"
CUSTOM_FORMATS = (PERSONAL_ID, TAX_CODE, PHONE)

# Số định danh cá nhân: 12 digits (R-FMT-5 SoDinhDanh).
_PERSONAL_ID = re.compile(r"\d{12}")
# Mã số thuế: 10 digits, or 13 for a dependent unit (written 10 + "-" + 3 on documents).
_TAX_CODE = re.compile(r"\d{10}(-?\d{3})?")
# Mobile: 0 (or +84) then 3/5/7/8/9 and 8 more digits; landline: 02 and 9 more digits.
_PHONE = re.compile(r"(?:0|\+84)(?:[35789]\d{8}|2\d{9})")


def is_personal_id(value: str) -> bool:
    return bool(_PERSONAL_ID.fullmatch(value))


def is_tax_code(value: str) -> bool:
    return bool(_TAX_CODE.fullmatch(value))


def is_phone(value: str) -> bool:
    """Spaces, dots and dashes people type between digit groups are ignored."""
    return bool(_PHONE.fullmatch(re.sub(r"[ .\-]", "", value)))


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def checker() -> FormatChecker:
    """jsonschema's checker (email, date-time…) with the Vietnamese formats and a strict ``date``."""
    formats = FormatChecker()  # a copy of the registered formats, ours added to this instance only
    formats.checks(PERSONAL_ID)(_strings_only(is_personal_id))
    formats.checks(TAX_CODE)(_strings_only(is_tax_code))
    formats.checks(PHONE)(_strings_only(is_phone))
    formats.checks("date")(_strings_only(_is_date))
    return formats


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    def wrapped(instance: object) -> bool:
        # Formats apply to strings; other types are left to "type".
        return not isinstance(instance, str) or check(instance)

    return wrapped
