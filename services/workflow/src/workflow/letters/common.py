"""What the agency's letters share: the dossier they are about, and how they open and close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from servicekit.calendar import VN_TZ
from servicekit.documents import Agency, Applicant, LegalDocument, data_text, vn_date, vn_datetime
from servicekit.documents.checks import aware, dossier_code_text

__all__ = ["DossierRef", "dossier_paragraphs", "recipients"]


@dataclass(frozen=True, slots=True)
class DossierRef:
    """The dossier a letter is about, as the receipt named it (R-INT-2)."""

    dossier_code: str
    applicant: Applicant
    procedure_name: str
    received_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "dossier_code", dossier_code_text(self.dossier_code))
        object.__setattr__(self, "procedure_name", data_text(self.procedure_name, field="procedure_name"))
        aware(self.received_at, "received_at")


def dossier_paragraphs(doc: LegalDocument, agency: Agency, dossier: DossierRef) -> None:
    """`Kính gửi`, then when and by whom the dossier was received, its code and its request."""
    doc.centred(f"Kính gửi: {dossier.applicant.name}")
    doc.space(2)
    received_on = vn_date(dossier.received_at.astimezone(VN_TZ).date())
    doc.paragraph(
        f"{received_on[0].upper()}{received_on[1:]}, {agency.name} tiếp nhận giải quyết hồ sơ của"
        f" {dossier.applicant.salutation} {dossier.applicant.name}."
    )
    doc.field("Mã hồ sơ", dossier.dossier_code, indent=10)
    doc.field("Nội dung yêu cầu giải quyết", dossier.procedure_name, indent=10)
    doc.field("Thời gian tiếp nhận", vn_datetime(dossier.received_at), indent=10, value_style="")


def recipients(agency: Agency) -> tuple[str, ...]:
    """`Nơi nhận` of a letter to the applicant: the addressee, the desk, the archive."""
    return ("Như trên;", f"{agency.desk_name};", "Lưu: VT, hồ sơ.")
