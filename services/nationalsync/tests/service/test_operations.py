"""The operator view: a record the hub refuses is parked with the hub's message, visible to the
operators it concerns, and sent again on retry once fixed (R-OPS-5)."""

from __future__ import annotations

import uuid

from services.nationalsync.tests.events import AGENCY
from services.nationalsync.tests.service.support import Sync

ELSEWHERE = "000.00.00.H49"  # Quảng Ninh: not yet declared at the hub in these tests


async def test_a_refused_record_is_parked_shown_and_retried_after_the_fix(sync: Sync) -> None:
    await sync.hub.declare_agencies(AGENCY)  # the hub knows the ministry, not the province yet
    refused = sync.life(agency=ELSEWHERE)
    fine = sync.life()
    for event in (refused.submitted(with_code=True), refused.received(), fine.submitted(with_code=True)):
        await sync.publish(event)

    detail = await sync.wait_state(refused.code, "parked")
    [parked] = [job for job in detail["jobs"] if job["state"] == "parked"]
    assert parked["kind"] == "record" and parked["hub_status"] == 400
    assert parked["error_code"] == "INVALID_DATA"
    assert "chưa được khai báo" in parked["error"]
    assert [e["field"] for e in parked["field_errors"]] == ["DonViXuLy"]
    assert detail["attempts_log"][0]["outcome"] == "rejected"
    assert detail["attempts_log"][0]["request"][0]["DonViXuLy"] == ELSEWHERE
    await sync.hub.wait_for_record(fine.code)  # one refused dossier does not hold the others back

    failures = (await sync.client.get("/v1/national-sync/failures", headers=sync.admin())).json()
    [failure] = [f for f in failures["items"] if f["dossier_code"] == refused.code]
    assert failure["job_id"] == parked["id"]
    assert failure["agency_code"] == ELSEWHERE
    assert failure["national_status"] == parked["national_status"]  # TrangThaiHoSo of the refused push
    assert failure["field_errors"][0]["message"].startswith("Đơn vị 000.00.00.H49")
    summary = await sync.client.get(
        f"/v1/national-sync/summary?agency_code={ELSEWHERE}", headers=sync.admin()
    )
    assert summary.json()["dossiers"]["parked"] == 1

    # More changes while parked wait with it: nothing is sent until someone looks.
    await sync.processed(await sync.publish(refused.processing()))
    assert await sync.hub.record(refused.code) is None

    await sync.hub.declare_agencies(ELSEWHERE)  # the province gets declared at the national portal
    retried = await sync.client.post(f"/v1/national-sync/failures/{parked['id']}/retry", headers=sync.admin())
    assert retried.status_code == 200, retried.text
    assert retried.json()["queue_state"] == "pending"
    held = await sync.hub.wait_for_record(refused.code, status=4)
    assert [int(v["record"]["TrangThaiHoSo"]) for v in held["history"]] == [4]
    after = await sync.wait_state(refused.code, "synced")
    assert [p["entry"]["TrangThai"] for p in (await sync.hub.wait_for_record(refused.code))["progress"]] == [
        "1",
        "2",
        "4",
    ]
    assert after["last_error"] is None
    again = (await sync.client.get("/v1/national-sync/failures", headers=sync.admin())).json()
    assert refused.code not in [f["dossier_code"] for f in again["items"]]
    nothing = await sync.client.post(f"/v1/national-sync/dossiers/{refused.code}/retry", headers=sync.admin())
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_to_retry"


async def test_retry_all_sends_every_parked_dossier_of_an_agency(sync: Sync) -> None:
    await sync.hub.declare_agencies(AGENCY)
    lives = [sync.life(agency="000.00.00.H22") for _ in range(3)]
    for life in lives:
        await sync.publish(life.submitted(with_code=True))
    for life in lives:
        await sync.wait_state(life.code, "parked")
    await sync.hub.declare_agencies("000.00.00.H22")
    response = await sync.client.post(
        "/v1/national-sync/failures/retry", json={"agency_code": "000.00.00.H22"}, headers=sync.admin()
    )
    assert response.status_code == 200
    assert response.json() == {"dossiers": 3, "jobs": 3}
    for life in lives:
        await sync.hub.wait_for_record(life.code, status=1)
        await sync.wait_state(life.code, "synced")


async def test_agency_administrators_see_and_retry_only_their_agencies(sync: Sync) -> None:
    await sync.hub.declare_agencies(AGENCY)
    other = sync.life(agency="000.00.00.H26")
    await sync.publish(other.submitted(with_code=True))
    detail = await sync.wait_state(other.code, "parked")
    [job] = [j for j in detail["jobs"] if j["state"] == "parked"]

    ministry = sync.agency_admin(AGENCY)
    listed = (await sync.client.get("/v1/national-sync/failures", headers=ministry)).json()
    assert other.code not in [f["dossier_code"] for f in listed["items"]]
    hidden = await sync.client.get(f"/v1/national-sync/dossiers/{other.code}", headers=ministry)
    assert hidden.status_code == 404 and hidden.json()["code"] == "sync_dossier_not_found"
    retry = await sync.client.post(f"/v1/national-sync/failures/{job['id']}/retry", headers=ministry)
    assert retry.status_code == 404 and retry.json()["code"] == "sync_job_not_found"
    counted = (await sync.client.get("/v1/national-sync/summary", headers=ministry)).json()
    assert counted["dossiers"]["parked"] == 0  # no other agency's dossiers in their counts
    all_retried = (await sync.client.post("/v1/national-sync/failures/retry", headers=ministry)).json()
    assert all_retried == {"dossiers": 0, "jobs": 0}

    province = sync.agency_admin("000.00.00.H26")
    mine = (await sync.client.get("/v1/national-sync/failures", headers=province)).json()
    assert [f["dossier_code"] for f in mine["items"]] == [other.code]
    assert (
        await sync.client.get(f"/v1/national-sync/dossiers/{other.dossier_id}", headers=province)
    ).status_code == 200


async def test_only_administrators_reach_the_operator_api(sync: Sync) -> None:
    assert (await sync.client.get("/v1/national-sync/summary")).status_code == 401
    citizen = sync.tokens.headers(kind="citizen")
    officer = sync.tokens.headers(kind="official", roles=["reception_officer"], agencies=[AGENCY])
    for headers in (citizen, officer):
        response = await sync.client.get("/v1/national-sync/failures", headers=headers)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_bad_input_is_a_problem_document_in_the_callers_language(sync: Sync) -> None:
    unknown = await sync.client.get(f"/v1/national-sync/dossiers/{uuid.uuid4()}", headers=sync.admin())
    assert unknown.status_code == 404
    assert unknown.json()["title"] == "Không tìm thấy hồ sơ đồng bộ"
    english = await sync.client.get(
        "/v1/national-sync/dossiers?cursor=not-a-cursor", headers=sync.admin() | {"Accept-Language": "en"}
    )
    assert english.status_code == 400
    assert english.json()["code"] == "invalid_cursor" and english.json()["title"] == "Invalid page cursor"
    bad_state = await sync.client.get("/v1/national-sync/dossiers?state=lost", headers=sync.admin())
    assert bad_state.status_code == 422 and bad_state.json()["code"] == "validation_failed"
    assert bad_state.json()["errors"][0]["field"].endswith("state")
    bad_body = await sync.client.post(
        "/v1/national-sync/failures/retry", json={"agency": "x"}, headers=sync.admin()
    )
    assert bad_body.status_code == 422 and bad_body.json()["errors"][0]["field"].endswith("agency")


async def test_dossiers_are_listed_by_state_page_by_page(sync: Sync) -> None:
    lives = [sync.life() for _ in range(3)]
    for life in lives:
        await sync.publish(life.submitted(with_code=False))
    for life in lives:
        await sync.wait_state(str(life.dossier_id), "held")
    first = (
        await sync.client.get("/v1/national-sync/dossiers?state=held&limit=2", headers=sync.admin())
    ).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (
        await sync.client.get(
            f"/v1/national-sync/dossiers?state=held&limit=2&cursor={first['next_cursor']}",
            headers=sync.admin(),
        )
    ).json()
    seen = {item["dossier_id"] for item in first["items"] + rest["items"]}
    assert {str(life.dossier_id) for life in lives} <= seen
    assert all(item["queue_state"] == "held" and item["national_status"] == 1 for item in first["items"])
