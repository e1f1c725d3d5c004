"""Builders of the events of one dossier's life, as intake and workflow publish them, for the
statistics tests (R-STAT-6)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_WITHDRAWN,
    RATING_SUBMITTED,
    DossierExtended,
    DossierProcessingStarted,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierReturned,
    DossierStopped,
    DossierSubmitted,
    DossierWithdrawn,
    RatingSubmitted,
    SatisfactionLevel,
)
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from servicekit.testing.kafka import publish

Event = tuple[str, BaseModel]


class Dossier:
    """One dossier of ``procedure`` at ``agency``; each method is one event, ``at`` its time."""

    def __init__(
        self,
        procedure: str,
        agency: str,
        *,
        channel: Channel = Channel.ONLINE,
        version: int = 1,
        at: datetime | None = None,
    ) -> None:
        self.id = uuid.uuid4()
        self.procedure = procedure
        self.agency = agency
        self.channel = channel
        self.version = version
        self.at = at or datetime.now(UTC) - timedelta(minutes=30)
        self.code = f"{agency}-{self.at:%y%m%d}-{self.id.hex[:4]}"

    def _common(self, at: datetime | None, *, coded: bool = True) -> dict[str, Any]:
        return {
            "dossier_id": self.id,
            "dossier_code": self.code if coded else None,
            "agency_code": self.agency,
            "procedure_code": self.procedure,
            "applicant_subject": "citizen-1",
            "occurred_at": at or self.at,
        }

    def submitted(self, at: datetime | None = None) -> Event:
        c = self._common(at, coded=False)
        return DOSSIER_SUBMITTED, DossierSubmitted(
            **c,
            procedure_version=self.version,
            channel=self.channel,
            applicant_kind=ApplicantKind.CITIZEN,
            applicant_name="Nguyễn Văn An",
            submitted_at=c["occurred_at"],
        )

    def received(self, at: datetime, appointment: date, by: str = "desk-officer-1") -> Event:
        c = self._common(at)
        return DOSSIER_RECEIVED, DossierReceived(
            **c,
            procedure_version=self.version,
            channel=self.channel,
            received_at=at,
            appointment_date=appointment,
            received_by=by,
        )

    def processing(self, at: datetime) -> Event:
        return DOSSIER_PROCESSING_STARTED, DossierProcessingStarted(**self._common(at))

    def extended(self, at: datetime, previous: date, new: date) -> Event:
        return DOSSIER_EXTENDED, DossierExtended(
            **self._common(at),
            previous_appointment_date=previous,
            new_appointment_date=new,
            reason="Cần xác minh thêm với cơ quan liên quan",
        )

    def resolved(self, at: datetime, appointment: date, on_time: bool, by: str = "leader-1") -> Event:
        return DOSSIER_RESOLVED, DossierResolved(
            **self._common(at), decided_by=by, appointment_date=appointment, on_time=on_time
        )

    def returned(self, at: datetime) -> Event:
        return DOSSIER_RETURNED, DossierReturned(**self._common(at), return_channel=self.channel)

    def refused(self, at: datetime, *, at_desk: bool, by: str = "desk-officer-1") -> Event:
        return DOSSIER_REFUSED, DossierRefused(
            **self._common(at, coded=not at_desk),
            at_desk=at_desk,
            reasons=("Không đủ điều kiện",),
            decided_by=by,
        )

    def withdrawn(self, at: datetime, previous: DossierStatus = DossierStatus.PROCESSING) -> Event:
        return DOSSIER_WITHDRAWN, DossierWithdrawn(**self._common(at), previous_status=previous)

    def stopped(self, at: datetime) -> Event:
        return DOSSIER_STOPPED, DossierStopped(
            **self._common(at), reason="Người nộp đề nghị", decided_by="leader-1"
        )

    def rated(
        self,
        at: datetime,
        *,
        revision: int = 1,
        first: datetime | None = None,
        overall: SatisfactionLevel = SatisfactionLevel.VERY_SATISFIED,
        ease_of_use: SatisfactionLevel = SatisfactionLevel.VERY_SATISFIED,
        timeliness: SatisfactionLevel = SatisfactionLevel.SATISFIED,
        officer_attitude: SatisfactionLevel = SatisfactionLevel.VERY_SATISFIED,
    ) -> Event:
        return RATING_SUBMITTED, RatingSubmitted(
            **self._common(at),
            rating_id=uuid.uuid5(self.id, "rating"),
            revision=revision,
            overall=overall,
            ease_of_use=ease_of_use,
            timeliness=timeliness,
            officer_attitude=officer_attitude,
            first_submitted_at=first or at,
        )


async def send(
    kafka: str, event: Event, *, key: str = "statistics-tests", event_id: str | None = None
) -> str:
    """Publish one event; one key by default, so one partition and the consumer sees them in send order."""
    kind, payload = event
    sent = await publish(kafka, kind, payload, key=key, event_id=event_id)
    return sent.id
