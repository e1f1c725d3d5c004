"""Checks shared by the services' letter inputs: the dossier code and instants."""

from __future__ import annotations

import re
from datetime import datetime

from servicekit.documents.text import data_text

__all__ = ["DOSSIER_CODE_PATTERN", "aware", "dossier_code_text"]

#: R-FMT-2: `<agency code>-YYMMDD-XXXX`; the agency code part is QCVN 102 (R-FMT-1) but local
#: variants exist, so only its characters are checked here; intake issues the codes.
DOSSIER_CODE_PATTERN = re.compile(r"^[0-9A-Za-z.]{1,30}-\d{6}-\d{4,6}$")


def dossier_code_text(value: str) -> str:
    """The dossier code as printed and encoded in the QR code; `ValueError` unless it is R-FMT-2."""
    code = data_text(value, field="dossier_code", max_length=45)
    if not DOSSIER_CODE_PATTERN.match(code):
        raise ValueError(f"dossier_code {code!r} is not <agency code>-YYMMDD-XXXX (R-FMT-2)")
    return code


def aware(value: datetime, field: str) -> datetime:
    """Times on letters are instants: a naive datetime is refused rather than guessed."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"{field} must be an aware datetime")
    return value
