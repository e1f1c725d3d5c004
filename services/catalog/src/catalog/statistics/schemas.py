"""API shapes of public statistics (R-STAT-6)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ChannelCounts(BaseModel):
    total: int
    online: int
    desk: int
    postal: int


class ResolvedCounts(BaseModel):
    total: int
    online: int = Field(description="Hồ sơ trực tuyến đã giải quyết")
    on_time: int
    late: int


class Statistics(BaseModel):
    """Số liệu từ ngày 1 tháng 1 (giờ Việt Nam) đến nay, hoặc cả năm đã qua."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scope": "procedure",
                    "code": "1.001193",
                    "name": "Đăng ký khai sinh",
                    "year": 2026,
                    "period_start": "2026-01-01",
                    "period_end": "2026-11-22",
                    "submitted": {"total": 120, "online": 95, "desk": 20, "postal": 5},
                    "received": {"total": 118, "online": 94, "desk": 19, "postal": 5},
                    "resolved": {"total": 110, "online": 88, "on_time": 107, "late": 3},
                    "on_time_rate": 97.3,
                    "online_rate": 79.7,
                    "returned": 105,
                    "refused": 2,
                    "withdrawn": 1,
                    "stopped": 0,
                    "satisfaction": None,
                    "as_of": "2026-11-22T08:00:00Z",
                }
            ]
        }
    )

    scope: Literal["procedure", "agency"]
    code: str
    name: str | None
    year: int
    period_start: date
    period_end: date
    submitted: ChannelCounts = Field(description="Hồ sơ đã nộp (mức độ sử dụng)")
    received: ChannelCounts = Field(description="Hồ sơ đã tiếp nhận, trực tuyến và trực tiếp, bưu chính")
    resolved: ResolvedCounts
    on_time_rate: float | None = Field(description="Tỷ lệ giải quyết đúng hạn (%)")
    online_rate: float | None = Field(description="Tỷ lệ hồ sơ tiếp nhận trực tuyến (%)")
    returned: int
    refused: int
    withdrawn: int
    stopped: int
    satisfaction: None = Field(
        default=None, description="Mức độ hài lòng: chưa có sự kiện đánh giá để tổng hợp (luôn null)"
    )
    as_of: datetime


class StatisticsPage(BaseModel):
    items: list[Statistics]
    next_cursor: str | None = None
