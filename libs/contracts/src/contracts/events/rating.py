"""The applicant's satisfaction rating of a dossier's handling (R-FB-5), on the dossier topic.

Intake owns ratings; the catalogue's statistics count them (R-STAT-6). One rating per dossier: the
applicant may change it for a limited time, and each change is a new ``rating.submitted`` with a
higher ``revision`` that replaces the earlier one wherever figures are kept. The applicant's
comment, if any, stays with intake: figures need only the levels.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import NonEmptyStr
from contracts.events.dossier import DossierEvent

__all__ = ["RATING_CRITERIA", "RATING_SUBMITTED", "RatingSubmitted", "SatisfactionLevel"]

RATING_SUBMITTED = "vn.motcua.rating.submitted.v1"


class SatisfactionLevel(StrEnum):
    """How satisfied the applicant is with one criterion (R-FB-5)."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    UNSATISFIED = "unsatisfied"

    @property
    def label(self) -> str:
        """The Vietnamese wording of TT32 Điều 12: Rất hài lòng / Hài lòng / Chưa hài lòng."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS: Mapping[SatisfactionLevel, str] = MappingProxyType(
    {
        SatisfactionLevel.VERY_SATISFIED: "Rất hài lòng",
        SatisfactionLevel.SATISFIED: "Hài lòng",
        SatisfactionLevel.UNSATISFIED: "Chưa hài lòng",
    }
)

#: The four criteria of R-FB-5, as payload field names, with their Vietnamese names.
RATING_CRITERIA: Mapping[str, str] = MappingProxyType(
    {
        "overall": "Mức độ hài lòng chung",
        "ease_of_use": "Mức độ dễ dàng sử dụng",
        "timeliness": "Tính kịp thời của cơ quan",
        "officer_attitude": "Thái độ của cán bộ",
    }
)


class RatingSubmitted(DossierEvent):
    """The applicant rated the handling of their dossier, or changed their rating (R-FB-5)."""

    dossier_code: NonEmptyStr
    rating_id: UUID = Field(description="The dossier's rating; the same id across its revisions.")
    revision: int = Field(
        ge=1, description="1 for the first rating, one more for each change; the highest one counts."
    )
    overall: SatisfactionLevel
    ease_of_use: SatisfactionLevel
    timeliness: SatisfactionLevel = Field(description="Timeliness of the agency.")
    officer_attitude: SatisfactionLevel
    first_submitted_at: AwareDatetime = Field(
        description="When the dossier was first rated; revisions keep it, statistics count it then."
    )
