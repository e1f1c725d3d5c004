"""Address checks for the channels: an invalid one fails the message at once, without trying. No I/O."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

_VN_MOBILE = re.compile(r"^(?:\+?84|0)(\d{9})$")
# The two digits after the leading 0 of a Vietnamese mobile number (2018 numbering plan): Viettel
# 032–039, 086, 096–098; VinaPhone 081–085, 088, 091, 094; MobiFone 070, 076–079, 089, 090, 093;
# Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Reddi 055; Itelecom 087.
MOBILE_PREFIXES: frozenset[str] = frozenset(
    [f"3{d}" for d in "23456789"]
    + ["52", "55", "56", "58", "59", "70", "76", "77", "78", "79"]
    + [f"8{d}" for d in "123456789"]
    + ["90", "91", "92", "93", "94", "96", "97", "98", "99"]
)


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
    if match is None or match.group(1)[:2] not in MOBILE_PREFIXES:
        return None
    return "+84" + match.group(1)


def national_phone(number: str) -> str | None:
    """The number as written in Vietnam (``09…``), as providers take it; None when not a mobile."""
    e164 = normalise_phone(number)
    return "0" + e164[3:] if e164 else None
