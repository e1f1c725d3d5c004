"""Dossier rows as the API shows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus, lookup_status, national_status
from intake.dossiers.models import Dossier
from intake.dossiers.schemas import (
    AgencyRef,
    Applicant,
    DossierRead,
    FieldProblem,
    ProcedureRef,
    StatusView,
)


def status_view(dossier: Dossier) -> StatusView:
    status = DossierStatus(dossier.status)
    try:
        national = national_status(status, refused_at_desk=bool(dossier.refused_at_desk))
    except ValueError:  # a draft has no national code
        national = None
    public = lookup_status(status)
    return StatusView(
        value=status,
        label=status.label,
        national_code=int(national) if national is not None else None,
        national_label=national.label if national is not None else None,
        public=public.value if public is not None else None,
    )


def read(dossier: Dossier, form_errors: Sequence[dict[str, Any]] | None = None) -> DossierRead:
    return DossierRead(
        id=dossier.id,
        code=dossier.code,
        status=status_view(dossier),
        procedure=ProcedureRef(
            code=dossier.procedure_code, version=dossier.procedure_version, name=dossier.procedure_name
        ),
        agency=AgencyRef(code=dossier.agency_code, name=dossier.agency_name),
        applicant=Applicant(
            kind=ApplicantKind(dossier.applicant_kind),
            name=dossier.applicant_name,
            details=dossier.applicant_details or {},
        ),
        channel=Channel(dossier.channel),
        forms=dossier.forms or {},
        result_channel=Channel(dossier.result_channel) if dossier.result_channel else None,
        level=dossier.level,
        created_at=dossier.created_at,
        updated_at=dossier.updated_at,
        submitted_at=dossier.submitted_at,
        submission_method=dossier.submission_method,
        received_at=dossier.received_at,
        reception_date=dossier.reception_date,
        appointment_date=dossier.appointment_date,
        handling_unit=dossier.handling_unit,
        payment_due=dossier.payment_due,
        payment_state=dossier.payment_state,
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        withdrawn_at=dossier.withdrawn_at,
        version=dossier.version,
        form_errors=[FieldProblem(**e) for e in form_errors] if form_errors is not None else None,
    )
