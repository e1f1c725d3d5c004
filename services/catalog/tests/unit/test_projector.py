"""R-STAT-6 read model: what each dossier event records about its dossier."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from catalog.statistics.projector import MILESTONES, values_for
from contracts.events import (
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_SUBMITTED,
    DossierRefused,
    DossierResolved,
    DossierSubmitted,
)
from contracts.lifecycle import ApplicantKind, Channel

AT = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
COMMON = {
    "dossier_id": uuid.uuid4(),
    "agency_code": "000.01.31.H49",
    "procedure_code": "1.001193",
    "applicant_subject": "c-1",
    "occurred_at": AT,
}


def test_submission_records_the_channel_version_and_time() -> None:
    values = values_for(
        DOSSIER_SUBMITTED,
        DossierSubmitted(
            **COMMON,
            procedure_version=2,
            channel=Channel.ONLINE,
            applicant_kind=ApplicantKind.CITIZEN,
            applicant_name="An",
            submitted_at=AT,
        ),
    )
    assert values["channel"] == "online" and values["procedure_version"] == 2 and values["submitted_at"] == AT


def test_resolution_records_whether_it_was_on_time_and_refusal_where_it_happened() -> None:
    resolved = values_for(
        DOSSIER_RESOLVED,
        DossierResolved(
            **COMMON | {"dossier_code": "X"}, decided_by="o", appointment_date=date(2026, 3, 5), on_time=False
        ),
    )
    assert resolved["resolved_at"] == AT and resolved["on_time"] is False
    refused = values_for(
        DOSSIER_REFUSED, DossierRefused(**COMMON, at_desk=True, reasons=("Sai thẩm quyền",), decided_by="o")
    )
    assert refused["refused_at"] == AT and refused["refused_at_desk"] is True


def test_every_statistics_event_has_one_milestone() -> None:
    assert len(set(MILESTONES.values())) == len(MILESTONES) == 8
