"""Every status change of a dossier reaches the national hub, in order (R-OPS-5, R-FMT-4), with its
progress steps; through hub outages nothing is lost."""

from __future__ import annotations

from services.nationalsync.tests.service.support import (
    AGENCY_NAME,
    FIELD_CODE,
    OFFICER_NAME,
    PROCEDURE_NAME,
    Sync,
    statuses_in_order,
)


async def test_a_dossiers_whole_life_reaches_the_hub_in_order(sync: Sync) -> None:
    life = sync.life()
    events = [
        life.submitted(with_code=True),
        life.received(),
        life.payment_requested(),
        life.payment_succeeded(),
        life.processing(),
        life.resolved(),
        life.returned(),
    ]
    for event in events:
        # Each change happens once the previous one is known, as in real life (payments reacts to
        # the reception, workflow to the payment …); pushes go out between them.
        await sync.processed(await sync.publish(event))

    held = await sync.hub.wait_for_record(life.code, status=10)
    record = held["record"]
    assert record["MaTTHC"] == "1.005129"
    assert record["TenTTHC"] == PROCEDURE_NAME
    assert record["MaLinhVuc"] == FIELD_CODE
    assert record["ChuHoSo"] == "Nguyễn Văn An"
    assert record["LoaiDoiTuong"] == "1" and record["HinhThuc"] == "2"
    assert record["DonViXuLy"] == "000.00.00.G12"
    assert record["NgayTiepNhan"] == "20260213093200"
    assert record["NgayHenTra"] == "20260227170000"
    assert record["NgayTra"] == "20260213093700"
    assert record["DanhSachLePhi"] == [
        {"TenPhiLePhi": "Lệ phí đăng ký khai sinh", "Gia": 50000, "DaThanhToan": True}
    ]
    assert record["DanhSachGiayToKetQua"] == [
        {"GiayToId": "00000000-0000-0000-0000-000000000003", "TenGiayTo": "Giấy khai sinh"}
    ]
    statuses_in_order(held["history"], [1, 2, 6, 2, 4, 9, 10])

    synced = await sync.wait_state(life.code, "synced")
    assert synced["pushed_version"] == synced["version"]
    progress = [p["entry"] for p in (await sync.hub.wait_for_record(life.code))["progress"]]
    assert [p["TrangThai"] for p in progress] == ["1", "2", "6", "2", "4", "9", "10"]
    reception = progress[1]
    assert reception["NguoiXuLy"] == OFFICER_NAME  # named from identity's account event
    assert reception["PhongBanXuLy"] == AGENCY_NAME
    assert reception["NoiDungXuLy"] == "Tiếp nhận hồ sơ, hẹn trả kết quả ngày 27/02/2026"
    assert reception["NgayBatDau"] == "20260213093200"
    assert reception["NgayKetThucTheoQuyDinh"] == "20260227170000"
    assert progress[0]["NguoiXuLy"] == "Nguyễn Văn An"  # the applicant filed it


async def test_the_hub_rejects_for_a_while_then_accepts_them_all(sync: Sync) -> None:
    """Done when (issue 9): a sync run where the hub refuses records for a while, then accepts them
    all — every dossier's final state arrives, none missing, each in order."""
    await sync.hub.set_fault("unavailable", seconds=2.0)
    lives = [sync.life() for _ in range(8)]
    expected = {}
    for number, life in enumerate(lives):
        events = [life.submitted(with_code=True), life.received(), life.processing()]
        if number % 2:
            events += [life.resolved(), life.returned()]
            expected[life.code] = [1, 2, 4, 9, 10]
        else:
            events += [life.supplement_requested(), life.supplemented(), life.stopped()]
            expected[life.code] = [1, 2, 4, 5, 4, 8]
        for event in events:
            await sync.publish(event)

    for life in lives:
        final = expected[life.code][-1]
        held = await sync.hub.wait_for_record(life.code, status=final, timeout=30)
        statuses_in_order(held["history"], expected[life.code])
        progress = [int(p["entry"]["TrangThai"]) for p in held["progress"]]
        await sync.wait_state(life.code, "synced")
        progress = [
            int(p["entry"]["TrangThai"]) for p in (await sync.hub.wait_for_record(life.code))["progress"]
        ]
        assert progress == expected[life.code], life.code  # every step, once, in order

    refused = [c for c in await sync.hub.calls() if c["status"] == 503]
    assert refused, "the hub refused calls while it was unavailable"
    detail = await sync.dossier(lives[0].code)
    outcomes = [a["outcome"] for a in reversed(detail["attempts_log"])]
    assert outcomes[0] == "retry" and outcomes[-1] == "accepted"
    assert detail["last_error"] is None

    summary = (await sync.client.get("/v1/national-sync/summary", headers=sync.admin())).json()
    assert summary["dossiers"]["parked"] == 0
    assert summary["jobs"] == {"held": 0, "pending": 0, "parked": 0}
    metrics = (await sync.client.get("/metrics")).text
    assert 'nationalsync_pushes_total{kind="record",outcome="retry"}' in metrics
    assert "nationalsync_queue_dossiers" in metrics
