"""A processing step for the national progress log (R-FMT-4: officer, title, time, department,
content, status, start and statutory end dates). Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contracts.lifecycle import NationalStatus

#: Who handled a step the system did by itself (reception by the system, start of processing).
SYSTEM_ACTOR = "Hệ thống một cửa điện tử"


@dataclass(frozen=True)
class ProgressStep:
    at: datetime
    content: str
    status: NationalStatus
    #: The officer's account subject, named when the step is sent (identity's account events).
    actor_subject: str | None = None
    #: A name known already: the applicant's, or the system's.
    actor_name: str | None = None
    start: datetime | None = None
    end: date | None = None
    #: The agency or unit that handled the step (PhongBanXuLy); None: the dossier's agency.
    agency_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "content": self.content,
            "status": int(self.status),
            "actor_subject": self.actor_subject,
            "actor_name": self.actor_name,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "agency_code": self.agency_code,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProgressStep:
        return cls(
            at=datetime.fromisoformat(data["at"]),
            content=data["content"],
            status=NationalStatus(data["status"]),
            actor_subject=data.get("actor_subject"),
            actor_name=data.get("actor_name"),
            start=datetime.fromisoformat(data["start"]) if data.get("start") else None,
            end=date.fromisoformat(data["end"]) if data.get("end") else None,
            agency_code=data.get("agency_code"),
        )
