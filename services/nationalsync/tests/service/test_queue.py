"""The sync queue: duplicates push once, pushes wait for the dossier code, an expired token or a lost
answer costs nothing, a procedure the topic never announced is asked from the catalog."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from nationalsync.queue.models import SyncAttempt, SyncJob
from nationalsync.queue.monitor import QueueMonitor
from servicekit.db import utcnow
from services.nationalsync.tests.service.support import Sync


async def test_a_redelivered_event_is_pushed_once(sync: Sync) -> None:
    life = sync.life()
    submitted = await sync.publish(life.submitted(with_code=True))
    received_event = life.received()
    received = await sync.publish(received_event)
    await sync.processed(received)
    again = await sync.publish(received_event, event_id=received)  # the broker delivers it again
    again_submitted = await sync.publish(life.submitted(with_code=True), event_id=submitted)
    await sync.processed(await sync.publish(life.processing()))
    assert again == received and again_submitted == submitted

    await sync.hub.wait_for_record(life.code, status=4)
    detail = await sync.wait_state(life.code, "synced")
    kinds = sorted((job["source_event_type"].split(".")[3], job["kind"]) for job in detail["jobs"])
    assert kinds == [
        ("processing_started", "progress"),
        ("processing_started", "record"),
        ("received", "progress"),
        ("received", "record"),
        ("submitted", "progress"),
        ("submitted", "record"),
    ]
    held = await sync.hub.wait_for_record(life.code)
    steps = [p["entry"]["NoiDungXuLy"] for p in held["progress"]]
    assert steps == [
        "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công",
        "Tiếp nhận hồ sơ, hẹn trả kết quả ngày 27/02/2026",
        "Chuyển cơ quan có thẩm quyền giải quyết",
    ]


async def test_pushes_wait_for_the_dossier_code_then_go_in_order(sync: Sync) -> None:
    """R-INT-2: the code comes with the receipt; the hub cannot take a record without MaHoSo."""
    life = sync.life()
    await sync.processed(await sync.publish(life.submitted(with_code=False)))
    detail = await sync.wait_state(str(life.dossier_id), "held")
    assert detail["dossier_code"] is None
    assert detail["missing_fields"] == ["MaHoSo"]
    assert {job["state"] for job in detail["jobs"]} == {"held"}
    assert await sync.hub.record(life.code) is None

    await sync.publish(life.received())
    held = await sync.hub.wait_for_record(life.code, status=2)
    await sync.wait_state(life.code, "synced")
    held = await sync.hub.wait_for_record(life.code)
    assert [int(v["record"]["TrangThaiHoSo"]) for v in held["history"]] == [2]  # 1 and 2 coalesced
    assert [p["entry"]["TrangThai"] for p in held["progress"]] == ["1", "2"]  # the filing step waited


async def test_several_queued_changes_are_coalesced_into_one_push(sync: Sync) -> None:
    life = sync.life()
    await sync.hub.set_fault("unavailable", seconds=1.0)  # the changes pile up meanwhile
    for event in (life.submitted(with_code=True), life.received(), life.processing(), life.resolved()):
        await sync.processed(await sync.publish(event))
    held = await sync.hub.wait_for_record(life.code, status=9)
    detail = await sync.wait_state(life.code, "synced")
    record_jobs = [j for j in detail["jobs"] if j["kind"] == "record"]
    assert sorted(j["state"] for j in record_jobs).count("superseded") >= 1
    sent = [j for j in record_jobs if j["state"] == "sent"]
    assert all(
        j["superseded_by"] in {s["id"] for s in sent} for j in record_jobs if j["state"] == "superseded"
    )
    assert len(held["history"]) == len(sent) < len(record_jobs)


async def test_an_expired_token_is_renewed_without_losing_a_push(sync: Sync) -> None:
    life = sync.life()
    await sync.processed(await sync.publish(life.submitted(with_code=True)))
    await sync.wait_state(life.code, "synced")
    await sync.hub.revoke_tokens()
    await sync.publish(life.received())
    await sync.hub.wait_for_record(life.code, status=2)
    detail = await sync.wait_state(life.code, "synced")
    assert all(a["outcome"] == "accepted" for a in detail["attempts_log"])  # renewed within the call
    refused = [c for c in await sync.hub.calls(code=life.code) if c["status"] == 401]
    assert len(refused) == 1


async def test_a_lost_answer_is_retried_and_applied_once(sync: Sync) -> None:
    """The hub applies the push but its answer comes after our timeout: the retry carries the same
    Idempotency-Key and the hub answers it without storing the record twice."""
    life = sync.life()
    await sync.processed(await sync.publish(life.submitted(with_code=True)))
    await sync.wait_state(life.code, "synced")
    await sync.hub.set_fault("timeout", count=1, delay=1.5)  # longer than hub_timeout_seconds (1 s)
    await sync.processed(await sync.publish(life.received()))
    detail = await sync.wait_state(life.code, "synced", timeout=30)
    record_attempts = [a for a in reversed(detail["attempts_log"]) if a["kind"] == "record"]
    assert [a["outcome"] for a in record_attempts][-2:] == ["retry", "accepted"]
    assert record_attempts[-1]["idempotency_key"] == record_attempts[-2]["idempotency_key"]
    held = await sync.hub.wait_for_record(life.code, status=2)
    assert [int(v["record"]["TrangThaiHoSo"]) for v in held["history"]] == [1, 2]
    calls = [c for c in await sync.hub.calls(code=life.code) if c["path"].endswith("dongbo")]
    assert calls[-1]["replayed"] is True


async def test_a_procedure_the_topic_never_announced_is_named_by_the_catalog(sync: Sync) -> None:
    life = sync.life(procedure="2.000635")
    for event in (life.submitted(with_code=True), life.received()):
        await sync.publish(event)
    held = await sync.hub.wait_for_record(life.code, status=2)
    assert held["record"]["TenTTHC"] == "Cấp bản sao trích lục hộ tịch"
    assert held["record"]["MaTTHC"] == "2.000635"
    # And one the catalog does not know either is parked, with why.
    unknown = sync.life(procedure="1.999999")
    await sync.processed(await sync.publish(unknown.submitted(with_code=True)))
    detail = await sync.wait_state(unknown.code, "parked")
    [job] = [j for j in detail["jobs"] if j["state"] == "parked"]
    assert job["error_code"] == "PROCEDURE_UNKNOWN"
    assert "1.999999" in job["error"]


async def test_workflows_steps_reach_the_hub_with_their_officer_and_unit(sync: Sync) -> None:
    """R-FMT-4 progress updates from workflow's process.progressed: the officer as workflow names
    them, the unit holding the dossier (its code while the catalog has not named it), the step's dates."""
    life = sync.life()
    for event in (life.submitted(with_code=True), life.received(), life.processing(), life.progressed()):
        await sync.publish(event)
    await sync.hub.wait_for_record(life.code, status=4)
    detail = await sync.wait_state(life.code, "synced")
    assert [j["kind"] for j in detail["jobs"] if j["source_event_type"].endswith("progressed.v1")] == [
        "progress"
    ]
    held = await sync.hub.wait_for_record(life.code)
    step = held["progress"][-1]["entry"]
    assert step["NoiDungXuLy"] == "Thẩm định hồ sơ: Hồ sơ đủ điều kiện"
    assert step["NguoiXuLy"] == "Lê Văn Cường"
    assert step["PhongBanXuLy"] == "000.00.18.G12"
    assert step["TrangThai"] == "4"
    assert step["NgayKetThucTheoQuyDinh"] == "20260224170000"


async def test_history_past_its_retention_is_pruned_but_never_what_waits_for_an_operator(sync: Sync) -> None:
    done, stuck = sync.life(), sync.life(procedure="1.999998")  # the catalog knows no 1.999998
    for event in (done.submitted(with_code=True), done.received(), stuck.submitted(with_code=True)):
        await sync.publish(event)
    await sync.wait_state(done.code, "synced")
    await sync.wait_state(stuck.code, "parked")
    ids = [done.dossier_id, stuck.dossier_id]
    long_ago = utcnow() - timedelta(days=200)
    async with sync.runtime.db.transaction() as session:
        await session.execute(update(SyncJob).where(SyncJob.dossier_id.in_(ids)).values(updated_at=long_ago))
        await session.execute(
            update(SyncAttempt).where(SyncAttempt.dossier_id.in_(ids)).values(finished_at=long_ago)
        )
    [monitor] = [w for w in sync.runtime.workers if isinstance(w, QueueMonitor)]
    await monitor.prune()  # what the monitor does hourly (NATIONALSYNC_HISTORY_RETENTION_DAYS, 180)

    pruned = await sync.dossier(done.code)
    assert pruned["jobs"] == [] and pruned["attempts_log"] == []
    assert (
        pruned["queue_state"] == "synced" and pruned["pushed_version"] == pruned["version"]
    )  # the record stays
    kept = await sync.dossier(stuck.code)
    # Its refused record push and the step queued behind it are still there for the operator.
    assert sorted((job["kind"], job["state"]) for job in kept["jobs"]) == [
        ("progress", "pending"),
        ("record", "parked"),
    ]
