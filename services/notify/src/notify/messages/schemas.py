"""API shapes of messages and their attempts."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from notify.kinds import Channel
from notify.messages.models import MessageStatus


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    channel: Channel
    status: MessageStatus
    template_code: str
    template_version: int | None
    language: str
    legal_notice: bool
    simulated: bool
    subscription_id: uuid.UUID | None
    recipient_subject: str | None
    address: str | None
    dossier_id: uuid.UUID | None
    subject: str | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    provider_id: str | None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None
    failed_at: datetime | None


class MessagePage(BaseModel):
    items: list[MessageRead]
    next_cursor: str | None = None


class AttemptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    started_at: datetime
    finished_at: datetime | None
    outcome: str | None
    error: str | None
    provider_response: str | None


class MessageDetail(MessageRead):
    body_text: str
    body_html: str | None
    source_type: str
    attempt_log: list[AttemptRead]
