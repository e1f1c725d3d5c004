"""Daily reconciliation with VNPay's transaction report: a lost IPN settled, deliberately injected
mismatches found and reported (JSON and CSV), one scheduled run per day however many replicas wake up."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from payments.clock import VN_TZ
from payments.reconciliation.models import ReconciliationRun
from payments.reconciliation.scheduler import ReconciliationScheduler, due_day
from servicekit.app import runtime_of
from services.payments.tests.service.support import LLTP_ONLINE, Payments


def today() -> str:
    return datetime.now(UTC).astimezone(VN_TZ).date().isoformat()


async def test_reconciliation_finds_injected_mismatches_and_settles_a_lost_ipn(payments: Payments) -> None:
    _, matched = await payments.paid()
    _, altered = await payments.paid()
    _, omitted = await payments.paid()
    subject, lost = await payments.new_order()
    await payments.vnpay.set_ipn_fault("drop", count=1)
    started = await payments.checkout(lost["id"], subject)
    await payments.pay_at_vnpay(started["redirect_url"])  # the browser never comes back either
    assert (await payments.get(lost["id"]))["status"] == "pending"

    day = today()
    altered_ref = altered["transactions"][0]["txn_ref"]
    omitted_ref = omitted["transactions"][0]["txn_ref"]
    stranger_ref = uuid.uuid4().hex
    await payments.vnpay.adjust_report(day, "alter_amount", altered_ref, LLTP_ONLINE - 10_000)
    await payments.vnpay.adjust_report(day, "omit", omitted_ref)
    await payments.vnpay.adjust_report(day, "add", stranger_ref, 250_000)

    admin = payments.admin()
    run = await payments.client.post("/v1/payments/reconciliations", json={"date": day}, headers=admin)
    assert run.status_code == 201, run.text
    report = run.json()
    assert report["status"] == "completed" and report["settled"] == 1
    found = {(d["kind"], d["txn_ref"]): d for d in report["items"]}
    assert set(found) == {
        ("amount_mismatch", altered_ref),
        ("missing_at_gateway", omitted_ref),
        ("unknown_at_merchant", stranger_ref),
    }
    assert found[("amount_mismatch", altered_ref)]["our_amount"] == LLTP_ONLINE
    assert found[("amount_mismatch", altered_ref)]["gateway_amount"] == LLTP_ONLINE - 10_000
    assert found[("unknown_at_merchant", stranger_ref)]["gateway_amount"] == 250_000
    assert report["matched"] >= 2  # the untouched payment and the one settled now
    settled = await payments.get(lost["id"])
    assert settled["status"] == "succeeded" and settled["transactions"][0]["settled_via"] == "reconciliation"
    assert (await payments.get(matched["id"]))["status"] == "succeeded"  # nothing changes on our side

    exported = await payments.client.get(
        f"/v1/payments/reconciliations/{report['id']}/discrepancies.csv", headers=admin
    )
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert exported.text.startswith("\ufeff")  # Excel opens UTF-8 with its mark
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert {(r["kind"], r["txn_ref"]) for r in rows} == set(found)
    assert all(r["business_date"] == day for r in rows)

    listed = await payments.client.get("/v1/payments/reconciliations", params={"date": day}, headers=admin)
    assert report["id"] in [r["id"] for r in listed.json()["items"]]
    leader = payments.officer("agency_leader")
    scoped = await payments.client.get(f"/v1/payments/reconciliations/{report['id']}", headers=leader)
    assert {d["kind"] for d in scoped.json()["items"]} == {"amount_mismatch", "missing_at_gateway"}
    elsewhere = payments.officer("agency_leader", agency="000.00.18.G12")
    other = await payments.client.get(f"/v1/payments/reconciliations/{report['id']}", headers=elsewhere)
    assert other.json()["items"] == []
    citizen = await payments.client.get(
        f"/v1/payments/reconciliations/{report['id']}", headers=payments.citizen("c")
    )
    assert citizen.status_code == 403
    forbidden = await payments.client.post("/v1/payments/reconciliations", json={"date": day}, headers=leader)
    assert forbidden.status_code == 403


async def test_the_daily_job_runs_once_however_many_replicas_wake_up(payments: Payments) -> None:
    runtime = runtime_of(payments.app)
    wiring = payments.app.state.payments
    replicas = [
        ReconciliationScheduler(runtime.db, runtime.outbox, wiring.vnpay, hour=0, poll_seconds=60)
        for _ in range(4)
    ]
    ran = await asyncio.gather(*(r.run_once() for r in replicas))
    assert sum(ran) == 1
    assert not await replicas[0].run_once()  # and not again that day
    yesterday = (datetime.now(UTC).astimezone(VN_TZ) - timedelta(days=1)).date()
    async with runtime.db.transaction() as session:
        runs = (
            await session.scalars(
                select(ReconciliationRun).where(
                    ReconciliationRun.business_date == yesterday, ReconciliationRun.trigger == "schedule"
                )
            )
        ).all()
    assert [r.status for r in runs] == ["completed"]


def test_the_day_to_reconcile_is_yesterday_once_the_hour_has_passed() -> None:
    day = datetime(2026, 11, 23).date()
    assert due_day(1, day, hour=2) is None
    assert due_day(2, day, hour=2) == datetime(2026, 11, 22).date()


async def test_bad_input_to_reconciliation(payments: Payments) -> None:
    admin = payments.admin()
    bad = await payments.client.post(
        "/v1/payments/reconciliations", json={"date": "23/11/2026"}, headers=admin
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "date"
    unknown = await payments.client.get(f"/v1/payments/reconciliations/{uuid.uuid4()}", headers=admin)
    assert unknown.status_code == 404 and unknown.json()["code"] == "reconciliation_not_found"
    cursor = await payments.client.get(
        "/v1/payments/reconciliations", params={"cursor": "nope"}, headers=admin
    )
    assert cursor.status_code == 400 and cursor.json()["code"] == "invalid_cursor"
