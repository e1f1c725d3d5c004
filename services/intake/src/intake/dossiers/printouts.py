"""PDFs of what the applicant entered (R-CAT-4: the user can save or print it), and the declaration
an organisation signs (R-ID-3): the printout of the procedure's main form at the dossier's current
version. The same version always prints the same bytes."""

from __future__ import annotations

import asyncio

from contracts.lifecycle import DossierStatus
from intake.catalog.models import ProcedureVersion
from intake.context import Intake
from intake.dossiers.models import Dossier
from intake.dossiers.service import procedure_of
from intake.letters import EFormPrintout, render_eform_printout
from servicekit.errors import NotFound
from servicekit.i18n import Text


class FormNotFound(NotFound):
    code = "form_not_found"
    title = Text("Không có biểu mẫu này", "No such form")
    detail = Text(
        "Thủ tục của hồ sơ không có biểu mẫu {form_code}.", "The procedure has no form {form_code}."
    )


def main_form(procedure: ProcedureVersion) -> str:
    """The form that stands for the dossier: the first form component's, else the first form."""
    for component in procedure.form_components:
        if component.form_code and procedure.form(component.form_code):
            return component.form_code
    if not procedure.forms:
        raise FormNotFound(form_code="—")
    return procedure.forms[0].code


async def printout(intake: Intake, dossier: Dossier, form_code: str) -> bytes:
    procedure = await procedure_of(intake, dossier)
    form = procedure.form(form_code)
    if form is None:
        raise FormNotFound(form_code=form_code)
    schema = await intake.catalog.form_schema(procedure.code, procedure.version, form.code)
    letter = EFormPrintout.from_schema(
        schema,
        (dossier.forms or {}).get(form.code) or {},
        form_title=form.title,
        procedure_name=dossier.procedure_name,
        applicant_name=dossier.applicant_name,
        status=DossierStatus(dossier.status),
        saved_at=dossier.updated_at,
        data_version=dossier.version,
        dossier_code=dossier.code,
    )
    return await asyncio.to_thread(render_eform_printout, letter)
