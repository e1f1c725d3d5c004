"""R-OPS-1 through the real stack: a system administrator schedules maintenance at least one working
day ahead through the gateway; the portal announces it publicly and every signed-in user finds the
notice in their inbox; cancelling withdraws both. During a window the gateway answers every request
503 problem+json with Retry-After, except health and the announcement, and serves normally after."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from servicekit.calendar import VN_TZ, WorkingCalendar
from servicekit.testing import TokenFactory, eventually

pytestmark = pytest.mark.e2e

PATH = "/v1/maintenance-windows"


def earliest_start(now: datetime) -> datetime:
    """One whole working day after today, at 00:00 in Hanoi (the rule catalog enforces, ADR 18)."""
    day = WorkingCalendar().add_working_days(now.astimezone(VN_TZ).date(), 1) + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=VN_TZ)


async def notices(gateway: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await gateway.get("/v1/inbox", headers=headers)
    assert response.status_code == 200, response.text
    return [item for item in response.json()["items"] if item["broadcast"]]


async def test_r_ops_1_maintenance_is_scheduled_ahead_announced_and_cancelled(
    gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    admin = e2e_tokens.headers(f"sysadmin-{uuid.uuid4()}", kind="official", roles=["system_admin"])
    citizen = e2e_tokens.headers(f"citizen-{uuid.uuid4()}")
    start = earliest_start(datetime.now(UTC)) + timedelta(days=1, hours=22)
    body = {
        "starts_at": start.isoformat(),
        "expected_end_at": (start + timedelta(hours=4)).isoformat(),
        "message_vi": "Nâng cấp hạ tầng máy chủ của Cổng Dịch vụ công.",
        "message_en": "Upgrading the servers of the Public Service Portal.",
    }
    too_soon = await gateway.post(
        PATH, json=body | {"starts_at": datetime.now(UTC).isoformat()}, headers=admin
    )
    assert too_soon.status_code == 422 and too_soon.json()["errors"][0]["code"] == "notice_too_short"
    refused = await gateway.post(PATH, json=body, headers=citizen)
    assert refused.status_code == 403

    created = await gateway.post(PATH, json=body, headers=admin | {"Idempotency-Key": str(uuid.uuid4())})
    assert created.status_code == 201, created.text
    window = created.json()
    try:
        announced = await gateway.get(PATH)  # public: no token
        assert announced.status_code == 200
        (shown,) = [w for w in announced.json()["items"] if w["id"] == window["id"]]
        assert shown["status"] == "upcoming" and datetime.fromisoformat(
            shown["expected_end_at"]
        ) == start + timedelta(hours=4)

        async def notified() -> list[dict[str, Any]]:
            return await notices(gateway, citizen)

        (notice,) = await eventually(notified, timeout=60, message="the maintenance notice in the inbox")
        assert notice["title"] == "Thông báo bảo trì Cổng Dịch vụ công"
        assert f"{start.astimezone(VN_TZ):%d/%m/%Y}" in notice["body"]
        assert notice["body"].endswith(body["message_vi"])
    finally:
        cancelled = await gateway.post(f"{PATH}/{window['id']}/cancel", headers=admin)
        assert cancelled.status_code == 200, cancelled.text
    assert window["id"] not in [w["id"] for w in (await gateway.get(PATH)).json()["items"]]

    async def withdrawn() -> bool:
        return not await notices(gateway, citizen)

    await eventually(withdrawn, timeout=60, message="the notice withdrawn from the inbox")


async def test_r_ops_1_during_a_window_the_gateway_answers_503_and_serves_again_after(
    stack: Any, gateway: httpx.AsyncClient
) -> None:
    """A window reaches "in progress" only with time (days after it was announced): the operator writes
    one as time would leave it, starting in a few seconds, straight into the catalog's table."""
    assert (await gateway.get("/v1/procedures/1.005129")).status_code == 200
    now = datetime.now(UTC)
    starts_at, ends_at = now + timedelta(seconds=6), now + timedelta(seconds=16)
    url = stack.database_url("catalog").replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "INSERT INTO maintenance_window (id, starts_at, expected_end_at, message_vi, message_en, status,"
            " scheduled_by, created_at) VALUES ($1, $2, $3, $4, $5, 'scheduled', 'operator', $6)",
            uuid.uuid4(),
            starts_at,
            ends_at,
            "Chuyển đổi cơ sở dữ liệu.",
            "Migrating the database.",
            now - timedelta(days=2),
        )
    finally:
        await connection.close()

    async def refused() -> httpx.Response:
        response = await gateway.get("/v1/procedures/1.005129", headers={"Accept-Language": "en"})
        assert response.status_code == 503
        return response

    during = await eventually(refused, timeout=30, interval=0.2, message="the gateway under maintenance")
    assert datetime.now(UTC) >= starts_at
    retry_after = int(during.headers["retry-after"])
    assert 1 <= retry_after <= math.ceil((ends_at - datetime.now(UTC)).total_seconds()) + 1
    problem = during.json()
    assert during.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "under_maintenance" and "Migrating the database." in problem["detail"]
    for path in ("/v1/dossiers", "/v1/statistics", "/docs"):
        assert (await gateway.get(path)).status_code == 503, path
    for path in ("/healthz", "/readyz", PATH):
        assert (await gateway.get(path)).status_code == 200, path

    async def served() -> bool:
        return (await gateway.get("/v1/procedures/1.005129")).status_code == 200

    await eventually(served, timeout=30, interval=0.2, message="normal service after the window")
    assert datetime.now(UTC) >= ends_at
