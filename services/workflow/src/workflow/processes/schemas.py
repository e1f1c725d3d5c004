"""API shapes of process instances, their history, documents and process-level actions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workflow.tasks.schemas import Comment, TaskRead


class StageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    position: int
    agency_code: str
    lead: bool
    deciding: bool
    task_text: str | None
    limit_days: float
    status: str = Field(description="pending, active, done")
    started_on: date | None
    due_date: date | None
    completed_at: datetime | None


class ProcessRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    dossier_id: uuid.UUID
    dossier_code: str | None
    procedure_code: str
    procedure_version: int | None
    procedure_name: str | None
    agency_code: str = Field(description="Cơ quan tiếp nhận (Bộ phận Một cửa trả kết quả)")
    applicant_name: str | None
    stage: str = Field(
        description=(
            "awaiting_reception, awaiting_payment, processing, supplement_requested, resolved, returned, "
            "refused, stopped, withdrawn"
        )
    )
    route: str | None
    definition_id: uuid.UUID | None
    payment_due: str
    received_at: datetime | None
    appointment_date: date | None = Field(description="Ngày hẹn trên giấy tiếp nhận")
    clock_started_on: date | None = Field(description="Ngày bắt đầu tính thời hạn (R-PROC-1, R-PROC-3)")
    legal_limit_days: float | None
    due_date: date | None = Field(description="Hạn giải quyết đang áp dụng (sau gia hạn nếu có)")
    due_date_before_extension: date | None
    extension_reason: str | None
    extended_at: datetime | None
    supplement_requested_at: datetime | None
    proposal: dict[str, Any] | None
    result: dict[str, Any] | None
    stop_reason: str | None
    on_time: bool | None
    started_at: datetime
    processing_started_at: datetime | None
    closed_at: datetime | None
    version: int


class ProcessDetail(ProcessRead):
    stages: list[StageRead]
    open_tasks: list[TaskRead]


class ProcessPage(BaseModel):
    items: list[ProcessRead]
    next_cursor: str | None = None


class HistoryEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    action: str
    actor_subject: str | None
    actor_name: str | None
    task_id: uuid.UUID | None
    step_title: str | None
    handling_agency_code: str | None
    giver: str | None
    receiver: str | None
    comment: str | None
    attachment_ids: list[uuid.UUID]
    data: dict[str, Any]
    prev_hash: str | None
    hash: str


class HistoryRead(BaseModel):
    items: list[HistoryEntryRead]
    head: str | None = Field(description="Mã băm của mục cuối cùng")


class ChainVerification(BaseModel):
    valid: bool
    length: int
    head: str | None
    first_broken_seq: int | None


class ExtensionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Comment = Field(description="Lý do gia hạn (ghi trong văn bản xin lỗi)")
    new_due_date: date = Field(description="Ngày hẹn trả kết quả mới")


class StopWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Comment = Field(description="Lý do dừng giải quyết (Mẫu 05, TT 03/2025)")


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str = Field(description="attachment, result, apology_letter, stop_notice, refusal_letter")
    filename: str
    media_type: str
    size: int
    sha256: str
    created_by: str
    created_at: datetime


class DocumentPage(BaseModel):
    items: list[DocumentRead]
