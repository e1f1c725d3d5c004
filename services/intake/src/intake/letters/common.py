"""Pieces the desk's letters share: the applicant block and where the result is collected."""

from __future__ import annotations

from contracts.lifecycle import Channel
from servicekit.documents import Agency, Applicant, LegalDocument

__all__ = ["applicant_block", "result_place"]


def applicant_block(doc: LegalDocument, applicant: Applicant, *, label: str) -> None:
    """`<label>: name`, then address, telephone and email when known (forms 01–03)."""
    doc.field(label, applicant.name)
    if applicant.address:
        doc.field("Địa chỉ", applicant.address, value_style="")
    contact = [("Số điện thoại", applicant.phone), ("Email", applicant.email)]
    parts = [f"{name}: {value}" for name, value in contact if value]
    if parts:
        doc.runs([("; ".join(parts), "")])


def result_place(agency: Agency, channel: Channel, postal_address: str | None) -> str:
    """Where the applicant registered to receive the result (form 01, item 6; R-RES-1)."""
    if channel is Channel.DESK:
        return f"{agency.desk_name}, {agency.name}"
    if channel is Channel.POSTAL:
        return f"Địa chỉ nhận qua dịch vụ bưu chính công ích: {postal_address}"
    return "Cổng Dịch vụ công (nhận kết quả điện tử)"
