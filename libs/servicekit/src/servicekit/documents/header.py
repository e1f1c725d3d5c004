"""The national header block of an administrative document (Decree 30/2020/NĐ-CP, Appendix I).

Left column (box 2 and 3): the governing body in upright capitals, the issuing agency or unit in
bold capitals with a short rule under it, then the document number. Right column (box 1 and 4):
the national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in bold capitals, the motto
"Độc lập - Tự do - Hạnh phúc" in bold with a rule as long as the motto, then the place and date in
italics. Every value is data (`data_text`); only the national name and motto are fixed wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from servicekit.documents.text import data_text, optional_data_text

__all__ = ["MOTTO", "NATIONAL_NAME", "NationalHeader"]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True, slots=True)
class NationalHeader:
    """What fills the header: who issues the document, its number, where and when.

    `issuer` is the agency or unit that signs (e.g. "Bộ phận Tiếp nhận và Trả kết quả" or
    "Sở Tư pháp"); `governing_body` the body above it (e.g. "Ủy ban nhân dân tỉnh Quảng Ninh"),
    `issuer_parent` an optional middle line (the agency a desk belongs to). They are printed in
    capitals whatever case they are given in. `number` is the document number after "Số:"; a
    header without one prints no number line.
    """

    issuer: str
    place: str
    issued_on: date
    governing_body: str | None = None
    issuer_parent: str | None = None
    number: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "issuer", data_text(self.issuer, field="issuer", max_length=200))
        object.__setattr__(self, "place", data_text(self.place, field="place", max_length=100))
        for name in ("governing_body", "issuer_parent"):
            object.__setattr__(
                self, name, optional_data_text(getattr(self, name), field=name, max_length=200)
            )
        object.__setattr__(self, "number", optional_data_text(self.number, field="number", max_length=60))
        if not isinstance(self.issued_on, date):
            raise TypeError("issued_on must be a date")
