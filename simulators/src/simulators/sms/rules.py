"""Pure rules of the simulated provider: result codes, Vietnamese mobile numbers, SMS segments."""

from __future__ import annotations

import re
from enum import IntEnum, StrEnum


class CodeResult(StrEnum):
    """`CodeResult` values the simulator answers (HTTP 200 in every case).

    100, 99, 101, 104 and 118 follow the meanings eSMS documents as we understand them; 105–108
    are the simulator's own. A client should treat 99 as retryable and every other non-100 code
    as permanent.
    """

    ACCEPTED = "100"
    TEMPORARY_ERROR = "99"
    BAD_CREDENTIALS = "101"
    BRANDNAME_NOT_REGISTERED = "104"
    INVALID_PHONE = "105"
    INVALID_CONTENT = "106"
    NOT_GSM7 = "107"
    MALFORMED_REQUEST = "108"
    INVALID_SMS_TYPE = "118"


class SendStatus(IntEnum):
    """`SendStatus` of a delivery report."""

    FAILED = 4  # the carrier refused it / the number cannot receive it
    DELIVERED = 5
    EXPIRED = 6  # the handset stayed unreachable until the message expired


#: SmsType values accepted: 2 = customer-care brandname, 8 = fixed 10-digit sender number.
SMS_TYPES: frozenset[str] = frozenset({"2", "8"})
BRANDNAME_SMS_TYPE = "2"
MAX_SEGMENTS = 3

# The two digits after the leading 0 of a Vietnamese mobile number (2018 numbering plan):
# Viettel 032–039, 086, 096–098; VinaPhone 081–085, 088, 091, 094; MobiFone 070, 076–079, 089,
# 090, 093; Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Reddi 055; Itelecom 087.
MOBILE_PREFIXES: frozenset[str] = frozenset(
    [f"3{d}" for d in "23456789"]
    + ["52", "55", "56", "58", "59"]
    + ["70", "76", "77", "78", "79"]
    + [f"8{d}" for d in "123456789"]
    + ["90", "91", "92", "93", "94", "96", "97", "98", "99"]
)

_SEPARATORS = re.compile(r"[\s.\-()]")
_DIGITS = re.compile(r"\d+")


def normalize_phone(raw: str) -> str | None:
    """`84` + 9 digits for a valid Vietnamese mobile number (`0…`, `84…`, `+84…`), else None."""
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("+"):
        number = number[1:]
    if not _DIGITS.fullmatch(number):
        return None
    if len(number) == 10 and number.startswith("0"):
        subscriber = number[1:]
    elif len(number) == 11 and number.startswith("84"):
        subscriber = number[2:]
    else:
        return None
    return "84" + subscriber if subscriber[:2] in MOBILE_PREFIXES else None


# GSM 03.38 default alphabet and its extension table (extension characters take two septets).
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM7_BASIC or ch in _GSM7_EXTENSION for ch in text)


def segment_count(text: str, *, unicode: bool) -> int:
    """How many SMS parts `text` needs: UCS-2 70 (67 per part when split), GSM-7 160 (153)."""
    if unicode:
        units = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    else:
        units = sum(2 if ch in _GSM7_EXTENSION else 1 for ch in text)
        single, part = 160, 153
    if units <= single:
        return 1
    return -(-units // part)
