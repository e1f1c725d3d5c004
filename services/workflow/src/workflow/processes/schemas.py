"""API shapes of process instances."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ProcessRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    dossier_id: uuid.UUID
    dossier_code: str | None
    procedure_code: str
    agency_code: str
    stage: str
    started_at: datetime


class ProcessPage(BaseModel):
    items: list[ProcessRead]
    next_cursor: str | None = None
