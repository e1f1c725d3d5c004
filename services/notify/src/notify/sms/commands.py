"""Reading an inbound SMS (R-LOOK-2): "TRACUU <dossier code>", however it was typed. No I/O.

Case, Vietnamese diacritics ("Tra cứu"), a space inside the keyword and extra spaces or punctuation
after it are tolerated; anything else is answered with the help text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LOOKUP = re.compile(r"^TRA ?CUU[\s:#.,\-]*(?P<code>\S*)")
# R-FMT-2: <agency code>-YYMMDD-XXXX; letters, digits, dots and dashes, nothing else.
_CODE = re.compile(r"^[0-9A-Z][0-9A-Z.\-]{2,62}[0-9A-Z]$")


@dataclass(frozen=True)
class Lookup:
    dossier_code: str


@dataclass(frozen=True)
class Help:
    pass


Command = Lookup | Help


def fold(text: str) -> str:
    """Upper case, no diacritics (đ → D), one space between words."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.upper().split())


def parse(text: str) -> Command:
    match = _LOOKUP.match(fold(text))
    if match is None:
        return Help()
    code = match.group("code").strip(".,;:")
    return Lookup(code) if _CODE.match(code) else Help()
