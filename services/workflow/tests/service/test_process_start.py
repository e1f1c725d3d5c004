"""Instances and the events that move them: one instance per dossier however often events arrive,
started on ``dossier.received`` (waiting for fees first when they are due before processing, R-PAY-3),
closed by a withdrawal or a desk refusal; replayed or duplicated events start nothing twice."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select

from contracts.events import (
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_SUBMITTED,
    DOSSIER_TOPIC,
    DOSSIER_WITHDRAWN,
    PAYMENT_SUCCEEDED,
    PROCESS_STARTED,
    DossierReceived,
    DossierRefused,
    DossierSubmitted,
    DossierWithdrawn,
    PaymentDue,
    PaymentMethod,
    PaymentSucceeded,
)
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from servicekit.app import runtime_of
from servicekit.db import utcnow
from servicekit.testing import eventually
from servicekit.testing.kafka import collect, publish
from services.workflow.tests.service.support import CITY, MINISTRY, Workflow, local
from workflow.processes.models import ProcessInstance
from workflow.tasks.models import Task


def submitted(
    dossier_id: uuid.UUID, subject: str, *, agency: str = MINISTRY, procedure: str = "1.005129"
) -> DossierSubmitted:
    now = utcnow()
    return DossierSubmitted(
        dossier_id=dossier_id,
        agency_code=agency,
        procedure_code=procedure,
        applicant_subject=subject,
        occurred_at=now,
        procedure_version=1,
        channel=Channel.ONLINE,
        applicant_kind=ApplicantKind.CITIZEN,
        applicant_name="Lê Văn Cường",
        submitted_at=now,
    )


def received(
    dossier_id: uuid.UUID, *, payment_due: PaymentDue = PaymentDue.NONE, subject: str = "citizen-pay"
) -> DossierReceived:
    at = local(2026, 3, 2, 10)
    return DossierReceived(
        dossier_id=dossier_id,
        dossier_code=f"{CITY}-260302-{uuid.uuid4().int % 10000:04d}",
        agency_code=CITY,
        procedure_code="1.001612",
        applicant_subject=subject,
        occurred_at=at,
        procedure_version=1,
        channel=Channel.ONLINE,
        received_at=at,
        appointment_date=date(2026, 3, 5),
        payment_due=payment_due,
    )


def paid(dossier_id: uuid.UUID, at: Any) -> PaymentSucceeded:
    return PaymentSucceeded(
        payment_id=uuid.uuid4(),
        dossier_id=dossier_id,
        agency_code=CITY,
        applicant_subject="citizen-pay",
        occurred_at=at,
        amount=100_000,
        method=PaymentMethod.ONLINE_GATEWAY,
        transaction_ref="14012345",
        paid_at=at,
    )


async def count(wf: Workflow, model: Any, dossier_id: uuid.UUID) -> int:
    async with runtime_of(wf.app).db.transaction() as session:
        if model is ProcessInstance:
            query = (
                select(func.count())
                .select_from(ProcessInstance)
                .where(ProcessInstance.dossier_id == dossier_id)
            )
        else:
            query = (
                select(func.count())
                .select_from(Task)
                .join(ProcessInstance, ProcessInstance.id == Task.instance_id)
                .where(ProcessInstance.dossier_id == dossier_id)
            )
        return int(await session.scalar(query) or 0)


async def test_filing_opens_nothing_reception_opens_one_instance_and_one_event(wf: Workflow) -> None:
    dossier_id = uuid.uuid4()
    filed = submitted(dossier_id, "citizen-1", agency=CITY, procedure="1.001612")
    first = await publish(wf.kafka, DOSSIER_SUBMITTED, filed, key=str(dossier_id))
    await publish(wf.kafka, DOSSIER_SUBMITTED, filed, key=str(dossier_id), event_id=first.id)  # redelivery

    async def remembered() -> bool:
        return bool(await wf.sql("select 1 from dossier_brief where dossier_id = :id", id=dossier_id))

    await eventually(remembered, message="the filing remembered")
    assert await count(wf, ProcessInstance, dossier_id) == 0  # R-PROC-1: nothing before the desk receives it

    wf.clock.set(local(2026, 3, 2, 10))
    reception = received(dossier_id, subject="citizen-1")
    once = await publish(wf.kafka, DOSSIER_RECEIVED, reception, key=str(dossier_id))
    await publish(wf.kafka, DOSSIER_RECEIVED, reception, key=str(dossier_id), event_id=once.id)  # redelivery
    await publish(wf.kafka, DOSSIER_RECEIVED, reception, key=str(dossier_id))  # same dossier, new event id
    process = await wf.process_when(dossier_id, "processing")
    assert process["applicant_name"] == "Lê Văn Cường"

    events = await collect(
        wf.kafka,
        DOSSIER_TOPIC,
        until=lambda evs: any(e.type == PROCESS_STARTED and e.key == str(dossier_id) for e in evs),
    )
    started = [e for e in events if e.type == PROCESS_STARTED and e.key == str(dossier_id)]
    assert len(started) == 1
    assert started[0].data["applicant_subject"] == "citizen-1"
    assert await count(wf, ProcessInstance, dossier_id) == 1

    officer = wf.tokens.headers(kind="official", roles=["reception_officer"], agencies=[CITY])
    response = await wf.client.get(f"/v1/processes/by-dossier/{dossier_id}", headers=officer)
    assert response.status_code == 200 and response.json()["id"] == process["id"]
    citizen = await wf.client.get(
        f"/v1/processes/by-dossier/{dossier_id}", headers=wf.tokens.headers("citizen-1")
    )
    assert citizen.status_code == 403
    other = wf.tokens.headers(kind="official", roles=["specialist"], agencies=[MINISTRY])
    assert (await wf.client.get(f"/v1/processes/by-dossier/{dossier_id}", headers=other)).status_code == 404


async def test_received_twice_starts_processing_once(wf: Workflow) -> None:
    dossier_id = uuid.uuid4()
    wf.clock.set(local(2026, 3, 2, 10))
    payload = received(dossier_id)
    first = await publish(wf.kafka, DOSSIER_RECEIVED, payload, key=str(dossier_id))
    await publish(wf.kafka, DOSSIER_RECEIVED, payload, key=str(dossier_id), event_id=first.id)
    await publish(wf.kafka, DOSSIER_RECEIVED, payload, key=str(dossier_id))
    await wf.process_when(dossier_id, "processing")
    events = await wf.events(dossier_id, DOSSIER_PROCESSING_STARTED)
    # A third event behind the two duplicates: once it is handled, nothing more can come from them.
    await publish(wf.kafka, DOSSIER_WITHDRAWN, withdrawn(dossier_id), key=str(dossier_id))
    await wf.process_when(dossier_id, "withdrawn")
    events = await wf.events(dossier_id, DOSSIER_PROCESSING_STARTED)
    assert len([e for e in events if e.type == DOSSIER_PROCESSING_STARTED]) == 1
    assert await count(wf, Task, dossier_id) == 1


def withdrawn(dossier_id: uuid.UUID) -> DossierWithdrawn:
    return DossierWithdrawn(
        dossier_id=dossier_id,
        agency_code=CITY,
        procedure_code="1.001612",
        applicant_subject="citizen-pay",
        occurred_at=local(2026, 3, 3, 9),
        previous_status=DossierStatus.PROCESSING,
        reason="Nộp nhầm thủ tục",
    )


async def test_r_pay_3_fees_due_before_processing_hold_the_start(wf: Workflow) -> None:
    dossier_id = uuid.uuid4()
    wf.clock.set(local(2026, 3, 2, 10))
    await publish(
        wf.kafka,
        DOSSIER_RECEIVED,
        received(dossier_id, payment_due=PaymentDue.BEFORE_PROCESSING),
        key=str(dossier_id),
    )
    waiting = await wf.process_when(dossier_id, "awaiting_payment")
    assert waiting["open_tasks"] == [] and waiting["due_date"] is None
    # Paid Wednesday 4/3 at 16:00: processing counts from Thursday, 3 working days → Tuesday 10/3.
    wf.clock.set(local(2026, 3, 4, 16))
    await publish(wf.kafka, PAYMENT_SUCCEEDED, paid(dossier_id, local(2026, 3, 4, 16)), key=str(uuid.uuid4()))
    started = await wf.process_when(dossier_id, "processing")
    assert started["clock_started_on"] == "2026-03-05" and started["due_date"] == "2026-03-10"
    assert len(started["open_tasks"]) == 1
    events = await wf.events(dossier_id, DOSSIER_PROCESSING_STARTED)
    assert [e.data["due_date"] for e in events if e.type == DOSSIER_PROCESSING_STARTED] == ["2026-03-10"]


async def test_a_payment_seen_before_the_reception_is_not_lost(wf: Workflow) -> None:
    dossier_id = uuid.uuid4()
    wf.clock.set(local(2026, 3, 2, 10))
    # The payment topic and the dossier topic are not ordered with each other.
    await publish(
        wf.kafka, PAYMENT_SUCCEEDED, paid(dossier_id, local(2026, 3, 2, 10, 5)), key=str(uuid.uuid4())
    )

    async def recorded() -> bool:
        rows = await wf.sql("select 1 from payment_signal where dossier_id = :id", id=dossier_id)
        return bool(rows)

    await eventually(recorded, message="payment remembered")
    await publish(
        wf.kafka,
        DOSSIER_RECEIVED,
        received(dossier_id, payment_due=PaymentDue.BEFORE_PROCESSING),
        key=str(dossier_id),
    )
    started = await wf.process_when(dossier_id, "processing")
    assert started["clock_started_on"] == "2026-03-02"


async def test_withdrawal_and_desk_refusal_close_the_instance(wf: Workflow) -> None:
    dossier_id = uuid.uuid4()
    wf.clock.set(local(2026, 3, 2, 10))
    await publish(wf.kafka, DOSSIER_RECEIVED, received(dossier_id), key=str(dossier_id))
    process = await wf.process_when(dossier_id, "processing")
    task = process["open_tasks"][0]
    await publish(wf.kafka, DOSSIER_WITHDRAWN, withdrawn(dossier_id), key=str(dossier_id))
    closed = await wf.process_when(dossier_id, "withdrawn")
    assert closed["open_tasks"] == [] and closed["closed_at"]
    head = await wf.officer("unit_head", CITY)
    late = await wf.act(task["id"], "assignment", {"assignee_subject": head.subject}, head)
    assert late.status_code == 409 and late.json()["code"] == "task_not_open"

    # Refused at the desk: it never reaches workflow, and what its filing left is forgotten.
    refused_id = uuid.uuid4()
    await publish(wf.kafka, DOSSIER_SUBMITTED, submitted(refused_id, "citizen-2"), key=str(refused_id))
    refusal = DossierRefused(
        dossier_id=refused_id,
        agency_code=MINISTRY,
        procedure_code="1.005129",
        applicant_subject="citizen-2",
        occurred_at=utcnow(),
        at_desk=True,
        reasons=("Không thuộc thẩm quyền giải quyết",),
        decided_by="desk-officer",
    )
    await publish(wf.kafka, DOSSIER_REFUSED, refusal, key=str(refused_id))
    marker = uuid.uuid4()
    await publish(wf.kafka, DOSSIER_SUBMITTED, submitted(marker, "citizen-3"), key=str(refused_id))

    async def after_refusal() -> bool:
        return bool(await wf.sql("select 1 from dossier_brief where dossier_id = :id", id=marker))

    await eventually(after_refusal, message="the events after the refusal handled")
    assert await wf.sql("select 1 from dossier_brief where dossier_id = :id", id=refused_id) == []
    assert await count(wf, ProcessInstance, refused_id) == 0
