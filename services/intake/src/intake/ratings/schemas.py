"""API shapes of ratings (R-FB-5)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.events import RATING_CRITERIA, SatisfactionLevel

_LEVELS = "very_satisfied (Rất hài lòng), satisfied (Hài lòng), unsatisfied (Chưa hài lòng)"


class RatingWrite(BaseModel):
    """Each criterion on the three levels of TT32 Điều 12."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "overall": "satisfied",
                    "ease_of_use": "very_satisfied",
                    "timeliness": "satisfied",
                    "officer_attitude": "very_satisfied",
                    "comment": "Cán bộ hướng dẫn tận tình.",
                }
            ]
        },
    )

    overall: SatisfactionLevel = Field(description=f"{RATING_CRITERIA['overall']}: {_LEVELS}")
    ease_of_use: SatisfactionLevel = Field(description=RATING_CRITERIA["ease_of_use"])
    timeliness: SatisfactionLevel = Field(description=RATING_CRITERIA["timeliness"])
    officer_attitude: SatisfactionLevel = Field(description=RATING_CRITERIA["officer_attitude"])
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = Field(
        default=None, description="Góp ý thêm (không công khai, không gửi vào số liệu thống kê)"
    )


class CriterionScore(BaseModel):
    level: SatisfactionLevel
    label: str


class RatingRead(BaseModel):
    id: uuid.UUID
    dossier_id: uuid.UUID
    dossier_code: str
    agency_code: str
    procedure_code: str
    overall: CriterionScore
    ease_of_use: CriterionScore
    timeliness: CriterionScore
    officer_attitude: CriterionScore
    comment: str | None
    revision: int = Field(description="1 cho lần đầu, tăng mỗi lần sửa")
    first_submitted_at: datetime
    updated_at: datetime
    editable_until: datetime = Field(description="Thời hạn được sửa đánh giá")
    editable: bool


class RatingPage(BaseModel):
    items: list[RatingRead]
    next_cursor: str | None = None


class Criterion(BaseModel):
    code: str
    name: str


class Level(BaseModel):
    code: SatisfactionLevel
    label: str


class RatingForm(BaseModel):
    """What the rating form shows: the four criteria and the three levels (R-FB-5), and the edit window."""

    criteria: list[Criterion]
    levels: list[Level]
    edit_days: int
