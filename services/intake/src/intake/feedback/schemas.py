"""API shapes of feedback: what a citizen sends, what the submitter and the agency read, and what the
public Q&A shows."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from contracts.events import FeedbackChannel, FeedbackKind, FeedbackTarget
from intake.feedback.rules import FeedbackStatus, HistoryAction

AgencyCode = Annotated[
    str,
    Field(
        pattern=r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$",
        examples=["000.00.00.G12"],
        description="Mã định danh cơ quan (QCVN 102:2016, R-FMT-1)",
    ),
]
ProcedureCode = Annotated[
    str,
    Field(
        pattern=r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2})?$",
        examples=["1.001193"],
        description="Mã thủ tục hành chính (R-FMT-3)",
    ),
]
Phone = Annotated[str, StringConstraints(pattern=r"^(0|\+84)\d{9,10}$")]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Contact(BaseModel):
    """How to reach a submitter who is not signed in (or whose feedback an official records)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[Line, StringConstraints(max_length=200)] = Field(description="Họ và tên")
    email: Email | None = Field(default=None, description="Thư điện tử nhận trả lời")
    phone: Phone | None = Field(default=None, description="Số điện thoại nhận tin nhắn trả lời")


class FeedbackCreate(BaseModel):
    """A feedback or petition about a dossier, a procedure or an agency."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "target": "procedure",
                    "procedure_code": "1.001193",
                    "kind": "proposal",
                    "title": "Đề nghị bỏ yêu cầu bản sao chứng thực",
                    "content": "Đề nghị cho phép nộp bản chụp giấy khai sinh thay cho bản sao chứng thực.",
                    "publish_consent": True,
                    "contact": {"name": "Trần Thị Bình", "email": "binh.tran@example.vn"},
                }
            ]
        },
    )

    target: FeedbackTarget = Field(description="Phản ánh về: dossier (hồ sơ), procedure (thủ tục), agency")
    dossier_id: uuid.UUID | None = Field(
        default=None, description="Hồ sơ của chính người gửi (target=dossier)"
    )
    procedure_code: ProcedureCode | None = Field(default=None, description="Thủ tục (target=procedure)")
    agency_code: AgencyCode | None = Field(
        default=None,
        description="Cơ quan (target=agency); với target=procedure: cơ quan thực hiện, mặc định cơ quan "
        "giải quyết của thủ tục",
    )
    kind: FeedbackKind = Field(
        default=FeedbackKind.REPORT, description="report: phản ánh; proposal: kiến nghị"
    )
    title: Annotated[Line, StringConstraints(max_length=200)] = Field(description="Tiêu đề")
    content: Annotated[Line, StringConstraints(max_length=5000)] = Field(description="Nội dung")
    publish_consent: bool = Field(
        default=False,
        description="Đồng ý công khai câu hỏi và câu trả lời (không kèm thông tin cá nhân) trên mục Hỏi đáp",
    )
    contact: Contact | None = Field(
        default=None, description="Bắt buộc khi không đăng nhập: họ tên và thư điện tử hoặc điện thoại"
    )
    channel: FeedbackChannel = Field(
        default=FeedbackChannel.PORTAL,
        description="portal; cán bộ ghi nhận phản ánh qua email, phone hoặc desk cho cơ quan của mình",
    )

    @model_validator(mode="after")
    def _target_fields(self) -> Self:
        needed = {
            FeedbackTarget.DOSSIER: ("dossier_id",),
            FeedbackTarget.PROCEDURE: ("procedure_code",),
            FeedbackTarget.AGENCY: ("agency_code",),
        }[self.target]
        for name in needed:
            if getattr(self, name) is None:
                raise ValueError(f"{name} is required when target is {self.target.value}")
        if self.target is FeedbackTarget.DOSSIER and (self.procedure_code or self.agency_code):
            raise ValueError("a dossier names its procedure and agency itself")
        if self.target is FeedbackTarget.AGENCY and self.procedure_code:
            raise ValueError("procedure_code belongs to target procedure")
        return self


class FeedbackAnswerWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Annotated[Line, StringConstraints(max_length=10000)] = Field(description="Nội dung trả lời")
    publish: bool = Field(default=False, description="Công khai trên mục Hỏi đáp (chỉ khi người gửi đồng ý)")
    public_question: Annotated[Line, StringConstraints(max_length=5000)] | None = Field(
        default=None,
        description="Câu hỏi đã biên tập để công khai; mặc định nội dung đã ẩn thông tin cá nhân",
    )


class FeedbackForwardWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_code: AgencyCode = Field(description="Cơ quan có thẩm quyền nhận phản ánh")
    reason: Annotated[Line, StringConstraints(max_length=1000)] = Field(description="Lý do chuyển")


class PublicationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    published: bool
    public_question: Annotated[Line, StringConstraints(max_length=5000)] | None = None


class ConsentWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    publish_consent: bool


class AnswerRead(BaseModel):
    text: str
    answered_at: datetime
    answered_by: str | None = Field(default=None, description="Cán bộ trả lời (chỉ cơ quan xem)")
    answered_by_name: str | None
    on_time: bool
    working_days_late: int


class HistoryEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    action: HistoryAction
    action_label: str
    actor_subject: str | None = Field(default=None, description="Người thực hiện (chỉ cơ quan xem)")
    actor_name: str | None
    agency_code: str
    note: str | None


class SubmitterRead(BaseModel):
    subject: str | None
    name: str | None
    email: str | None
    phone: str | None


class FeedbackRead(BaseModel):
    """A feedback as its submitter and the agency's officials see it."""

    id: uuid.UUID
    target: FeedbackTarget
    kind: FeedbackKind
    channel: FeedbackChannel
    dossier_id: uuid.UUID | None
    dossier_code: str | None
    procedure_code: str | None
    procedure_name: str | None
    agency_code: str
    agency_name: str | None
    title: str
    content: str
    publish_consent: bool
    status: FeedbackStatus
    status_label: str
    submitted_at: datetime
    received_on: date = Field(description="Ngày tiếp nhận (ngày làm việc)")
    due_date: date = Field(description="Hạn trả lời: 3 ngày làm việc sau ngày tiếp nhận (R-FB-4)")
    overdue: bool = Field(description="Chưa trả lời và đã quá hạn")
    answer: AnswerRead | None
    published: bool
    public_url: str | None
    submitter: SubmitterRead
    history: list[HistoryEntry]


class FeedbackSummary(BaseModel):
    """One line of a list."""

    id: uuid.UUID
    target: FeedbackTarget
    kind: FeedbackKind
    title: str
    agency_code: str
    procedure_code: str | None
    dossier_code: str | None
    status: FeedbackStatus
    status_label: str
    submitted_at: datetime
    due_date: date
    overdue: bool
    answered_at: datetime | None
    answered_on_time: bool | None
    published: bool


class FeedbackPage(BaseModel):
    items: list[FeedbackSummary]
    next_cursor: str | None = None


class PublicQuestion(BaseModel):
    """A question and its answer in the portal's public Q&A: no personal data."""

    id: uuid.UUID
    kind: FeedbackKind
    target: FeedbackTarget
    title: str
    question: str
    answer: str
    agency_code: str
    agency_name: str | None
    procedure_code: str | None
    procedure_name: str | None
    asked_on: date
    answered_at: datetime
    published_at: datetime


class PublicQuestionPage(BaseModel):
    items: list[PublicQuestion]
    next_cursor: str | None = None


class OfficerFigures(BaseModel):
    subject: str
    name: str | None
    answered: int
    on_time: int
    late: int


class AccountabilityRead(BaseModel):
    """Who answered what, on time or late, for one agency over a period (R-FB-4)."""

    agency_code: str
    start: date = Field(description="Từ ngày tiếp nhận")
    end: date = Field(description="Đến ngày tiếp nhận")
    received: int
    answered: int
    answered_on_time: int
    answered_late: int
    pending: int
    overdue_now: int
    officers: list[OfficerFigures]
