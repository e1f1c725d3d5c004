"""The content of a procedure version: every R-CAT-1 field as structured data, not one text blob.

Every field is optional so a draft can be saved as it is written; publishing checks completeness
(``rules.completeness_errors``). Items inside lists are strict: a step, component or fee is whole.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from catalog.agencies.rules import AdministrativeLevel
from catalog.codes import FORM_CODE_PATTERN, AgencyCode, FieldCode, FormCode
from contracts.lifecycle import ApplicantKind, Channel

ShortText = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=8000)]
ItemCode = Annotated[str, Field(pattern=FORM_CODE_PATTERN, examples=["TP1"])]


class OnlineMode(StrEnum):
    """Nghị định 42/2022's vocabulary next to levels 1–4 (R-CAT-2)."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"full": "Toàn trình", "partial": "Một phần", "none": "Cung cấp thông tin"}[self.value]


def mode_for_level(level: int) -> OnlineMode:
    """Level 4 ≈ toàn trình, level 3 ≈ một phần, levels 1–2 are not online services (R-CAT-2)."""
    return {4: OnlineMode.FULL, 3: OnlineMode.PARTIAL}.get(level, OnlineMode.NONE)


LEVEL_LABELS = {
    1: "Mức độ 1: cung cấp thông tin",
    2: "Mức độ 2: tải biểu mẫu",
    3: "Mức độ 3: nộp hồ sơ trực tuyến",
    4: "Mức độ 4: trực tuyến toàn trình, thanh toán và nhận kết quả trực tuyến",
}


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StepActor(StrEnum):
    APPLICANT = "applicant"
    DESK = "desk"
    AGENCY = "agency"
    COORDINATING_AGENCY = "coordinating_agency"


class Step(_Item):
    """Một bước trong trình tự thực hiện, với thời hạn của bước (ngày làm việc) cho quy trình xử lý."""

    order: int = Field(ge=1, le=100)
    title: ShortText
    description: LongText | None = None
    actor: StepActor
    working_days: float | None = Field(default=None, ge=0, le=365, multiple_of=0.5)


class Method(_Item):
    """Cách thức thực hiện qua một kênh."""

    channel: Channel
    description: LongText


class ComponentKind(StrEnum):
    FORM = "form"
    ATTACHMENT = "attachment"


class Requirement(StrEnum):
    REQUIRED = "required"
    CONDITIONAL = "conditional"


class Component(_Item):
    """Thành phần hồ sơ: tờ khai (biểu mẫu) hoặc giấy tờ đính kèm, số bản chính, bản sao."""

    code: ItemCode
    name: ShortText
    kind: ComponentKind
    form_code: FormCode | None = Field(
        default=None, description="Biểu mẫu điện tử của thành phần (kind=form)"
    )
    originals: int = Field(default=0, ge=0, le=20, description="Số bản chính")
    copies: int = Field(default=0, ge=0, le=20, description="Số bản sao")
    requirement: Requirement = Requirement.REQUIRED
    condition: ShortText | None = Field(default=None, description="Trường hợp phải nộp (khi có điều kiện)")
    accepted_file_types: list[Annotated[str, Field(pattern=r"^[a-z0-9]{1,10}$")]] = Field(
        default_factory=list, max_length=20, examples=[["pdf", "jpg", "png"]]
    )
    max_file_size_mb: int | None = Field(
        default=None, ge=1, le=100, description="Dung lượng tệp tối đa (R-CAT-4)"
    )
    note: LongText | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.requirement is Requirement.CONDITIONAL and not self.condition:
            raise ValueError("a conditional component states its condition")
        if self.originals + self.copies < 1:
            raise ValueError("a component needs at least one original or copy")
        return self


class Result(_Item):
    """Kết quả thực hiện thủ tục."""

    name: ShortText
    description: LongText | None = None
    validity: ShortText | None = Field(default=None, description="Thời hạn hiệu lực của kết quả")


class FeeKind(StrEnum):
    FEE = "fee"
    CHARGE = "charge"


class FeeBasis(StrEnum):
    FIXED = "fixed"
    PER_UNIT = "per_unit"


class Exemption(_Item):
    """Đối tượng được miễn, giảm."""

    code: ItemCode
    description: ShortText
    percent: int = Field(ge=1, le=100, description="Tỷ lệ miễn, giảm (%)")


class Fee(_Item):
    """Phí hoặc lệ phí, số tiền nguyên VND."""

    code: ItemCode
    name: ShortText
    kind: FeeKind
    basis: FeeBasis = FeeBasis.FIXED
    amount: int = Field(ge=0, le=10_000_000_000, description="Mức thu (VND)")
    online_amount: int | None = Field(
        default=None, ge=0, description="Mức thu khi nộp trực tuyến, nếu thấp hơn"
    )
    unit: ShortText | None = Field(default=None, description="Đơn vị tính khi thu theo đơn vị (bản, trang…)")
    exemptions: list[Exemption] = Field(default_factory=list, max_length=20)
    note: LongText | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.basis is FeeBasis.PER_UNIT and not self.unit:
            raise ValueError("a per-unit fee names its unit")
        # R-PAY-5: the electronic channel never costs more than the legal fee.
        if self.online_amount is not None and self.online_amount > self.amount:
            raise ValueError("online_amount cannot exceed amount")
        if len({e.code for e in self.exemptions}) != len(self.exemptions):
            raise ValueError("exemption codes must be unique")
        return self


class PaymentStage(StrEnum):
    """When fees paid online fall due (R-PAY-3): before processing starts or before the result returns."""

    BEFORE_PROCESSING = "before_processing"
    BEFORE_RETURN = "before_return"


class LegalDocument(_Item):
    """Căn cứ pháp lý."""

    number: Annotated[str, Field(min_length=1, max_length=100, examples=["04/2020/TT-BTP"])]
    title: ShortText
    issuer: ShortText | None = None
    issued_on: date | None = None
    url: Annotated[str, Field(pattern=r"^https?://", max_length=500)] | None = None


class Faq(_Item):
    """Câu hỏi thường gặp (R-STAT-7)."""

    question: ShortText
    answer: LongText


class ProcedureContent(BaseModel):
    """Nội dung một phiên bản thủ tục (R-CAT-1). Bản nháp có thể thiếu trường; khi công bố phải đủ."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=5, max_length=500)] | None = Field(
        default=None, description="Tên thủ tục, đúng tên trong văn bản pháp luật"
    )
    agency_code: AgencyCode | None = Field(default=None, description="Cơ quan có thẩm quyền giải quyết")
    coordinating_agency_codes: list[AgencyCode] = Field(
        default_factory=list, max_length=20, description="Cơ quan phối hợp (liên thông)"
    )
    field_code: FieldCode | None = None
    administrative_levels: list[AdministrativeLevel] | None = Field(default=None, max_length=4)
    level: int | None = Field(default=None, ge=1, le=4, description="Mức độ dịch vụ công trực tuyến 1–4")
    online_mode: OnlineMode | None = Field(default=None, description="Toàn trình / một phần (NĐ 42/2022)")
    steps: list[Step] | None = Field(default=None, max_length=50, description="Trình tự thực hiện")
    methods: list[Method] | None = Field(default=None, max_length=3, description="Cách thức thực hiện")
    components: list[Component] | None = Field(default=None, max_length=60, description="Thành phần hồ sơ")
    dossier_sets: int | None = Field(default=None, ge=1, le=20, description="Số lượng hồ sơ (bộ)")
    processing_days: int | None = Field(
        default=None, ge=0, le=365, description="Thời hạn giải quyết (ngày làm việc)"
    )
    processing_time_note: LongText | None = None
    subjects: list[ShortText] | None = Field(default=None, max_length=20, description="Đối tượng thực hiện")
    applicant_kinds: list[ApplicantKind] | None = Field(default=None, max_length=2)
    results: list[Result] | None = Field(default=None, max_length=10, description="Kết quả thực hiện")
    requirements: list[LongText] | None = Field(
        default=None, max_length=30, description="Yêu cầu, điều kiện; danh sách rỗng nghĩa là không có"
    )
    fees: list[Fee] | None = Field(
        default=None, max_length=30, description="Phí, lệ phí; rỗng nghĩa là miễn phí"
    )
    fee_note: LongText | None = None
    online_payment: bool | None = Field(default=None, description="Thanh toán trực tuyến (mức độ 4)")
    payment_stage: PaymentStage | None = Field(
        default=None,
        description=(
            "Thời điểm phải nộp phí, lệ phí trực tuyến: trước khi xử lý (before_processing, mặc định) "
            "hoặc trước khi trả kết quả (before_return)"
        ),
    )
    submission_channels: list[Channel] | None = Field(
        default=None, max_length=3, description="Nơi, cách nộp hồ sơ"
    )
    result_channels: list[Channel] | None = Field(default=None, max_length=3, description="Cách nhận kết quả")
    legal_basis: list[LegalDocument] | None = Field(default=None, max_length=50, description="Căn cứ pháp lý")
    faq: list[Faq] = Field(default_factory=list, max_length=50)
    keywords: list[ShortText] = Field(
        default_factory=list, max_length=30, description="Từ khóa tìm kiếm thêm"
    )

    @model_validator(mode="after")
    def _unique_codes(self) -> Self:
        for name, items in (("components", self.components), ("fees", self.fees)):
            codes = [item.code for item in items or ()]
            if len(set(codes)) != len(codes):
                raise ValueError(f"{name} codes must be unique")
        # The stage says when an online payment falls due; without online payment there is none.
        if self.payment_stage is not None and self.online_payment is False:
            raise ValueError("payment_stage applies only when fees are paid online (online_payment)")
        return self

    @property
    def effective_payment_stage(self) -> PaymentStage:
        """The stage in force: ``before_processing`` unless the version says otherwise (R-PAY-3)."""
        return self.payment_stage or PaymentStage.BEFORE_PROCESSING
