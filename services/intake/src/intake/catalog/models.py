"""The parts of a procedure version intake works with, read from the catalogue's public sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contracts.events import PaymentDue
from contracts.lifecycle import ApplicantKind, Channel


@dataclass(frozen=True)
class Component:
    """Thành phần hồ sơ: an e-form (kind ``form``) or a document to attach (kind ``attachment``)."""

    code: str
    name: str
    kind: str
    form_code: str | None = None
    required: bool = True
    condition: str | None = None
    accepted_file_types: tuple[str, ...] = ()
    max_file_size_mb: int | None = None
    originals: int = 0
    copies: int = 0

    @property
    def is_form(self) -> bool:
        return self.kind == "form"


@dataclass(frozen=True)
class FormRef:
    code: str
    title: str
    component_code: str | None


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    address: str | None = None
    phone: str | None = None
    feedback_email: str | None = None
    bank_account: dict[str, Any] = field(default_factory=dict)
    parent_code: str | None = None

    def value(self, name: str) -> Any:
        """A prefill source field of the agency (R-CAT-4), e.g. ``name`` or ``bank_account.bank_name``."""
        if name.startswith("bank_account."):
            return self.bank_account.get(name.removeprefix("bank_account."))
        return (
            getattr(self, name, None)
            if name in {"code", "name", "address", "phone", "feedback_email"}
            else None
        )


@dataclass(frozen=True)
class ProcedureVersion:
    code: str
    version: int
    name: str
    status: str
    in_force: bool
    agency: Agency
    level: int
    online_mode: str | None
    processing_days: int
    components: tuple[Component, ...]
    forms: tuple[FormRef, ...]
    fee_total: int
    online_payment: bool
    payment_stage: str | None
    submission_channels: frozenset[Channel]
    result_channels: frozenset[Channel]
    applicant_kinds: frozenset[ApplicantKind]
    results: tuple[str, ...] = ()

    @property
    def agency_code(self) -> str:
        return self.agency.code

    @property
    def requires_payment(self) -> bool:
        """Some fee or charge is above zero (the catalogue's ``requires_payment``)."""
        return self.fee_total > 0

    @property
    def immediate_result(self) -> bool:
        """Results returned at once need no receipt but are still recorded (R-INT-4)."""
        return self.processing_days == 0

    @property
    def accepts_online(self) -> bool:
        """Levels 3 and 4 take dossiers online (R-CAT-2)."""
        return self.level >= 3 and Channel.ONLINE in self.submission_channels

    @property
    def payment_due(self) -> PaymentDue:
        """When fees are paid (COORDINATION): none unless fees are due and paid online (level 4)."""
        if not (self.requires_payment and self.online_payment and self.level >= 4):
            return PaymentDue.NONE
        if self.payment_stage == PaymentDue.BEFORE_RETURN.value:
            return PaymentDue.BEFORE_RETURN
        return PaymentDue.BEFORE_PROCESSING

    def component(self, code: str) -> Component | None:
        return next((c for c in self.components if c.code == code), None)

    def form(self, code: str) -> FormRef | None:
        return next((f for f in self.forms if f.code == code), None)

    @property
    def form_components(self) -> tuple[Component, ...]:
        return tuple(c for c in self.components if c.is_form)

    @property
    def attachment_components(self) -> tuple[Component, ...]:
        return tuple(c for c in self.components if not c.is_form)


def _channels(values: Any) -> frozenset[Channel]:
    return frozenset(Channel(v) for v in values or () if v in Channel.__members__.values())


def parse_sheet(sheet: dict[str, Any]) -> ProcedureVersion:
    """A catalogue sheet (``GET /v1/procedures/{code}/versions/{n}``) as intake sees it."""
    content: dict[str, Any] = sheet.get("content") or {}
    agency = sheet.get("agency") or {"code": content.get("agency_code") or ""}
    components = tuple(
        Component(
            code=c["code"],
            name=c["name"],
            kind=c["kind"],
            form_code=c.get("form_code"),
            required=c.get("requirement", "required") == "required",
            condition=c.get("condition"),
            accepted_file_types=tuple(t.lower() for t in c.get("accepted_file_types") or ()),
            max_file_size_mb=c.get("max_file_size_mb"),
            originals=c.get("originals", 0),
            copies=c.get("copies", 0),
        )
        for c in content.get("components") or ()
    )
    return ProcedureVersion(
        code=sheet["code"],
        version=sheet["version"],
        name=content.get("name") or sheet["code"],
        status=sheet.get("status", "published"),
        in_force=bool(sheet.get("in_force")),
        agency=Agency(
            code=agency["code"],
            name=agency.get("name") or agency["code"],
            address=agency.get("address"),
            phone=agency.get("phone"),
            feedback_email=agency.get("feedback_email"),
        ),
        level=content.get("level") or 1,
        online_mode=sheet.get("online_mode"),
        processing_days=content.get("processing_days") or 0,
        components=components,
        forms=tuple(
            FormRef(code=f["code"], title=f["title"], component_code=f.get("component_code"))
            for f in sheet.get("eforms") or ()
        ),
        fee_total=sum(int(f.get("amount") or 0) for f in content.get("fees") or ()),
        online_payment=bool(content.get("online_payment")),
        payment_stage=content.get("payment_stage"),
        submission_channels=_channels(content.get("submission_channels")),
        result_channels=_channels(content.get("result_channels")),
        applicant_kinds=frozenset(
            ApplicantKind(k) for k in content.get("applicant_kinds") or ("citizen", "organisation")
        ),
        results=tuple(r["name"] for r in content.get("results") or ()),
    )
