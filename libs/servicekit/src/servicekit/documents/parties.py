"""Who appears on a letter: the agency that issues it, the applicant, the officer who signs.

Both intake's and workflow's letters use them; every text field is checked with `data_text` on
construction, so a letter's input can only carry data, never layout or wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from contracts.lifecycle import ApplicantKind
from servicekit.documents.header import NationalHeader
from servicekit.documents.text import data_text, optional_data_text

__all__ = ["DEFAULT_DESK_NAME", "Agency", "Applicant", "Officer"]

#: The unit's name in Nghị định 61/2018 (Điều 3); a province may call it otherwise, e.g.
#: "Trung tâm Phục vụ hành chính công tỉnh …", hence a field of `Agency`.
DEFAULT_DESK_NAME = "Bộ phận Tiếp nhận và Trả kết quả"


def _set(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)


@dataclass(frozen=True, slots=True)
class Agency:
    """The competent agency and its one-stop desk, as their names are printed.

    `name` is the agency (e.g. "Sở Tư pháp"); `governing_body` the body above it (e.g. "Ủy ban
    nhân dân tỉnh Quảng Ninh"); `place` the place name of the date line (e.g. "Quảng Ninh");
    `code` its QCVN 102 code (R-FMT-1), written into the document's keywords; `desk_name` the
    one-stop desk that receives and returns dossiers; `phone` the desk's telephone for guidance.
    """

    name: str
    place: str
    code: str | None = None
    governing_body: str | None = None
    desk_name: str = DEFAULT_DESK_NAME
    phone: str | None = None

    def __post_init__(self) -> None:
        _set(self, "name", data_text(self.name, field="agency.name", max_length=200))
        _set(self, "place", data_text(self.place, field="agency.place", max_length=100))
        _set(self, "desk_name", data_text(self.desk_name, field="agency.desk_name", max_length=200))
        _set(self, "code", optional_data_text(self.code, field="agency.code", max_length=40))
        _set(self, "governing_body", optional_data_text(self.governing_body, field="agency.governing_body"))
        _set(self, "phone", optional_data_text(self.phone, field="agency.phone", max_length=40))

    def desk_header(self, *, issued_on: date, number: str | None = None) -> NationalHeader:
        """Header of a letter the one-stop desk issues (forms 01–03)."""
        return NationalHeader(
            issuer=self.desk_name,
            issuer_parent=self.name,
            governing_body=self.governing_body,
            place=self.place,
            issued_on=issued_on,
            number=number,
        )

    def agency_header(self, *, issued_on: date, number: str | None = None) -> NationalHeader:
        """Header of a letter the agency itself issues (apology, stop notice, control sheet)."""
        return NationalHeader(
            issuer=self.name,
            governing_body=self.governing_body,
            place=self.place,
            issued_on=issued_on,
            number=number,
        )


@dataclass(frozen=True, slots=True)
class Applicant:
    """The person or organisation that filed the dossier (chủ hồ sơ / người nộp hồ sơ)."""

    name: str
    kind: ApplicantKind = ApplicantKind.CITIZEN
    address: str | None = None
    phone: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        _set(self, "name", data_text(self.name, field="applicant.name", max_length=200))
        _set(self, "kind", ApplicantKind(self.kind))
        _set(self, "address", optional_data_text(self.address, field="applicant.address"))
        _set(self, "phone", optional_data_text(self.phone, field="applicant.phone", max_length=40))
        _set(self, "email", optional_data_text(self.email, field="applicant.email", max_length=254))

    @property
    def salutation(self) -> str:
        """How the letters address the applicant: "Ông/Bà" or "Tổ chức"."""
        return "Ông/Bà" if self.kind is ApplicantKind.CITIZEN else "Tổ chức"


@dataclass(frozen=True, slots=True)
class Officer:
    """An officer named on a letter: who received, asked, decided or signs; `position` is the title."""

    name: str
    position: str | None = None

    def __post_init__(self) -> None:
        _set(self, "name", data_text(self.name, field="officer.name", max_length=120))
        _set(self, "position", optional_data_text(self.position, field="officer.position", max_length=200))
