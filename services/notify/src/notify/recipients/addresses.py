"""Address checks for the channels: an invalid one fails the message at once, without trying. No I/O."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

_VN_MOBILE = re.compile(r"^(?:\+?84|0)(\d{9})$")


def normalise_email(address: str) -> str | None:
    """The address in normal form, or None when it cannot be delivered to (syntax only, no DNS)."""
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalise_phone(number: str) -> str | None:
    """A Vietnamese mobile number as E.164 (``+84…``), or None (for the SMS channel)."""
    digits = re.sub(r"[\s.\-()]", "", number)
    match = _VN_MOBILE.match(digits)
    if match is None or match.group(1)[0] not in "35789":
        return None
    return "+84" + match.group(1)
