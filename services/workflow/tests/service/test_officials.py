"""R-PROC-2: the unit head gives work to the officials of the unit who hold the step's role. Workflow
learns them from identity's account events, so a specialist created this morning can be given a
dossier before they ever open their inbox; a locked or deactivated official is no longer offered,
and an older event never undoes a newer one."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from contracts.events import (
    ACCOUNT_REGISTERED,
    ACCOUNT_UPDATED,
    AccountKind,
    AccountRegistered,
    AccountUpdated,
)
from servicekit.app import runtime_of
from servicekit.db import utcnow
from servicekit.testing import eventually
from servicekit.testing.kafka import publish
from services.workflow.tests.service.support import CITY, Workflow, local
from services.workflow.tests.service.test_simple_path import DEFINITION, HO_KINH_DOANH, activate
from workflow.directory.models import Officer


def official(subject: str, name: str, roles: tuple[str, ...], **fields: object) -> dict[str, object]:
    return {
        "subject": subject,
        "kind": AccountKind.OFFICIAL,
        "full_name": name,
        "agencies": (CITY,),
        "unit": "Phòng Tài chính - Kế hoạch",
        "roles": roles,
        **fields,
    }


async def described(wf: Workflow, subject: str, at: object) -> Officer:
    async def probe() -> Officer | None:
        async with runtime_of(wf.app).db.transaction() as session:
            row = await session.get(Officer, subject)
        return row if row is not None and row.described_at == at else None

    found: Officer = await eventually(probe, message=f"identity's account event about {subject} applied")
    return found


async def assignable(wf: Workflow, head_headers: dict[str, str]) -> list[str]:
    answer = await wf.client.get(
        "/v1/tasks/assignees", params={"agency": CITY, "role": "specialist"}, headers=head_headers
    )
    assert answer.status_code == 200, answer.text
    return [officer["subject"] for officer in answer.json()["items"]]


async def test_r_proc_2_an_official_created_in_identity_can_be_assigned_before_signing_in(
    wf: Workflow,
) -> None:
    await activate(wf, DEFINITION)
    head = await wf.officer("unit_head", CITY, "Trần Thị Trưởng Phòng")
    subject = f"specialist-{uuid.uuid4().hex[:8]}"
    created_at = utcnow()
    registered = AccountRegistered(
        **official(subject, "Lê Thị Mới Vào", ("specialist",)), occurred_at=created_at, federated=False
    )
    await publish(wf.kafka, ACCOUNT_REGISTERED, registered, key=subject)
    await described(wf, subject, created_at)
    assert subject in await assignable(wf, head.headers)

    process = await wf.receive(
        agency=CITY,
        procedure_code=HO_KINH_DOANH,
        received_at=local(2026, 3, 2, 10),
        appointment_date=date(2026, 3, 5),
    )
    appraisal = process["open_tasks"][0]
    given = await wf.act(appraisal["id"], "assignment", {"assignee_subject": subject}, head)
    assert given.status_code == 200, given.text
    assert given.json()["assignee_name"] == "Lê Thị Mới Vào"

    # Deactivated: no longer offered, and no new work can be given to them.
    deactivated_at = created_at + timedelta(minutes=5)
    await publish(
        wf.kafka,
        ACCOUNT_UPDATED,
        AccountUpdated(
            **official(subject, "Lê Thị Mới Vào", ("specialist",)),
            occurred_at=deactivated_at,
            active=False,
            changed_fields=("status",),
        ),
        key=subject,
    )
    await described(wf, subject, deactivated_at)
    assert subject not in await assignable(wf, head.headers)
    other = await wf.receive(
        agency=CITY,
        procedure_code=HO_KINH_DOANH,
        received_at=local(2026, 3, 2, 11),
        appointment_date=date(2026, 3, 5),
    )
    refused = await wf.act(other["open_tasks"][0]["id"], "assignment", {"assignee_subject": subject}, head)
    assert refused.status_code == 422 and refused.json()["code"] == "assignee_not_eligible", refused.text

    # A late copy of an older event (still active) changes nothing; citizens never enter the directory.
    stale = AccountUpdated(
        **official(subject, "Lê Thị Mới Vào", ("specialist",)),
        occurred_at=created_at + timedelta(minutes=1),
        active=True,
    )
    citizen = f"citizen-{uuid.uuid4().hex[:8]}"
    sent = [
        await publish(wf.kafka, ACCOUNT_UPDATED, stale, key=subject),
        await publish(
            wf.kafka,
            ACCOUNT_REGISTERED,
            AccountRegistered(
                subject=citizen,
                kind=AccountKind.CITIZEN,
                full_name="Nguyễn Văn An",
                occurred_at=utcnow(),
                federated=True,
            ),
            key=citizen,
        ),
    ]

    async def handled() -> bool:
        ids = [uuid.UUID(event.id) for event in sent]
        rows = await wf.sql("select count(*) from inbox where event_id = any(:ids)", ids=ids)
        return int(rows[0][0]) == len(ids)

    await eventually(handled, message="the stale and the citizen's events handled")
    async with runtime_of(wf.app).db.transaction() as session:
        row = await session.get(Officer, subject)
        assert row is not None and row.active is False and row.described_at == deactivated_at
        assert await session.get(Officer, citizen) is None
    assert subject not in await assignable(wf, head.headers)
