"""API shapes of statistics (R-STAT-6): public figures, and the agency dashboard's per-officer detail."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Scope(StrEnum):
    PORTAL = "portal"
    PROCEDURE = "procedure"
    AGENCY = "agency"
    FIELD = "field"
    SECTOR = "sector"


class ChannelCounts(BaseModel):
    total: int
    online: int = Field(description="Trực tuyến")
    desk: int = Field(description="Trực tiếp tại Bộ phận Một cửa")
    postal: int = Field(description="Qua dịch vụ bưu chính")


class ResolvedCounts(BaseModel):
    total: int
    online: int = Field(description="Hồ sơ trực tuyến đã giải quyết")
    on_time: int = Field(description="Đúng hoặc trước hạn")
    late: int = Field(description="Quá hạn")


class PendingCounts(BaseModel):
    """Dossiers received and not yet resolved, refused, withdrawn or stopped, at ``at``."""

    total: int
    within_deadline: int = Field(description="Còn trong hạn")
    overdue: int = Field(description="Đã quá ngày hẹn trả (ngày hẹn sau gia hạn, nếu có)")
    at: datetime = Field(description="Thời điểm chốt: cuối kỳ, hoặc hiện tại nếu kỳ kết thúc hôm nay")


class LevelCounts(BaseModel):
    very_satisfied: int = Field(description="Rất hài lòng")
    satisfied: int = Field(description="Hài lòng")
    unsatisfied: int = Field(description="Chưa hài lòng")


class Satisfaction(BaseModel):
    """R-FB-5: ratings first given in the period; a changed rating counts with its latest levels."""

    ratings: int = Field(description="Số hồ sơ được đánh giá")
    satisfied_rate: float | None = Field(
        description="Tỷ lệ hài lòng chung (%): rất hài lòng và hài lòng trên tổng số đánh giá"
    )
    overall: LevelCounts = Field(description="Mức độ hài lòng chung")
    ease_of_use: LevelCounts = Field(description="Mức độ dễ dàng sử dụng")
    timeliness: LevelCounts = Field(description="Tính kịp thời của cơ quan")
    officer_attitude: LevelCounts = Field(description="Thái độ của cán bộ")


class Statistics(BaseModel):
    """Số liệu của một kỳ (mặc định từ ngày 1 tháng 1 đến hôm nay, giờ Việt Nam)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scope": "procedure",
                    "code": "1.001193",
                    "name": "Đăng ký khai sinh",
                    "period_start": "2026-01-01",
                    "period_end": "2026-11-22",
                    "year_to_date": True,
                    "submitted": {"total": 120, "online": 95, "desk": 20, "postal": 5},
                    "received": {"total": 118, "online": 94, "desk": 19, "postal": 5},
                    "carried_over": 4,
                    "resolved": {"total": 110, "online": 88, "on_time": 107, "late": 3},
                    "on_time_rate": 97.3,
                    "online_rate": 79.7,
                    "pending": {
                        "total": 9,
                        "within_deadline": 8,
                        "overdue": 1,
                        "at": "2026-11-22T08:00:00Z",
                    },
                    "returned": 105,
                    "refused": 2,
                    "refused_at_desk": 1,
                    "withdrawn": 1,
                    "stopped": 0,
                    "satisfaction": {
                        "ratings": 64,
                        "satisfied_rate": 93.8,
                        "overall": {"very_satisfied": 40, "satisfied": 20, "unsatisfied": 4},
                        "ease_of_use": {"very_satisfied": 35, "satisfied": 25, "unsatisfied": 4},
                        "timeliness": {"very_satisfied": 44, "satisfied": 18, "unsatisfied": 2},
                        "officer_attitude": {"very_satisfied": 50, "satisfied": 13, "unsatisfied": 1},
                    },
                    "as_of": "2026-11-22T08:00:00Z",
                }
            ]
        }
    )

    scope: Scope
    code: str | None = Field(description="Mã thủ tục, cơ quan, lĩnh vực hoặc ngành; null cho toàn hệ thống")
    name: str | None
    period_start: date
    period_end: date
    year_to_date: bool = Field(description="Kỳ từ ngày 1/1 đến hôm nay")
    submitted: ChannelCounts = Field(description="Hồ sơ đã nộp trong kỳ (tần suất sử dụng)")
    received: ChannelCounts = Field(description="Hồ sơ đã tiếp nhận trong kỳ, theo hình thức")
    carried_over: int = Field(description="Hồ sơ kỳ trước chuyển sang (đang giải quyết đầu kỳ)")
    resolved: ResolvedCounts = Field(description="Hồ sơ đã giải quyết trong kỳ")
    on_time_rate: float | None = Field(description="Tỷ lệ giải quyết đúng hạn (%)")
    online_rate: float | None = Field(description="Tỷ lệ hồ sơ tiếp nhận trực tuyến (%)")
    pending: PendingCounts = Field(description="Hồ sơ đang giải quyết, trong hạn và quá hạn")
    returned: int = Field(description="Đã trả kết quả trong kỳ")
    refused: int = Field(description="Từ chối (tại Bộ phận Một cửa hoặc sau thẩm định) trong kỳ")
    refused_at_desk: int = Field(description="Trong đó: từ chối tiếp nhận tại Bộ phận Một cửa")
    withdrawn: int = Field(description="Công dân rút hồ sơ trong kỳ")
    stopped: int = Field(description="Dừng xử lý trong kỳ")
    satisfaction: Satisfaction
    as_of: datetime


class StatisticsPage(BaseModel):
    items: list[Statistics]
    next_cursor: str | None = None


class OfficerResolved(BaseModel):
    total: int
    on_time: int
    late: int


class OfficerStatistics(BaseModel):
    """What one officer of the agency did in the period (R-FB-4 accountability; not public)."""

    officer_subject: str = Field(description="Tài khoản cán bộ (subject)")
    received: int = Field(description="Hồ sơ đã tiếp nhận")
    resolved: OfficerResolved = Field(description="Hồ sơ đã phê duyệt kết quả, đúng hạn và quá hạn")
    refused: int = Field(description="Hồ sơ đã từ chối")


class OfficerStatisticsPage(BaseModel):
    agency_code: str
    period_start: date
    period_end: date
    items: list[OfficerStatistics]
    next_cursor: str | None = None
