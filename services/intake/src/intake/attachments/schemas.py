"""API shapes of files: a dossier's components with their files, uploads, the document store."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class FileRead(BaseModel):
    id: uuid.UUID = Field(description="Mã tệp đính kèm (attachment)")
    document_id: uuid.UUID
    component_code: str
    version: int = Field(description="Thứ tự tệp của thành phần (1, 2, …); tệp cũ vẫn được lưu")
    filename: str
    content_type: str
    size: int
    sha256: str
    added_at: datetime
    removed_at: datetime | None = None
    supplement_round: int
    content_url: str


class ComponentRead(BaseModel):
    """A dossier component with what it takes (R-CAT-4: limits announced where files are chosen)."""

    code: str
    name: str
    kind: str
    required: bool
    condition: str | None
    form_code: str | None
    accepted_file_types: list[str]
    max_file_size_mb: int
    originals: int
    copies: int
    files: list[FileRead]


class ComponentsRead(BaseModel):
    items: list[ComponentRead]


class HistoryFiles(BaseModel):
    items: list[FileRead]


class ReuseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    component_code: str = Field(min_length=1, max_length=40, examples=["TP2"])
    document_id: uuid.UUID = Field(description="Giấy tờ trong kho giấy tờ của người nộp (R-INT-5)")


class UploadCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"component_code": "TP2", "filename": "giay-chung-sinh.pdf", "size": 31457280}]
        },
    )

    component_code: str = Field(min_length=1, max_length=40)
    filename: str = Field(min_length=1, max_length=255)
    size: int = Field(ge=1, description="Dung lượng tệp (byte)")


class UploadRead(BaseModel):
    id: uuid.UUID
    component_code: str
    filename: str
    size: int
    offset: int = Field(description="Số byte máy chủ đã nhận; gửi tiếp từ vị trí này")
    max_chunk_bytes: int
    expires_at: datetime
    completed: bool
    file: FileRead | None = None


class DocumentRead(BaseModel):
    """A document of the citizen's store: what they supplied before, results issued to them."""

    id: uuid.UUID
    category: str
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
    dossier_id: uuid.UUID | None
    content_url: str


class DocumentPage(BaseModel):
    items: list[DocumentRead]
    next_cursor: str | None = None
