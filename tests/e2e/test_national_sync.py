"""Issue 9, national portal synchronisation (R-OPS-5, R-FMT-4), on the whole stack: dossier and payment
events on the stack's broker reach the national hub simulator through nationalsync as real processes,
named from the real catalog; the hub refusing for a while loses nothing; a refused record is parked,
shown to the operator through the gateway and sent again on retry. nationalsync runs here with
retries in tenths of a second (restored afterwards)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from contracts.events import spec_for
from servicekit.db import utcnow
from servicekit.testing import TokenFactory, eventually
from services.nationalsync.tests.events import Life
from tests.e2e.notify_support import emit
from tests.e2e.support import AGENCY as SUPPORT_AGENCY
from tests.e2e.support import PROCEDURE as SUPPORT_PROCEDURE
from tests.e2e.support import file_at_counter, officer, receive

pytestmark = pytest.mark.e2e

# A procedure of the demo catalogue: Đăng ký khai sinh at the ward of Hồng Gai (Quảng Ninh).
PROCEDURE = "1.001193"
WARD = "000.01.31.H49"
FAST = {
    "NATIONALSYNC_RETRY_BASE_SECONDS": "0.2",
    "NATIONALSYNC_RETRY_MAX_DELAY_SECONDS": "1",
    "NATIONALSYNC_RETRY_JITTER": "0",
    "NATIONALSYNC_DISPATCH_POLL_SECONDS": "0.5",
}


@pytest.fixture(scope="module")
def fast_sync(stack) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    saved = dict(stack.extra_env)
    stack.extra_env.update(FAST)
    stack.start_process("nationalsync")
    try:
        yield stack
    finally:
        stack.extra_env.clear()
        stack.extra_env.update(saved)
        stack.start_process("nationalsync")


def admin(tokens: TokenFactory) -> dict[str, str]:
    return tokens.headers(kind="official", roles=["system_admin"])


def life(agency: str = WARD) -> Life:
    """A dossier living now: workflow (a real process here) reacts to its reception with real times."""
    now = utcnow()
    return Life(
        agency=agency,
        procedure=PROCEDURE,
        procedure_version=1,
        sequence=random.randint(1, 9999),
        start=now,
        appointment=(now + timedelta(days=14)).date(),
    )


async def send(stack: Any, event: tuple[str, BaseModel]) -> None:
    event_type, payload = event
    await emit(stack, event_type, payload, key=spec_for(event_type).partition_key(payload))


async def hub(stack: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=stack.national_hub_simulator_url, timeout=10) as client:
        response = await client.request(method, path, **kwargs)
    return response


async def hub_record(stack: Any, code: str, status: int) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        response = await hub(stack, "GET", f"/simulator/records/{code}")
        if response.status_code != 200:
            return None
        found: dict[str, Any] = response.json()
        return found if found["TrangThaiHoSo"] == str(status) else None

    result: dict[str, Any] = await eventually(probe, timeout=60, message=f"{code} at the hub with {status}")
    return result


async def synced(gateway: httpx.AsyncClient, tokens: TokenFactory, code: str, state: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        response = await gateway.get(f"/v1/national-sync/dossiers/{code}", headers=admin(tokens))
        if response.status_code != 200:
            return None
        body: dict[str, Any] = response.json()
        return body if body["queue_state"] == state else None

    result: dict[str, Any] = await eventually(probe, timeout=60, message=f"{code} {state}")
    return result


async def test_the_hub_refusing_for_a_while_then_every_final_state_arrives(
    fast_sync: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    stack = fast_sync
    (
        await hub(stack, "POST", "/simulator/faults", json={"mode": "unavailable", "count": 6})
    ).raise_for_status()
    lives = [life() for _ in range(4)]
    for one in lives:
        for event in (one.submitted(with_code=True), one.received()):
            await send(stack, event)
    for one in lives:
        # Workflow opens the process on the reception and starts processing: status 4 comes from it.
        await hub_record(stack, one.code, 4)
        for event in (one.resolved(), one.returned()):
            await send(stack, event)
    for one in lives:
        record = await hub_record(stack, one.code, 10)
        statuses = [int(v["record"]["TrangThaiHoSo"]) for v in record["history"]]
        assert statuses == sorted(statuses)  # 1, 2, 4, 9, 10 in order, some coalesced
        assert record["record"]["TenTTHC"] == "Đăng ký khai sinh"  # named by the real catalog
        assert record["record"]["MaLinhVuc"] == "G09-TP05"
        detail = await synced(gateway, e2e_tokens, one.code, "synced")
        assert detail["pushed_version"] == detail["version"]
        steps = [p["entry"]["NoiDungXuLy"] for p in record["progress"]]
        assert steps[:2] == [
            "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công",
            f"Tiếp nhận hồ sơ, hẹn trả kết quả ngày {one.appointment:%d/%m/%Y}",
        ]
        assert "Chuyển cơ quan có thẩm quyền giải quyết" in steps  # workflow's own event
    calls = (await hub(stack, "GET", "/simulator/calls")).json()
    assert any(c["status"] == 503 for c in calls), "the hub refused calls while it was down"
    summary = (
        await gateway.get(f"/v1/national-sync/summary?agency_code={WARD}", headers=admin(e2e_tokens))
    ).json()
    assert summary["jobs"]["pending"] == 0 and summary["dossiers"]["synced"] >= len(lives)


async def test_a_refused_record_is_shown_to_the_operator_and_sent_again(
    fast_sync: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    stack = fast_sync
    (await hub(stack, "POST", "/simulator/agencies", json={"codes": ["000.00.00.G12"]})).raise_for_status()
    try:
        one = life()
        await send(stack, one.submitted(with_code=True))
        detail = await synced(gateway, e2e_tokens, one.code, "parked")
        [job] = [j for j in detail["jobs"] if j["state"] == "parked"]
        assert "chưa được khai báo" in job["error"]
        listed = (await gateway.get("/v1/national-sync/failures?limit=100", headers=admin(e2e_tokens))).json()
        assert one.code in [f["dossier_code"] for f in listed["items"]]
        citizen = await gateway.get("/v1/national-sync/failures", headers=e2e_tokens.headers(kind="citizen"))
        assert citizen.status_code == 403
        (await hub(stack, "POST", "/simulator/agencies", json={"codes": [WARD]})).raise_for_status()
        retried = await gateway.post(
            f"/v1/national-sync/failures/{job['id']}/retry", headers=admin(e2e_tokens)
        )
        assert retried.status_code == 200, retried.text
        await hub_record(stack, one.code, 1)
        await synced(gateway, e2e_tokens, one.code, "synced")
    finally:
        (await hub(stack, "DELETE", "/simulator/agencies")).raise_for_status()


async def test_a_dossier_received_at_the_desk_reaches_the_hub_with_its_code(
    fast_sync: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    """The real path: intake files and receives a paper dossier (R-INT-1, R-INT-2), workflow starts
    processing, and the hub holds the record under the code the desk issued (R-OPS-5, R-FMT-4)."""
    stack = fast_sync
    filed = await file_at_counter(gateway, e2e_tokens, f"citizen-{uuid.uuid4()}", name="Trần Văn Bảo")
    waiting = await synced(gateway, e2e_tokens, filed["id"], "held")  # no code before the reception
    assert waiting["missing_fields"] == ["MaHoSo"] and waiting["national_status"] == 1
    current = await gateway.get(f"/v1/reception/dossiers/{filed['id']}", headers=officer(e2e_tokens))
    assert current.status_code == 200, current.text  # intake may have moved it on meanwhile (its printout)
    received = await receive(gateway, e2e_tokens, current.json())
    code, appointment = received["code"], received["appointment_date"]

    record = await hub_record(stack, code, 4)  # workflow started processing on the reception
    held = record["record"]
    assert held["MaTTHC"] == SUPPORT_PROCEDURE and held["DonViXuLy"] == SUPPORT_AGENCY
    assert held["TenTTHC"] == "Cấp thẻ thẩm định viên về giá"
    assert held["ChuHoSo"] == "Trần Văn Bảo" and held["HinhThuc"] == "1" and held["LoaiDoiTuong"] == "1"
    assert held["NgayHenTra"] == appointment.replace("-", "") + "170000"
    statuses = [int(v["record"]["TrangThaiHoSo"]) for v in record["history"]]
    assert statuses == sorted(statuses) and statuses[-1] == 4
    detail = await synced(gateway, e2e_tokens, code, "synced")
    assert detail["dossier_id"] == filed["id"]
    steps = [p["entry"]["NoiDungXuLy"] for p in record["progress"]]
    assert "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa" in steps
    assert any(step.startswith("Tiếp nhận hồ sơ, hẹn trả kết quả ngày") for step in steps)
