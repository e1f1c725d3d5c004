"""A hub that stays down: after the last allowed retry the push is parked for an operator (nothing is
dropped), and sent when the operator retries it once the hub is back."""

from __future__ import annotations

from typing import Any

import pytest

from services.nationalsync.tests.service.support import Sync


@pytest.fixture(scope="module")
def sync_settings() -> dict[str, Any]:
    return {"retry_max_attempts": 3}


async def test_retries_run_out_then_an_operator_sends_it_again(sync: Sync) -> None:
    await sync.hub.set_fault("unavailable")  # until told otherwise
    life = sync.life()
    for event in (life.submitted(with_code=True), life.received()):
        await sync.publish(event)
    detail = await sync.wait_state(life.code, "parked")
    assert [a["outcome"] for a in reversed(detail["attempts_log"])] == ["retry", "retry", "exhausted"]
    [parked] = [job for job in detail["jobs"] if job["state"] == "parked"]
    assert parked["error_code"] == "RETRIES_EXHAUSTED"
    assert parked["error"].startswith("Đã thử 3 lần, Cổng quốc gia vẫn không nhận")
    assert parked["hub_status"] == 503
    failures = (await sync.client.get("/v1/national-sync/failures?kind=record", headers=sync.admin())).json()
    assert [f["dossier_code"] for f in failures["items"]] == [life.code]
    metrics = (await sync.client.get("/metrics")).text
    assert 'nationalsync_parked_total{kind="record",reason="exhausted"} 1.0' in metrics

    await sync.hub.clear_faults()
    retried = await sync.client.post(f"/v1/national-sync/dossiers/{life.code}/retry", headers=sync.admin())
    assert retried.status_code == 200
    await sync.hub.wait_for_record(life.code, status=2)
    done = await sync.wait_state(life.code, "synced")
    assert done["attempts"] == 0 and done["last_error"] is None
    steps = (await sync.hub.wait_for_record(life.code))["progress"]
    assert [s["entry"]["TrangThai"] for s in steps] == ["1", "2"]
