"""API shapes of the in-app inbox."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class InboxMessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    dossier_id: uuid.UUID | None
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None
    broadcast: bool = Field(
        default=False, description="Thông báo chung cho mọi người dùng (ví dụ bảo trì hệ thống, R-OPS-1)"
    )


class InboxPage(BaseModel):
    items: list[InboxMessageRead]
    next_cursor: str | None = None


class UnreadCount(BaseModel):
    unread: int
