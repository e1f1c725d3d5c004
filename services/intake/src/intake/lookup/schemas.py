"""API shapes of the lookup."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from intake.attachments.schemas import FileRead
from intake.dossiers.schemas import AgencyRef, HistoryEntry, StatusView
from intake.reception.schemas import LetterRead


class LookupDetails(BaseModel):
    """What the owner (and the agency's officers) see beyond the public view (R-LOOK-1, R-LOOK-2)."""

    id: uuid.UUID
    status: StatusView
    agency: AgencyRef = Field(description="Cơ quan giải quyết")
    handling_unit: str | None = Field(description="Đơn vị đang xử lý")
    channel: str
    submitted_at: datetime | None
    received_at: datetime | None
    reception_date: date | None
    appointment_date: date | None = Field(description="Ngày hẹn trả kết quả")
    returned_at: datetime | None
    payment_state: str
    history: list[HistoryEntry]
    documents: list[FileRead] = Field(description="Giấy tờ người nộp đã cung cấp")
    letters: list[LetterRead]


class LookupRead(BaseModel):
    """Without signing in: the code, the procedure and how far the dossier has come (R-LOOK-1)."""

    dossier_code: str
    procedure_code: str
    procedure_name: str
    status: str = Field(description="received, processing, resolved, returned hoặc refused (R-LOOK-2)")
    status_label: str
    details: LookupDetails | None = Field(
        default=None, description="Chỉ khi người tra cứu là chủ hồ sơ hoặc cán bộ của cơ quan giải quyết"
    )
