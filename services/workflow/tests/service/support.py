"""Helpers of workflow's service tests: the service in-process on its own database and broker, a clock
the test moves, officers with tokens, and dossiers received through the broker as intake sends them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, text

from contracts.events import (
    AGENCY_UPDATED,
    CALENDAR_CHANGED,
    DOSSIER_RECEIVED,
    DOSSIER_SUBMITTED,
    DOSSIER_SUPPLEMENTED,
    PROCEDURE_PUBLISHED,
    AgencyUpdated,
    CalendarChanged,
    DossierReceived,
    DossierSubmitted,
    DossierSupplemented,
    PaymentDue,
    ProcedurePublished,
)
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from servicekit.app import runtime_of
from servicekit.calendar import VN_TZ
from servicekit.events import Event
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.kafka import collect, publish
from servicekit.testing.plugin import service_under_test
from workflow.app import create_app
from workflow.clock import ManualClock
from workflow.deadlines.watcher import DeadlineWatcher
from workflow.directory.models import Agency, CalendarScope, ProcedureLimit
from workflow.processes.models import ProcessInstance
from workflow.settings import WorkflowSettings

SERVICE_DIR = Path(__file__).resolve().parents[2]

# Demo agencies (catalog's seed): a ministry with a department, a province with departments, a city, a ward.
MINISTRY = "000.00.00.G12"
TAX = "000.00.18.G12"
PROVINCE = "000.00.00.H49"
JUSTICE_DEPT = "000.00.11.H49"
FINANCE_DEPT = "000.00.05.H49"
SOCIAL_INSURANCE = "000.00.25.H49"
CITY = "000.00.31.H49"
WARD = "000.01.31.H49"
AGENCIES: list[tuple[str, str, str | None, str]] = [
    (MINISTRY, "Bộ Tài chính", None, "central"),
    (TAX, "Cục Thuế", MINISTRY, "central"),
    (PROVINCE, "Ủy ban nhân dân tỉnh Quảng Ninh", None, "province"),
    (JUSTICE_DEPT, "Sở Tư pháp tỉnh Quảng Ninh", PROVINCE, "province"),
    (FINANCE_DEPT, "Sở Tài chính tỉnh Quảng Ninh", PROVINCE, "province"),
    (SOCIAL_INSURANCE, "Bảo hiểm xã hội tỉnh Quảng Ninh", PROVINCE, "province"),
    (CITY, "Ủy ban nhân dân thành phố Hạ Long", PROVINCE, "district"),
    (WARD, "Ủy ban nhân dân phường Hồng Gai", CITY, "commune"),
]


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Asia/Ho_Chi_Minh."""
    return datetime.combine(date(year, month, day), time(hour, minute), tzinfo=VN_TZ)


@dataclass
class Officer:
    subject: str
    name: str
    role: str
    agencies: list[str]
    headers: dict[str, str]


@dataclass
class Workflow:
    client: httpx.AsyncClient
    app: FastAPI
    kafka: str
    tokens: TokenFactory
    clock: ManualClock
    officers: dict[str, Officer] = field(default_factory=dict)

    # --- people -------------------------------------------------------------------------------

    async def officer(
        self, role: str, agency: str, name: str | None = None, *, roles: list[str] | None = None
    ) -> Officer:
        """An official with a token; they open their inbox once, as anyone signing in does."""
        subject = f"{role}-{uuid.uuid4().hex[:8]}"
        headers = self.tokens.headers(
            subject, kind="official", roles=roles or [role], agencies=[agency], name=name or subject
        )
        officer = Officer(subject, name or subject, role, [agency], headers)
        response = await self.client.get("/v1/tasks", headers=headers)
        assert response.status_code == 200, response.text
        self.officers[subject] = officer
        return officer

    # --- directory (as catalog publishes it) ---------------------------------------------------

    async def publish_directory(self, *, procedures: list[tuple[str, str, int]] = ()) -> None:  # type: ignore[assignment]
        """Catalog's agencies and the procedures' time limits, through the broker; waits until applied."""
        now = datetime.now(VN_TZ)
        for code, name, parent, level in AGENCIES:
            payload = AgencyUpdated(
                agency_id=uuid.uuid5(uuid.NAMESPACE_URL, code),
                agency_code=code,
                name=name,
                parent_code=parent,
                administrative_level=level,
                occurred_at=now,
            )
            await publish(self.kafka, AGENCY_UPDATED, payload, key=str(payload.agency_id))
        for code, agency, days in procedures:
            await publish(
                self.kafka,
                PROCEDURE_PUBLISHED,
                ProcedurePublished(
                    procedure_id=uuid.uuid5(uuid.NAMESPACE_URL, code),
                    procedure_code=code,
                    version=1,
                    name=f"Thủ tục {code}",
                    agency_code=agency,
                    level=4,
                    processing_days=days,
                    requires_payment=False,
                    occurred_at=now,
                ),
                key=code,
            )

        async def applied() -> bool:
            async with runtime_of(self.app).db.transaction() as session:
                agencies = len((await session.scalars(select(Agency.code))).all())
                limits = len((await session.scalars(select(ProcedureLimit.procedure_code))).all())
            return agencies >= len(AGENCIES) and limits >= len(procedures)

        await eventually(applied, message="catalog's directory applied")

    async def declare_calendar(
        self, *, scope: str | None, days_off: tuple[date, ...] = (), working: tuple[date, ...] = ()
    ) -> None:
        payload = CalendarChanged(
            extra_days_off=days_off, working_days=working, occurred_at=datetime.now(VN_TZ)
        )
        event = Event.create(
            CALENDAR_CHANGED,
            payload,
            source="/motcua/catalog",
            key="calendar",
            subject=f"agency/{scope}" if scope else None,
        )
        await publish_event(self.kafka, event)

        async def applied() -> bool:
            async with runtime_of(self.app).db.transaction() as session:
                row = await session.get(CalendarScope, scope or "national")
            return row is not None and row.declared_at >= payload.occurred_at

        await eventually(applied, message="calendar override applied")

    # --- dossiers -----------------------------------------------------------------------------

    async def receive(
        self,
        *,
        agency: str,
        procedure_code: str,
        received_at: datetime,
        appointment_date: date,
        payment_due: PaymentDue = PaymentDue.NONE,
        applicant: str | None = None,
        applicant_name: str = "Nguyễn Văn An",
        wait_for: str = "processing",
    ) -> dict[str, Any]:
        """The desk received a dossier (intake's event); returns workflow's process once it moved."""
        dossier_id = uuid.uuid4()
        self.clock.set(received_at)
        applicant = applicant or f"citizen-{uuid.uuid4().hex[:8]}"
        filed = DossierSubmitted(
            dossier_id=dossier_id,
            agency_code=agency,
            procedure_code=procedure_code,
            applicant_subject=applicant,
            occurred_at=received_at,
            procedure_version=1,
            channel=Channel.ONLINE,
            applicant_kind=ApplicantKind.CITIZEN,
            applicant_name=applicant_name,
            submitted_at=received_at,
        )
        await publish(self.kafka, DOSSIER_SUBMITTED, filed, key=str(dossier_id))
        payload = DossierReceived(
            dossier_id=dossier_id,
            dossier_code=f"{agency}-{received_at:%y%m%d}-{uuid.uuid4().int % 10000:04d}",
            agency_code=agency,
            procedure_code=procedure_code,
            applicant_subject=applicant,
            occurred_at=received_at,
            procedure_version=1,
            channel=Channel.ONLINE,
            received_at=received_at,
            appointment_date=appointment_date,
            received_by="desk-officer",
            payment_due=payment_due,
        )
        await publish(self.kafka, DOSSIER_RECEIVED, payload, key=str(dossier_id))
        return await self.process_when(dossier_id, wait_for)

    async def supplement(self, process: dict[str, Any], at: datetime) -> dict[str, Any]:
        self.clock.set(at)
        payload = DossierSupplemented(
            dossier_id=uuid.UUID(process["dossier_id"]),
            dossier_code=process["dossier_code"],
            agency_code=process["agency_code"],
            procedure_code=process["procedure_code"],
            applicant_subject=(await self.instance(process["dossier_id"])).applicant_subject,
            occurred_at=at,
            next_status=DossierStatus.PROCESSING,
            supplemented_at=at,
        )
        await publish(self.kafka, DOSSIER_SUPPLEMENTED, payload, key=process["dossier_id"])
        return await self.process_when(uuid.UUID(process["dossier_id"]), "processing")

    async def instance(self, dossier_id: Any) -> ProcessInstance:
        async with runtime_of(self.app).db.transaction() as session:
            instance = await session.scalar(
                select(ProcessInstance).where(ProcessInstance.dossier_id == uuid.UUID(str(dossier_id)))
            )
        assert instance is not None
        return instance

    async def process_when(self, dossier_id: uuid.UUID, stage: str) -> dict[str, Any]:
        async def moved() -> dict[str, Any] | None:
            async with runtime_of(self.app).db.transaction() as session:
                row = await session.scalar(
                    select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)
                )
            if row is None or row.stage != stage:
                return None
            return await self.process(row.id)

        return await eventually(moved, message=f"process of {dossier_id} in stage {stage}")

    async def process(self, process_id: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = await self.client.get(
            f"/v1/processes/{process_id}", headers=headers or self.system_reader()
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def system_reader(self) -> dict[str, str]:
        return self.tokens.headers(
            "auditor", kind="official", roles=["agency_leader"], agencies=[code for code, *_ in AGENCIES]
        )

    # --- tasks --------------------------------------------------------------------------------

    async def open_task(
        self, process_id: Any, *, kind: str | None = None, agency: str | None = None
    ) -> dict[str, Any]:
        """The single open task of a process (of a kind, at an agency)."""
        process = await self.process(process_id)
        tasks = [
            t
            for t in process["open_tasks"]
            if (kind is None or t["kind"] == kind) and (agency is None or t["agency_code"] == agency)
        ]
        assert len(tasks) == 1, [(t["kind"], t["agency_code"], t["title"]) for t in process["open_tasks"]]
        return tasks[0]

    async def act(
        self, task_id: Any, action: str, body: dict[str, Any], officer: Officer, *, etag: str | None = None
    ) -> httpx.Response:
        """One action with the task's current ETag (read first, as a screen would)."""
        if etag is None:
            read = await self.client.get(f"/v1/tasks/{task_id}", headers=officer.headers)
            assert read.status_code == 200, read.text
            etag = read.headers["etag"]
        return await self.client.post(
            f"/v1/tasks/{task_id}/{action}", json=body, headers={**officer.headers, "If-Match": etag}
        )

    async def ok(self, task_id: Any, action: str, body: dict[str, Any], officer: Officer) -> dict[str, Any]:
        response = await self.act(task_id, action, body, officer)
        assert response.status_code in (200, 201), response.text
        return response.json()  # type: ignore[no-any-return]

    async def process_action(
        self, process_id: Any, action: str, body: dict[str, Any], officer: Officer
    ) -> httpx.Response:
        read = await self.client.get(f"/v1/processes/{process_id}", headers=officer.headers)
        assert read.status_code == 200, read.text
        return await self.client.post(
            f"/v1/processes/{process_id}/{action}",
            json=body,
            headers={**officer.headers, "If-Match": read.headers["etag"]},
        )

    async def history(self, process_id: Any) -> list[dict[str, Any]]:
        response = await self.client.get(f"/v1/processes/{process_id}/history", headers=self.system_reader())
        assert response.status_code == 200, response.text
        return response.json()["items"]  # type: ignore[no-any-return]

    # --- deadlines ----------------------------------------------------------------------------

    def watcher(self) -> DeadlineWatcher:
        runtime = runtime_of(self.app)
        return DeadlineWatcher(runtime.db, runtime.outbox, self.clock, batch_size=50)

    async def sql(self, query: str, **params: Any) -> list[Any]:
        async with runtime_of(self.app).db.transaction() as session:
            return list((await session.execute(text(query), params)).all())

    async def events(self, dossier_id: Any, event_type: str, *, count: int = 1) -> list[Event]:
        """Events of one dossier on the dossier topic, once ``count`` of ``event_type`` are there."""
        key = str(dossier_id)
        found = await collect(
            self.kafka,
            "motcua.dossier.v1",
            until=lambda evs: sum(1 for e in evs if e.type == event_type and e.key == key) >= count,
        )
        return [e for e in found if e.key == key]


async def publish_event(bootstrap: str, event: Event) -> None:
    """Publish a ready-made event (with its own subject) as a producing service would."""
    from aiokafka import AIOKafkaProducer

    from contracts.events import spec_for
    from servicekit.events import to_kafka

    message = to_kafka(event)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            spec_for(event.type).topic,
            value=message.value,
            key=message.key.encode() if isinstance(message.key, str) else message.key,
            headers=list(message.headers.items()),
        )
    finally:
        await producer.stop()


@asynccontextmanager
async def running_workflow(
    pg_server_url: str, kafka: str, tokens: TokenFactory, **settings: Any
) -> AsyncIterator[Workflow]:
    clock = ManualClock(local(2026, 3, 2))
    async with service_under_test(
        lambda s: create_app(s, clock=clock),
        WorkflowSettings,
        SERVICE_DIR,
        server_url=pg_server_url,
        kafka_bootstrap=kafka,
        tokens=tokens,
        watcher_enabled=False,
        **settings,
    ) as (client, app):
        yield Workflow(client=client, app=app, kafka=kafka, tokens=tokens, clock=clock)
