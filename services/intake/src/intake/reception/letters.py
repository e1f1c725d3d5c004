"""The desk's legal letters for a dossier (R-INT-2, R-INT-3): their fields are taken from the dossier,
its procedure version, the agency and the officer, never typed over a template; each PDF is stored
as a document of the dossier, downloadable by its applicant and the agency's officers."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import ApplicantKind, Channel
from intake.attachments import repository as attachments
from intake.attachments.models import Document
from intake.catalog.models import ProcedureVersion
from intake.context import Intake
from intake.dossiers.models import Dossier
from intake.letters import (
    ReceiptLetter,
    ReceivedComponent,
    RefusalLetter,
    SupplementItem,
    SupplementRequestLetter,
    render_receipt,
    render_refusal,
    render_supplement_request,
)
from intake.reception.models import LetterJob
from intake.reception.rules import place_of
from servicekit.auth import Principal
from servicekit.db import Database, utcnow, uuid7
from servicekit.documents import Agency, Applicant, Officer
from servicekit.listen import NotifiedLoop

log = structlog.get_logger("intake.letters")
MAX_ATTEMPTS = 5

TITLES = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "supplement_request": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
}
FILENAMES = {
    "receipt": "giay-tiep-nhan",
    "supplement_request": "phieu-yeu-cau-bo-sung",
    "refusal": "phieu-tu-choi",
}


async def agency_of(intake: Intake, dossier: Dossier) -> Agency:
    agency = await intake.catalog.agency(dossier.agency_code)
    parent = await intake.catalog.agency(agency.parent_code) if agency.parent_code else None
    return Agency(
        name=agency.name or dossier.agency_name,
        place=place_of(agency.address, "Việt Nam"),
        code=agency.code,
        governing_body=parent.name if parent else None,
        phone=agency.phone,
    )


def applicant_of(dossier: Dossier) -> Applicant:
    details = dossier.applicant_details or {}
    return Applicant(
        name=dossier.applicant_name,
        kind=ApplicantKind(dossier.applicant_kind),
        address=details.get("address"),
        phone=details.get("phone"),
        email=details.get("email"),
    )


async def received_components(
    session: AsyncSession, procedure: ProcedureVersion, dossier: Dossier
) -> list[ReceivedComponent]:
    """What was received, component by component: paper originals and copies at the desk, files and
    e-form data online."""
    files = await attachments.current(session, dossier_id=dossier.id)
    counts: dict[str, int] = {}
    for attachment, _ in files:
        counts[attachment.component_code] = counts.get(attachment.component_code, 0) + 1
    paper = dossier.channel in (Channel.DESK.value, Channel.POSTAL.value)
    out = []
    for component in procedure.components:
        supplied = (
            bool(component.form_code and (dossier.forms or {}).get(component.form_code))
            if component.is_form
            else component.code in counts
        )
        if not supplied:
            continue
        electronic = counts.get(component.code, 0) + (1 if component.is_form else 0)
        out.append(
            ReceivedComponent(
                component.name,
                originals=component.originals if paper else 0,
                copies=component.copies if paper else 0,
                electronic_files=electronic,
            )
        )
    return out


CHANNEL = "intake_letters"


def officer_payload(principal: Principal | None) -> dict[str, str] | None:
    if principal is None:
        return None
    return {"subject": principal.subject, "name": principal.name or principal.subject}


async def schedule(
    session: AsyncSession, *, dossier: Dossier, kind: str, payload: dict[str, Any]
) -> LetterJob:
    """A letter to issue for this decision, rendered by the letter worker once the decision commits."""
    job = LetterJob(
        dossier_id=dossier.id, kind=kind, document_id=uuid7(), payload=payload, created_at=utcnow()
    )
    session.add(job)
    await session.flush()
    await session.execute(select(func.pg_notify(CHANNEL, "")))
    return job


def _officer(data: dict[str, str] | None) -> Officer | None:
    if not data:
        return None
    return Officer(name=data["name"], position="Công chức Bộ phận Tiếp nhận và Trả kết quả")


async def build(
    session: AsyncSession, intake: Intake, dossier: Dossier, job: LetterJob
) -> tuple[Any, Callable[[Any], bytes]]:
    """The letter of a job, every field from the dossier, its procedure version and the decision."""
    payload = job.payload
    agency = await agency_of(intake, dossier)
    applicant = applicant_of(dossier)
    if job.kind == "receipt":
        assert dossier.code is not None and dossier.appointment_date is not None
        procedure = await intake.catalog.version(dossier.procedure_code, dossier.procedure_version)
        result_channel = Channel(dossier.result_channel or Channel.DESK.value)
        letter: Any = ReceiptLetter(
            dossier_code=dossier.code,
            agency=agency,
            applicant=applicant,
            procedure_name=dossier.procedure_name,
            components=tuple(await received_components(session, procedure, dossier)),
            processing_days=procedure.processing_days,
            received_at=datetime.fromisoformat(payload["received_at"]),
            appointment_date=dossier.appointment_date,
            reception_channel=Channel(dossier.channel),
            result_channel=result_channel,
            received_by=_officer(payload.get("officer")),
            result_postal_address=applicant.address if result_channel is Channel.POSTAL else None,
        )
        return letter, render_receipt
    officer = _officer(payload.get("officer"))
    assert officer is not None
    if job.kind == "supplement_request":
        letter = SupplementRequestLetter(
            agency=agency,
            applicant=applicant,
            procedure_name=dossier.procedure_name,
            items=tuple(
                SupplementItem(
                    name=i["name"],
                    reason=i["reason"],
                    guidance=i["guidance"],
                    component_code=i.get("component_code"),
                )
                for i in payload["items"]
            ),
            requested_at=datetime.fromisoformat(payload["requested_at"]),
            requested_by=officer,
            at_desk=True,
            dossier_code=dossier.code,
        )
        return letter, render_supplement_request
    letter = RefusalLetter(
        agency=agency,
        applicant=applicant,
        procedure_name=dossier.procedure_name,
        reasons=tuple(payload["reasons"]),
        refused_at=datetime.fromisoformat(payload["refused_at"]),
        refused_by=officer,
        dossier_code=dossier.code,
    )
    return letter, render_refusal


async def issue(session: AsyncSession, intake: Intake, job: LetterJob) -> Document:
    """Render the job's letter and store it under the document id the decision announced."""
    dossier = await session.get(Dossier, job.dossier_id)
    assert dossier is not None
    letter, render = await build(session, intake, dossier, job)
    content = await asyncio.to_thread(render, letter)
    key = f"letters/{dossier.id}/{job.kind}-{job.document_id}.pdf"
    await intake.storage.put(key, content, content_type="application/pdf")
    document = Document(
        id=job.document_id,
        owner_subject=dossier.applicant_subject,
        category="letter",
        kind=job.kind,
        title=TITLES[job.kind],
        filename=f"{FILENAMES[job.kind]}-{dossier.code or dossier.id}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_key=key,
        reusable=False,
        dossier_id=dossier.id,
        created_by=(job.payload.get("officer") or {}).get("subject", "system"),
        created_at=utcnow(),
    )
    session.add(document)
    job.done_at = utcnow()
    await session.flush()
    return document


class LetterWorker(NotifiedLoop):
    """Issues pending letters, oldest first; many replicas share the work (SKIP LOCKED)."""

    name = "letter_worker"

    def __init__(self, intake: Intake, db: Database, *, poll_seconds: float = 5.0, batch: int = 10) -> None:
        super().__init__(db, CHANNEL)
        self.intake = intake
        self.poll_seconds = poll_seconds
        self.batch = batch

    async def step(self) -> float:
        done = 0
        for _ in range(self.batch):
            if self.stopping or not await self.issue_one():
                break
            done += 1
        return 0 if done >= self.batch else self.poll_seconds

    async def issue_one(self) -> bool:
        """Issue the oldest pending letter; False when none is waiting."""
        async with self.db.transaction() as session:
            job = (
                await session.scalars(
                    select(LetterJob)
                    .where(LetterJob.done_at.is_(None), LetterJob.attempts < MAX_ATTEMPTS)
                    .order_by(LetterJob.created_at)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
            ).first()
            if job is None:
                return False
            job_id = job.id
            try:
                async with session.begin_nested():
                    await issue(session, self.intake, job)
            except Exception as exc:  # a letter that cannot be made must not stop the others
                log.error("letter_failed", job_id=str(job_id), kind=job.kind, error=str(exc))
                job.attempts += 1
                job.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        return True
