"""API shapes of the operator view of the national sync."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from nationalsync.queue.models import AttemptOutcome, JobKind, JobState
from nationalsync.records.models import QueueState


class StateCounts(BaseModel):
    held: int = Field(0, description="Chờ dữ liệu bắt buộc (ví dụ mã hồ sơ trước khi tiếp nhận)")
    pending: int = Field(0, description="Đang chờ gửi hoặc chờ thử lại")
    synced: int = Field(0, description="Cổng quốc gia đã có đủ")
    parked: int = Field(0, description="Bị Cổng quốc gia từ chối hoặc hết lượt thử: chờ quản trị viên")


class JobCounts(BaseModel):
    held: int = 0
    pending: int = 0
    parked: int = 0


class SyncSummary(BaseModel):
    dossiers: StateCounts = Field(description="Số hồ sơ theo trạng thái đồng bộ")
    jobs: JobCounts = Field(description="Số lần đồng bộ chưa gửi, theo trạng thái")
    oldest_pending_at: datetime | None = Field(description="Lần đồng bộ chờ lâu nhất được tạo lúc")


class FailureRead(BaseModel):
    """A push parked for an operator, with what the hub said."""

    job_id: int
    dossier_id: uuid.UUID
    dossier_code: str | None
    agency_code: str
    kind: JobKind
    national_status: int | None = Field(description="TrangThaiHoSo khi thay đổi này được ghi nhận")
    source_event_type: str
    attempts: int
    hub_status: int | None = Field(description="Mã HTTP Cổng quốc gia trả lời (trống: lỗi phát hiện tại chỗ)")
    error_code: str | None
    error: str | None
    field_errors: list[dict[str, Any]] | None = Field(description="Các trường Cổng quốc gia báo lỗi")
    created_at: datetime
    parked_at: datetime | None


class FailurePage(BaseModel):
    items: list[FailureRead]
    next_cursor: str | None = None


class DossierSyncRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    dossier_id: uuid.UUID
    dossier_code: str | None
    agency_code: str
    procedure_code: str | None
    status: str | None = Field(description="Trạng thái hồ sơ trong vòng đời (DESIGN §3)")
    national_status: int | None = Field(description="TrangThaiHoSo (R-FMT-4)")
    queue_state: QueueState
    version: int = Field(description="Số lần bản ghi quốc gia của hồ sơ thay đổi")
    pushed_version: int | None = Field(description="Phiên bản Cổng quốc gia đã nhận")
    pushed_at: datetime | None
    attempts: int = Field(description="Số lần thử liên tiếp chưa thành công")
    next_attempt_at: datetime | None
    last_error: str | None
    updated_at: datetime


class DossierSyncPage(BaseModel):
    items: list[DossierSyncRead]
    next_cursor: str | None = None


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: JobKind
    state: JobState
    record_version: int
    national_status: int | None
    step: dict[str, Any] | None
    source_event_id: uuid.UUID
    source_event_type: str
    attempts: int
    hub_status: int | None
    error_code: str | None
    error: str | None
    field_errors: list[dict[str, Any]] | None
    superseded_by: int | None
    created_at: datetime
    sent_at: datetime | None
    parked_at: datetime | None


class AttemptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: JobKind
    job_ids: list[int]
    record_version: int | None
    idempotency_key: str
    dispatcher: str = Field(description="Tiến trình đã gọi (máy-pid-ngẫu nhiên)")
    outcome: AttemptOutcome
    http_status: int | None
    request: list[dict[str, Any]] = Field(description="Dữ liệu đã gửi Cổng quốc gia")
    response: str | None = Field(description="Cổng quốc gia trả lời")
    error: str | None
    started_at: datetime
    finished_at: datetime


class DossierSyncDetail(DossierSyncRead):
    national_record: dict[str, Any] | None = Field(
        description="Bản ghi hồ sơ theo R-FMT-4 như sẽ gửi lúc này (trống khi còn thiếu dữ liệu)"
    )
    missing_fields: list[str] = Field(description="Trường bắt buộc còn thiếu")
    jobs: list[JobRead] = Field(description="Các thay đổi cần đồng bộ, mới nhất trước")
    attempts_log: list[AttemptRead] = Field(description="Các lần gọi Cổng quốc gia, mới nhất trước")


class RetryAll(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_code: str | None = Field(
        None, description="Chỉ các hồ sơ của cơ quan này", examples=["000.00.00.G12"], max_length=32
    )


class RetryResult(BaseModel):
    dossiers: int = Field(description="Số hồ sơ được đưa lại hàng đợi")
    jobs: int = Field(description="Số lần đồng bộ bị dừng được gửi lại")
