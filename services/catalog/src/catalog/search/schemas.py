"""API shapes of the procedure listing (search and browse)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from catalog.agencies.rules import AdministrativeLevel
from catalog.procedures.content import OnlineMode


class ProcedureSummary(BaseModel):
    """Một dòng trong danh sách thủ tục: đủ để hiển thị và mở trang thủ tục."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "1.001193",
                    "version": 1,
                    "name": "Đăng ký khai sinh",
                    "agency_code": "000.01.31.H49",
                    "agency_name": "UBND phường Hồng Gai",
                    "field_code": "G09-TP05",
                    "field_name": "Hộ tịch",
                    "sector_code": "TU_PHAP",
                    "level": 4,
                    "online_mode": "full",
                    "administrative_levels": ["commune"],
                    "processing_days": 1,
                    "valid_from": "2026-01-01",
                    "url": "/v1/procedures/1.001193",
                    "score": "1.923411",
                }
            ]
        }
    )

    code: str
    version: int
    name: str
    agency_code: str
    agency_name: str | None
    field_code: str
    field_name: str | None
    sector_code: str
    level: int
    online_mode: OnlineMode
    administrative_levels: list[AdministrativeLevel]
    processing_days: int | None
    valid_from: date
    url: str = Field(description="Trang thủ tục (bước 3 khi duyệt)")
    score: str | None = Field(default=None, description="Độ phù hợp khi tìm kiếm (lớn hơn là phù hợp hơn)")


class ProcedurePage(BaseModel):
    items: list[ProcedureSummary]
    next_cursor: str | None = None
