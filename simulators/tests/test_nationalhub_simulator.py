"""The national hub simulator through its real HTTP API: tokens, records, progress, faults, listings."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from simulators.testing import RunningNationalHub

CODE = "000.00.00.G12-260213-0007"


def record(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "MaHoSo": CODE,
        "MaTTHC": "1.005129",
        "TenTTHC": "Đăng ký khai sinh",
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": "1",
        "NgayTiepNhan": "20260213093000",
        "NgayHenTra": "20260227235959",
        "TrangThaiHoSo": "2",
        "HinhThuc": "2",
        "DonViXuLy": "000.00.00.G12",
    }
    return base | fields


def progress(**fields: Any) -> dict[str, Any]:
    base = {
        "MaHoSo": CODE,
        "NguoiXuLy": "Trần Thị Bình",
        "ThoiDiemXuLy": "20260213093000",
        "NoiDungXuLy": "Tiếp nhận hồ sơ",
        "TrangThai": "2",
    }
    return base | fields


async def token(hub: RunningNationalHub, *, basic: bool = True) -> str:
    if basic:
        response = await hub.client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(hub.client_id, hub.client_secret),
        )
    else:
        response = await hub.client.post(
            "/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": hub.client_id,
                "client_secret": hub.client_secret,
            },
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert response.headers["cache-control"] == "no-store"
    access: str = body["access_token"]
    return access


async def push(
    hub: RunningNationalHub, path: str, items: list[dict[str, Any]], *, access: str, key: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {access}"}
    if key:
        headers["Idempotency-Key"] = key
    return await hub.client.post(path, json={"data": items}, headers=headers)


async def test_client_credentials_by_basic_or_form_and_wrong_secrets_refused(hub: RunningNationalHub) -> None:
    assert await token(hub) != await token(hub, basic=False)
    wrong = await hub.client.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(hub.client_id, "nope")
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    grant = await hub.client.post(
        "/oauth2/token", data={"grant_type": "password"}, auth=(hub.client_id, hub.client_secret)
    )
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"


async def test_a_valid_record_is_stored_and_the_latest_state_wins(hub: RunningNationalHub) -> None:
    access = await token(hub)
    first = await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)
    assert first.status_code == 200
    assert first.json() == {"error_code": "0", "message": "Thành công", "accepted": 1}
    await push(hub, "/dvcqg/v1/hoso/dongbo", [record(TrangThaiHoSo="4")], access=access)
    stored = await hub.record(CODE)
    assert stored is not None
    assert stored["TrangThaiHoSo"] == "4"
    assert [v["record"]["TrangThaiHoSo"] for v in stored["history"]] == ["2", "4"]
    [listed] = await hub.records(agency="000.00.00.G12")
    assert listed["MaHoSo"] == CODE and listed["versions"] == 2


async def test_calls_without_a_valid_token_are_refused(hub: RunningNationalHub) -> None:
    missing = await hub.client.post("/dvcqg/v1/hoso/dongbo", json={"data": [record()]})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    access = await token(hub)
    await hub.revoke_tokens()
    revoked = await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)
    assert revoked.status_code == 401 and revoked.json()["error_code"] == "UNAUTHORIZED"
    assert await hub.record(CODE) is None


async def test_an_invalid_record_is_refused_whole_with_every_problem(hub: RunningNationalHub) -> None:
    access = await token(hub)
    other = record(MaHoSo="000.00.00.G12-260213-0008", TrangThaiHoSo="11", NgayTiepNhan="13/02/2026")
    response = await push(hub, "/dvcqg/v1/hoso/dongbo", [record(), other], access=access)
    assert response.status_code == 400
    body = response.json()
    assert body["error_code"] == "INVALID_DATA"
    assert body["message"].startswith("Dữ liệu không hợp lệ")
    assert {(e["index"], e["MaHoSo"], e["field"]) for e in body["errors"]} == {
        (1, "000.00.00.G12-260213-0008", "TrangThaiHoSo"),
        (1, "000.00.00.G12-260213-0008", "NgayTiepNhan"),
    }
    assert await hub.records() == []  # nothing of a refused call is kept


async def test_a_malformed_call_is_refused(hub: RunningNationalHub) -> None:
    access = await token(hub)
    headers = {"Authorization": f"Bearer {access}"}
    for body in (b"not json", b'{"data": []}', b'{"data": [1]}', b'{"data": [{}], "extra": 1}'):
        response = await hub.client.post("/dvcqg/v1/hoso/dongbo", content=body, headers=headers)
        assert response.status_code == 400 and response.json()["error_code"] == "INVALID_REQUEST", body


async def test_an_undeclared_agency_is_refused_until_declared(hub: RunningNationalHub) -> None:
    await hub.declare_agencies("000.00.00.G12")
    access = await token(hub)
    elsewhere = record(MaHoSo="000.00.00.H49-260213-0001", DonViXuLy="000.00.00.H49")
    refused = await push(hub, "/dvcqg/v1/hoso/dongbo", [elsewhere], access=access)
    assert refused.status_code == 400
    assert "chưa được khai báo" in refused.json()["errors"][0]["message"]
    await hub.declare_agencies("000.00.00.H49")
    accepted = await push(hub, "/dvcqg/v1/hoso/dongbo", [elsewhere], access=access)
    assert accepted.status_code == 200


async def test_progress_is_appended_only_for_synchronised_dossiers(hub: RunningNationalHub) -> None:
    access = await token(hub)
    early = await push(hub, "/dvcqg/v1/hoso/tiendo", [progress()], access=access)
    assert early.status_code == 400 and "chưa được đồng bộ" in early.json()["errors"][0]["message"]
    await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)
    second = progress(NoiDungXuLy="Chuyển xử lý", TrangThai="4", ThoiDiemXuLy="20260213100000")
    accepted = await push(hub, "/dvcqg/v1/hoso/tiendo", [progress(), second], access=access)
    assert accepted.status_code == 200 and accepted.json()["accepted"] == 2
    stored = await hub.record(CODE)
    assert stored is not None
    assert [p["entry"]["NoiDungXuLy"] for p in stored["progress"]] == ["Tiếp nhận hồ sơ", "Chuyển xử lý"]


async def test_the_same_idempotency_key_is_answered_once_and_applied_once(hub: RunningNationalHub) -> None:
    access = await token(hub)
    await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)
    first = await push(hub, "/dvcqg/v1/hoso/tiendo", [progress()], access=access, key="job-7")
    again = await push(hub, "/dvcqg/v1/hoso/tiendo", [progress()], access=access, key="job-7")
    assert first.json() == again.json()
    assert again.headers["idempotent-replayed"] == "true"
    stored = await hub.record(CODE)
    assert stored is not None and len(stored["progress"]) == 1
    calls = await hub.calls(path="/dvcqg/v1/hoso/tiendo")
    assert [(c["idempotency_key"], c["replayed"]) for c in calls] == [("job-7", False), ("job-7", True)]


async def test_unavailable_for_the_next_calls_then_accepting(hub: RunningNationalHub) -> None:
    access = await token(hub)
    await hub.set_fault("unavailable", count=2)
    statuses = [
        (await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)).status_code for _ in range(3)
    ]
    assert statuses == [503, 503, 200]
    assert (await hub.client.get("/simulator/faults")).json()["mode"] == "ok"
    assert [c["fault"] for c in await hub.calls(code=CODE)] == ["unavailable", "unavailable", None]


async def test_unavailable_for_a_while_then_accepting(hub: RunningNationalHub) -> None:
    access = await token(hub)
    await hub.set_fault("unavailable", seconds=0.3)
    assert (await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)).status_code == 503
    await asyncio.sleep(0.35)
    assert (await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)).status_code == 200


async def test_timeout_holds_the_answer_of_a_stored_record(hub: RunningNationalHub) -> None:
    access = await token(hub)
    await hub.set_fault("timeout", count=1, delay=0.3)
    started = time.monotonic()
    with_fault = await push(hub, "/dvcqg/v1/hoso/dongbo", [record()], access=access)
    assert time.monotonic() - started >= 0.3
    assert with_fault.status_code == 200
    assert await hub.wait_for_record(CODE, status=2)
