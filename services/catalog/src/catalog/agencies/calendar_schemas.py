"""API shapes of the working calendar: effective days off, due dates and declared overrides."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class OverrideKind(StrEnum):
    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


class DayOffReason(StrEnum):
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    DECLARED = "declared"


class OverrideWrite(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"kind": "working_day", "note": "Làm bù cho ngày nghỉ 02/01/2026"}],
        },
    )

    kind: OverrideKind = Field(
        description="day_off: nghỉ thêm; working_day: ngày cuối tuần đi làm (hoán đổi)"
    )
    note: str | None = Field(default=None, max_length=300, description="Căn cứ, ví dụ số thông báo")


class OverrideRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    scope: str = Field(description="national hoặc mã cơ quan")
    day: date
    kind: OverrideKind
    note: str | None
    declared_by: str
    declared_at: datetime


class OverridePage(BaseModel):
    items: list[OverrideRead]
    next_cursor: str | None = None


class DayOff(BaseModel):
    day: date
    reason: DayOffReason
    name: str | None = Field(default=None, description="Tên ngày lễ hoặc ghi chú của ngày nghỉ được công bố")
    scope: str | None = Field(default=None, description="Nơi công bố ngày nghỉ (national hoặc mã cơ quan)")


class WorkingWeekendDay(BaseModel):
    day: date
    note: str | None
    scope: str


class CalendarRead(BaseModel):
    """Ngày làm việc của một cơ quan trong một khoảng ngày (R-FMT-7)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scope": "000.00.11.H49",
                    "start": "2026-02-09",
                    "end": "2026-02-22",
                    "working_day_count": 5,
                    "days_off": [
                        {"day": "2026-02-14", "reason": "weekend", "name": None, "scope": None},
                        {"day": "2026-02-16", "reason": "holiday", "name": "Giao thừa Tết Nguyên Đán"},
                    ],
                    "working_weekend_days": [],
                }
            ]
        }
    )

    scope: str
    start: date
    end: date
    working_day_count: int
    days_off: list[DayOff]
    working_weekend_days: list[WorkingWeekendDay]


class DueDateRead(BaseModel):
    """Ngày hẹn trả kết quả: N ngày làm việc sau ngày tiếp nhận, không tính ngày tiếp nhận (R-FMT-8)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scope": "000.00.11.H49",
                    "received_on": "2026-02-13",
                    "working_days": 5,
                    "due_date": "2026-02-27",
                }
            ]
        }
    )

    scope: str
    received_on: date
    working_days: int
    due_date: date
