"""R-STAT-6 read model: what each dossier event records about its dossier."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from catalog.statistics.projector import HANDLED, MILESTONES, values_for
from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_SUBMITTED,
    RATING_SUBMITTED,
    DossierExtended,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierSubmitted,
    RatingSubmitted,
    SatisfactionLevel,
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
    assert resolved["resolved_at"] == AT and resolved["on_time"] is False and resolved["resolved_by"] == "o"
    refused = values_for(
        DOSSIER_REFUSED, DossierRefused(**COMMON, at_desk=True, reasons=("Sai thẩm quyền",), decided_by="o")
    )
    assert refused["refused_at"] == AT and refused["refused_at_desk"] is True


def test_every_lifecycle_event_has_one_milestone() -> None:
    assert len(set(MILESTONES.values())) == len(MILESTONES) == 8
    assert set(HANDLED) == set(MILESTONES) | {DOSSIER_EXTENDED, RATING_SUBMITTED}


def test_r_proc_8_an_extension_records_the_new_appointment_date_and_when() -> None:
    values = values_for(
        DOSSIER_EXTENDED,
        DossierExtended(
            **COMMON | {"dossier_code": "X"},
            previous_appointment_date=date(2026, 3, 5),
            new_appointment_date=date(2026, 3, 12),
            reason="Cần xác minh",
        ),
    )
    assert values["extended_at"] == AT and values["extended_appointment_date"] == date(2026, 3, 12)
    assert values["dossier_code"] == "X" and not any(
        k.endswith("_at") and k not in ("extended_at", "last_event_at") for k in values
    )


def test_r_fb_5_a_rating_records_its_revision_levels_and_first_time() -> None:
    first = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    values = values_for(
        RATING_SUBMITTED,
        RatingSubmitted(
            **COMMON | {"dossier_code": "X"},
            rating_id=uuid.uuid4(),
            revision=2,
            overall=SatisfactionLevel.SATISFIED,
            ease_of_use=SatisfactionLevel.VERY_SATISFIED,
            timeliness=SatisfactionLevel.UNSATISFIED,
            officer_attitude=SatisfactionLevel.SATISFIED,
            first_submitted_at=first,
        ),
    )
    assert (
        values["rating_revision"] == 2 and values["rated_at"] == first and values["rating_changed_at"] == AT
    )
    assert (values["rating_overall"], values["rating_timeliness"]) == ("satisfied", "unsatisfied")


def test_reception_records_who_received_and_the_promised_date() -> None:
    values = values_for(
        DOSSIER_RECEIVED,
        DossierReceived(
            **COMMON | {"dossier_code": "X"},
            procedure_version=1,
            channel=Channel.POSTAL,
            received_at=AT,
            appointment_date=date(2026, 3, 9),
            received_by="officer-7",
        ),
    )
    assert values["received_by"] == "officer-7" and values["appointment_date"] == date(2026, 3, 9)
    assert values["channel"] == "postal"
