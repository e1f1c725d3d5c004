"""Validating what an applicant typed into an e-form (R-CAT-4): JSON Schema 2020-12 with the Vietnamese
formats, and one problem per field in words users understand (Vietnamese; English on request).

Catalog validates on behalf of form authors and frontends; intake validates drafts and submissions
against the schema of the procedure version a dossier is filed under (R-CAT-5). Both use this module,
so an answer never differs between the two.

Formats are only annotations in 2020-12 unless a checker asserts them; ``checker()`` always does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from servicekit.errors import FieldError
from servicekit.i18n import Text

__all__ = [
    "CUSTOM_FORMATS",
    "PERSONAL_ID",
    "PHONE",
    "TAX_CODE",
    "checker",
    "is_personal_id",
    "is_phone",
    "is_tax_code",
    "validate",
]

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


_MESSAGES: dict[str, Text] = {
    "required": Text("Trường này là bắt buộc.", "This field is required."),
    "type": Text("Kiểu dữ liệu không đúng (cần {expected}).", "Wrong type (expected {expected})."),
    "enum": Text("Phải chọn một trong các giá trị cho phép.", "Must be one of the allowed values."),
    "const": Text("Giá trị không được phép.", "Value not allowed."),
    "oneOf": Text("Phải chọn một trong các giá trị cho phép.", "Must be one of the allowed values."),
    "pattern": Text("Không đúng định dạng.", "Has the wrong format."),
    "minLength": Text("Quá ngắn (tối thiểu {limit} ký tự).", "Too short (at least {limit})."),
    "maxLength": Text("Quá dài (tối đa {limit} ký tự).", "Too long (at most {limit})."),
    "minimum": Text("Phải lớn hơn hoặc bằng {limit}.", "Must be at least {limit}."),
    "maximum": Text("Phải nhỏ hơn hoặc bằng {limit}.", "Must be at most {limit}."),
    "minItems": Text("Cần ít nhất {limit} mục.", "At least {limit} items."),
    "maxItems": Text("Nhiều nhất {limit} mục.", "At most {limit} items."),
    "additionalProperties": Text(
        "Có trường không thuộc biểu mẫu.", "Contains fields the form does not have."
    ),
    "format": Text("Không đúng định dạng {limit}.", "Not a valid {limit}."),
    PERSONAL_ID: Text("Số định danh cá nhân gồm đúng 12 chữ số.", "A personal id is exactly 12 digits."),
    TAX_CODE: Text("Mã số thuế gồm 10 hoặc 13 chữ số.", "A tax code is 10 or 13 digits."),
    PHONE: Text("Số điện thoại Việt Nam không hợp lệ.", "Not a valid Vietnamese phone number."),
    "date": Text("Ngày phải theo dạng YYYY-MM-DD.", "Dates are written YYYY-MM-DD."),
    "email": Text("Địa chỉ thư điện tử không hợp lệ.", "Not a valid email address."),
}
_GENERIC = Text("Giá trị không hợp lệ.", "Invalid value.")


def _field_errors(error: ValidationError) -> list[FieldError]:
    path = ".".join(str(p) for p in error.absolute_path)
    kind = str(error.validator)
    if kind == "required" and isinstance(error.instance, Mapping):
        # jsonschema reports each missing property with the same required list: name them all here.
        text = _MESSAGES["required"]
        return [
            FieldError(f"{path}.{name}" if path else str(name), "required", text.render())
            for name in error.validator_value
            if name not in error.instance
        ]
    if kind == "format" and error.validator_value in _MESSAGES:
        text = _MESSAGES[str(error.validator_value)]
        return [FieldError(path or "data", f"format:{error.validator_value}", text.render())]
    text = _MESSAGES.get(kind, _GENERIC)
    limit = error.validator_value
    try:
        message = text.render(limit=limit, expected=limit)
    except (KeyError, IndexError):
        message = _GENERIC.render()
    return [FieldError(path or "data", kind, message)]


def validate(schema: Mapping[str, Any], data: Any) -> list[FieldError]:
    """Every problem with ``data`` against the form, one entry per field, in document order."""
    validator = Draft202012Validator(schema, format_checker=checker())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    out: dict[tuple[str, str], FieldError] = {}
    for error in errors:
        for field_error in _field_errors(error):
            out.setdefault((field_error["field"], field_error["code"]), field_error)
    return list(out.values())
