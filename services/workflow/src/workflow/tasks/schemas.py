"""API shapes of tasks, their actions, consultations and verifications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from workflow.definitions.content import AgencyCode

Comment = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Attachments = Annotated[list[uuid.UUID], Field(default_factory=list, max_length=20)]


class TaskRead(BaseModel):
    """One line of an inbox."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    instance_id: uuid.UUID
    dossier_id: uuid.UUID
    dossier_code: str | None
    procedure_code: str
    procedure_name: str | None
    applicant_name: str | None
    kind: str = Field(
        description="appraisal, verification, consultation, approval, result, consultation_request"
    )
    title: str
    agency_code: str = Field(description="Đơn vị xử lý")
    role: str
    assignee_subject: str | None
    assignee_name: str | None
    status: str = Field(description="open, suspended, done, cancelled")
    handed_over_by_name: str | None
    created_at: datetime
    due_date: date
    process_due_date: date | None
    completed_at: datetime | None
    outcome: str | None
    version: int


class TaskPage(BaseModel):
    items: list[TaskRead]
    next_cursor: str | None = None


class ConsultationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    task_id: uuid.UUID = Field(description="Công việc của đơn vị được hỏi ý kiến")
    from_task_id: uuid.UUID
    from_agency_code: str
    to_agency_code: str
    content: str
    due_date: date
    requested_by_name: str | None
    requested_at: datetime
    status: str = Field(description="open, answered")
    answer: str | None
    answered_by_name: str | None
    answered_at: datetime | None
    overdue_reported_at: datetime | None


class VerificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    held_at: datetime
    place: str
    participants: list[str]
    content: str
    attachment_ids: list[uuid.UUID]
    recorded_by_name: str | None
    recorded_at: datetime


class TaskDetail(TaskRead):
    note: str | None
    optional: bool
    consultations: list[ConsultationRead] = Field(description="Ý kiến đã hỏi từ bước này")
    consultation: ConsultationRead | None = Field(description="Yêu cầu ý kiến mà công việc này trả lời")
    verifications: list[VerificationRead]


class AssignmentWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_subject: ShortText = Field(description="Mã tài khoản (sub) của cán bộ được giao")
    comment: Comment | None = None


class AppraisalWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    findings: Comment = Field(description="Kết quả thẩm định")
    attachment_ids: Attachments


class VerificationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_at: AwareDatetime = Field(description="Thời gian xác minh")
    place: ShortText
    participants: list[ShortText] = Field(min_length=1, max_length=50)
    content: Comment
    attachment_ids: Attachments


class ConsultationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_code: AgencyCode = Field(description="Đơn vị, cơ quan được hỏi ý kiến")
    content: Comment = Field(description="Nội dung xin ý kiến")
    due_date: date = Field(description="Thời hạn trả lời (ngày làm việc, sau hôm nay)")
    attachment_ids: Attachments


class AnswerWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Comment
    attachment_ids: Attachments


class SupplementItemWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    component_code: ShortText | None = None
    name: ShortText
    reason: Comment
    guidance: Comment


class SupplementWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[SupplementItemWrite] = Field(min_length=1, max_length=50, description="Đầy đủ một lần")
    comment: Comment | None = None


class Decision(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"


class ProposalWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    summary: Comment = Field(description="Tóm tắt đề xuất")
    reasons: list[Comment] = Field(
        default_factory=list, max_length=20, description="Lý do (bắt buộc khi từ chối)"
    )
    attachment_ids: Attachments


class ApprovalDecision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"


class DecisionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: ApprovalDecision
    comment: Comment | None = None


class CompletionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: Comment | None = None


class ResultWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: ShortText = Field(description="Tên văn bản kết quả")
    number: ShortText | None = Field(default=None, description="Số, ký hiệu")
    signed_on: date | None = None
    signer: ShortText | None = None
    document_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class HandoverWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: Comment | None = None


class OfficerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    subject: str
    name: str | None
    agencies: list[str]
    roles: list[str]
    seen_at: datetime


class OfficerPage(BaseModel):
    items: list[OfficerRead]


class NoticeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    instance_id: uuid.UUID
    dossier_code: str | None
    kind: str = Field(description="due_soon, overdue")
    scope: str = Field(description="process, task, consultation")
    subject_id: uuid.UUID
    title: str
    due_date: date
    handling_agency_code: str
    desk_agency_code: str
    assignee_subject: str | None
    reported_to_desk: bool
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class NoticePage(BaseModel):
    items: list[NoticeRead]
    next_cursor: str | None = None
