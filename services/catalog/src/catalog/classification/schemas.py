"""API shapes of sectors and fields; a sector listing carries its fields so browsing stays short."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict
from pydantic import Field as F

from catalog.codes import AgencyCode, FieldCode, SectorCode

Name = Annotated[str, F(min_length=2, max_length=300)]


class SectorCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"code": "TU_PHAP", "name": "Tư pháp", "position": 10}]},
    )

    code: SectorCode
    name: Name
    description: str | None = F(default=None, max_length=2000)
    position: int = F(default=0, ge=0, le=10000, description="Thứ tự hiển thị")


class SectorUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"position": 5}]})

    name: Name | None = None
    description: str | None = F(default=None, max_length=2000)
    position: int | None = F(default=None, ge=0, le=10000)


class FieldCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "G09-TP05",
                    "sector_code": "TU_PHAP",
                    "name": "Hộ tịch",
                    "managing_agency_code": "000.00.00.G09",
                }
            ]
        },
    )

    code: FieldCode
    sector_code: SectorCode
    name: Name
    description: str | None = F(default=None, max_length=2000)
    managing_agency_code: AgencyCode | None = None
    position: int = F(default=0, ge=0, le=10000)


class FieldUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "Hộ tịch"}]})

    sector_code: SectorCode | None = None
    name: Name | None = None
    description: str | None = F(default=None, max_length=2000)
    managing_agency_code: AgencyCode | None = None
    position: int | None = F(default=None, ge=0, le=10000)


class FieldRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    sector_code: str
    name: str
    description: str | None
    managing_agency_code: str | None
    position: int
    version: int
    procedure_count: int = F(default=0, description="Số thủ tục đang có hiệu lực trong lĩnh vực")


class FieldSummary(BaseModel):
    code: str
    name: str
    procedure_count: int


class SectorRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "code": "TU_PHAP",
                    "name": "Tư pháp",
                    "description": None,
                    "position": 10,
                    "version": 1,
                    "updated_at": "2026-11-22T08:00:00Z",
                    "procedure_count": 3,
                    "fields": [{"code": "G09-TP05", "name": "Hộ tịch", "procedure_count": 2}],
                }
            ]
        },
    )

    code: str
    name: str
    description: str | None
    position: int
    version: int
    updated_at: datetime
    procedure_count: int = 0
    fields: list[FieldSummary] = F(
        default_factory=list, description="Các lĩnh vực của ngành (bước 2 khi duyệt)"
    )


class SectorPage(BaseModel):
    items: list[SectorRead]
    next_cursor: str | None = None


class FieldPage(BaseModel):
    items: list[FieldRead]
    next_cursor: str | None = None
