"""The printout of what was entered in an interactive e-form (R-CAT-4; TT 32/2017 Điều 8.4).

`EFormPrintout.from_schema` walks the procedure version's JSON Schema in its own property order,
so fields print in the order the form shows them, labelled with their `title`: nested objects
become headed groups, arrays of objects numbered groups, choices (`oneOf` const/title) their
title, dates `dd/mm/yyyy`, booleans "Có"/"Không", and empty fields "(chưa nhập)".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contracts.lifecycle import DossierStatus
from servicekit.documents import (
    Column,
    DocumentInfo,
    LegalDocument,
    data_text,
    vn_date_short,
    vn_datetime,
    vn_number,
)
from servicekit.documents.checks import aware, dossier_code_text

__all__ = ["EFormEntry", "EFormPrintout", "entries_from_schema", "render_eform_printout"]

HEADING = "Thông tin đã khai trên biểu mẫu điện tử"
NOT_ENTERED = "(chưa nhập)"
_COLUMNS = (Column("TT", 0.9, "C"), Column("Thông tin", 4.3), Column("Nội dung đã khai", 6.1))
_MAX_VALUE = 5000


@dataclass(frozen=True, slots=True)
class EFormEntry:
    """One printed line: a field's label and value, or (value None) the heading of a group."""

    label: str
    value: str | None
    depth: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", data_text(self.label, field="entry.label"))
        if self.value is not None:
            object.__setattr__(
                self, "value", data_text(self.value, field="entry.value", max_length=_MAX_VALUE)
            )
        if not 0 <= self.depth <= 8:
            raise ValueError("entry depth must be between 0 and 8")


@dataclass(frozen=True, slots=True)
class EFormPrintout:
    """A draft's (or a filed dossier's) e-form data as the applicant entered it.

    `saved_at` is when this version of the data was saved (it dates the printout, so the same
    version always prints the same bytes); `data_version` is the draft's version (its ETag).
    """

    form_title: str
    procedure_name: str
    applicant_name: str
    status: DossierStatus
    saved_at: datetime
    entries: tuple[EFormEntry, ...]
    data_version: int | None = None
    dossier_code: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "form_title", data_text(self.form_title, field="form_title", max_length=300))
        set_(self, "procedure_name", data_text(self.procedure_name, field="procedure_name"))
        set_(self, "applicant_name", data_text(self.applicant_name, field="applicant_name", max_length=200))
        set_(self, "status", DossierStatus(self.status))
        aware(self.saved_at, "saved_at")
        set_(self, "entries", tuple(self.entries))
        if self.dossier_code is not None:
            set_(self, "dossier_code", dossier_code_text(self.dossier_code))

    @classmethod
    def from_schema(cls, schema: Mapping[str, Any], data: Mapping[str, Any], **fields: Any) -> EFormPrintout:
        """The printout of `data` entered in the form described by `schema` (see module doc)."""
        return cls(entries=entries_from_schema(schema, data), **fields)


def entries_from_schema(schema: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[EFormEntry, ...]:
    """The labelled values of `data`, in the order of the JSON Schema's properties."""
    entries: list[EFormEntry] = []
    _walk(schema, data, 0, entries)
    return tuple(entries)


def _walk(node: Mapping[str, Any], value: Any, depth: int, out: list[EFormEntry]) -> None:
    current = value if isinstance(value, Mapping) else {}
    for key, prop in (node.get("properties") or {}).items():
        if not isinstance(prop, Mapping):
            continue
        label = str(prop.get("title") or key)
        item = current.get(key)
        items = prop.get("items")
        if _is_object(prop):
            out.append(EFormEntry(label, None, depth))
            _walk(prop, item, depth + 1, out)
        elif prop.get("type") == "array" and isinstance(items, Mapping) and _is_object(items):
            elements = item if isinstance(item, list) else []
            out.append(EFormEntry(label, None if elements else NOT_ENTERED, depth))
            for number, element in enumerate(elements, start=1):
                out.append(EFormEntry(f"{items.get('title') or label} {number}", None, depth + 1))
                _walk(items, element, depth + 2, out)
        else:
            out.append(EFormEntry(label, _format(prop, item) or NOT_ENTERED, depth))


def _is_object(node: Mapping[str, Any]) -> bool:
    return node.get("type") == "object" or "properties" in node


def _format(prop: Mapping[str, Any], value: Any) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        items = prop.get("items")
        if not isinstance(items, Mapping):
            items = {}
        parts = [_format(items, v) for v in value]
        return "; ".join(p for p in parts if p) or None
    for keyword in ("oneOf", "anyOf"):
        for choice in prop.get(keyword) or ():
            if isinstance(choice, Mapping) and choice.get("const") == value and choice.get("title"):
                return str(choice["title"])
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return vn_number(value)
    if isinstance(value, float):
        return repr(value).replace(".", ",")  # Vietnamese decimal comma: 12,5
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or None
    text = str(value)
    return _format_string(prop.get("format"), text)


def _format_string(fmt: Any, text: str) -> str:
    try:
        if fmt == "date":
            return vn_date_short(date.fromisoformat(text))
        if fmt == "date-time":
            moment = datetime.fromisoformat(text)
            return vn_datetime(moment) if moment.tzinfo else text
    except ValueError:
        return text
    return text


def render_eform_printout(printout: EFormPrintout) -> bytes:
    """The entered e-form data as PDF bytes: title, status and time, then every field in order.

    Implements the "save or print what was entered" function of R-CAT-4 (Thông tư 32/2017/TT-BTTTT
    Điều 8.4, seeds/002: "chức năng lưu trữ (ghi ra tệp hoặc in) những thông tin người sử dụng đã
    nhập vào biểu mẫu điện tử tương tác"). It is the applicant's own copy, not a receipt.
    """
    doc = LegalDocument(
        DocumentInfo(
            title=f"{printout.form_title} — {HEADING.lower()}",
            subject="Bản in thông tin đã khai trên biểu mẫu điện tử tương tác",
            author=printout.applicant_name,
            keywords=tuple(k for k in (printout.dossier_code,) if k),
            created_at=printout.saved_at,
        )
    )
    doc.national_name()
    doc.title(printout.form_title)
    doc.centred(f"({HEADING})", style="I")
    doc.space(2)
    doc.field("Thủ tục", printout.procedure_name)
    doc.field("Người khai", printout.applicant_name)
    if printout.dossier_code:
        doc.field("Mã hồ sơ", printout.dossier_code)
    doc.field("Trạng thái", printout.status.label)
    saved = vn_datetime(printout.saved_at)
    if printout.data_version is not None:
        saved += f" (phiên bản {printout.data_version})"
    doc.field("Lưu lúc", saved)
    rows: list[list[str]] = []
    groups: set[int] = set()
    number = 0
    for entry in printout.entries:
        # Non-breaking spaces survive the cell's line breaking, so the nesting shows.
        label = "\u00a0\u00a0\u00a0" * entry.depth + entry.label
        if entry.value is None:
            groups.add(len(rows))
            rows.append(["", label, ""])
        else:
            number += 1
            rows.append([str(number), label, entry.value])
    if rows:
        doc.table(_COLUMNS, rows, bold_rows=groups)
    else:
        doc.paragraph("Biểu mẫu chưa có trường thông tin nào.", style="I", indent=False)
    doc.paragraph(
        "Bản in này ghi lại thông tin người khai đã nhập trên biểu mẫu điện tử tại thời điểm lưu nêu trên;"
        " bản in không thay thế Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
        style="I",
        indent=False,
    )
    return doc.output()
