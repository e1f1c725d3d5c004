"""API shapes of the FAQ of a procedure (R-STAT-7)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
Answer = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class FaqCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "question": "Có phải nộp bản sao chứng thực giấy khai sinh không?",
                    "answer": "Không. Chỉ cần xuất trình bản chính để đối chiếu hoặc tải lên bản chụp.",
                }
            ]
        },
    )

    question: Question = Field(description="Câu hỏi")
    answer: Answer = Field(description="Câu trả lời")
    position: int | None = Field(
        default=None, ge=0, le=1_000_000, description="Thứ tự hiển thị (mặc định: cuối danh sách)"
    )
    published: bool = Field(default=True, description="false: bản nháp, chỉ người quản trị xem")


class FaqUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Question | None = None
    answer: Answer | None = None
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    published: bool | None = None


class FaqRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    question: str
    answer: str
    position: int
    published: bool
    updated_at: datetime
    version: int


class FaqContact(BaseModel):
    """Where to send comments on the procedure (R-STAT-7): the competent agency's contact."""

    agency_code: str
    agency_name: str | None
    feedback_email: str | None
    phone: str | None
    feedback_url: str = Field(description="Gửi phản ánh, kiến nghị về thủ tục qua Cổng (POST)")


class FaqPage(BaseModel):
    procedure_code: str
    items: list[FaqRead]
    next_cursor: str | None = None
    contact: FaqContact
