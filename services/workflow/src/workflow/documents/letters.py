"""From an instance to the letters of ``workflow.letters``: the agency and dossier as printed, the
hand-overs of the control sheet drawn from the history, and rendering off the event loop."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import ApplicantKind
from servicekit.auth import Principal
from workflow.directory import service as directory
from workflow.history.models import HistoryEntry
from workflow.letters import (
    Agency,
    ApologyLetter,
    Applicant,
    ControlSheet,
    DossierRef,
    HandOver,
    HandOverVerdict,
    Officer,
    Party,
    RefusalAfterAppraisal,
    StopNotice,
    render_apology,
    render_control_sheet,
    render_refusal_after_appraisal,
    render_stop_notice,
)
from workflow.processes.models import ProcessInstance
from workflow.roles import AGENCY_LEADER, UNIT_HEAD

PROVINCE_PREFIXES = ("Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố ")
#: Central agencies sit in the capital; their letters are dated there.
CAPITAL = "Hà Nội"
ROLE_NAMES = {UNIT_HEAD: "Trưởng phòng", "specialist": "Chuyên viên", AGENCY_LEADER: "Lãnh đạo cơ quan"}


async def _agency(session: AsyncSession, code: str) -> Agency:
    """The agency as its letters print it: name, the body above it, and the place of the date line."""
    found = await directory.agencies(session, [code])
    chain = await directory.ancestors(session, code)
    parents = await directory.agencies(session, chain)
    name = found[code].name if code in found else code
    governing = parents[chain[0]].name if chain and chain[0] in parents else None
    top = parents[chain[-1]].name if chain and chain[-1] in parents else name
    place = next((top.removeprefix(p) for p in PROVINCE_PREFIXES if top.startswith(p)), CAPITAL)
    return Agency(name=name, place=place, code=code, governing_body=governing)


async def agency_names(session: AsyncSession, codes: set[str]) -> dict[str, str]:
    found = await directory.agencies(session, sorted(codes))
    return {code: found[code].name if code in found else code for code in codes}


def dossier_ref(instance: ProcessInstance) -> DossierRef:
    assert instance.dossier_code is not None and instance.received_at is not None
    kind = ApplicantKind(instance.applicant_kind) if instance.applicant_kind else ApplicantKind.CITIZEN
    return DossierRef(
        dossier_code=instance.dossier_code,
        applicant=Applicant(name=instance.applicant_name or "Người nộp hồ sơ", kind=kind),
        procedure_name=instance.procedure_name or f"Thủ tục hành chính {instance.procedure_code}",
        received_at=instance.received_at,
    )


def signer(principal: Principal) -> Officer:
    return signer_named(principal.name or principal.subject, principal.roles)


def signer_named(name: str, roles: frozenset[str] | list[str]) -> Officer:
    role = next((r for r in (AGENCY_LEADER, UNIT_HEAD) if r in roles), None)
    return Officer(name=name, position=ROLE_NAMES.get(role) if role else None)


async def apology(
    session: AsyncSession,
    instance: ProcessInstance,
    *,
    previous: date,
    new: date,
    reason: str,
    at: datetime,
    by: Principal,
) -> bytes:
    letter = ApologyLetter(
        agency=await _agency(session, instance.agency_code),
        dossier=dossier_ref(instance),
        previous_appointment_date=previous,
        new_appointment_date=new,
        reason=reason,
        issued_at=at,
        signer=signer(by),
    )
    return await asyncio.to_thread(render_apology, letter)


async def stop_notice(
    session: AsyncSession, instance: ProcessInstance, *, reason: str, at: datetime, by: Principal, paid: bool
) -> bytes:
    notice = StopNotice(
        agency=await _agency(session, instance.agency_code),
        dossier=dossier_ref(instance),
        reason=reason,
        stopped_at=at,
        signer=signer(by),
        fees_refunded=paid,
    )
    return await asyncio.to_thread(render_stop_notice, notice)


async def refusal(
    session: AsyncSession,
    instance: ProcessInstance,
    *,
    reasons: list[str],
    at: datetime,
    by: Officer,
    agency: str,
) -> bytes:
    letter = RefusalAfterAppraisal(
        agency=await _agency(session, agency),
        dossier=dossier_ref(instance),
        reasons=tuple(reasons),
        refused_at=at,
        signer=by,
    )
    return await asyncio.to_thread(render_refusal_after_appraisal, letter)


async def control_sheet(
    session: AsyncSession,
    instance: ProcessInstance,
    entries: list[HistoryEntry],
    *,
    deciding_agency: str,
    participants: list[str],
    at: datetime,
) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: every hand-over of the history, in the order they
    happened, each judged by the giving step's due date (early, on time, late)."""
    moves = [e for e in entries if "receiver_unit" in (e.data or {})]
    units = {deciding_agency, *participants}
    for entry in moves:
        units |= {entry.data["giver_unit"], entry.data["receiver_unit"]}
    names = await agency_names(session, units)
    rows = sorted(
        (
            HandOver(
                giver=Party(unit=names[e.data["giver_unit"]], officer=e.giver),
                receiver=Party(unit=names[e.data["receiver_unit"]], officer=_receiver_officer(e)),
                handed_over_at=e.at,
                verdict=HandOverVerdict(e.data["giver_verdict"]) if "giver_verdict" in e.data else None,
                due_date=date.fromisoformat(e.data["giver_due_date"]) if "giver_due_date" in e.data else None,
                note=e.step_title,
            )
            for e in moves
        ),
        key=lambda row: row.handed_over_at,
    )
    as_of = max([at, *(row.handed_over_at for row in rows)])
    assert instance.due_date is not None or instance.appointment_date is not None
    sheet = ControlSheet(
        agency=await _agency(session, instance.agency_code),
        dossier=dossier_ref(instance),
        appointment_date=instance.due_date or instance.appointment_date,  # type: ignore[arg-type]
        lead_unit=names[deciding_agency],
        coordinating_units=tuple(names[p] for p in participants if p != deciding_agency),
        hand_overs=tuple(rows),
        as_of=as_of,
    )
    return await asyncio.to_thread(render_control_sheet, sheet)


def _receiver_officer(entry: HistoryEntry) -> str | None:
    """The receiving officer when one was named (an assignment, an answer); a unit's queue has none."""
    if entry.action in ("assigned", "consultation_answered"):
        return entry.receiver
    officer = entry.data.get("receiver_officer")
    return str(officer) if officer else None
