"""API shapes of process definitions."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from workflow.definitions.content import AgencyCode, DefinitionContent, ProcedureCode, Route, StageSpec


class DefinitionCreate(DefinitionContent):
    agency_code: AgencyCode = Field(description="Cơ quan tiếp nhận hồ sơ, chủ quản quy trình")
    procedure_code: ProcedureCode = Field(examples=["1.001612"])
    procedure_version: int = Field(ge=1, description="Phiên bản thủ tục áp dụng từ đó trở đi")


class DefinitionUpdate(DefinitionContent):
    pass


class DefinitionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    agency_code: str
    procedure_code: str
    procedure_version: int
    revision: int
    status: str = Field(description="draft, active hoặc retired")
    name: str
    route: Route
    legal_limit_days: float
    stages: list[StageSpec]
    created_by: str
    created_at: datetime
    updated_at: datetime
    activated_at: datetime | None
    activated_by: str | None
    retired_at: datetime | None
    version: int


class DefinitionPage(BaseModel):
    items: list[DefinitionRead]
    next_cursor: str | None = None
