"""R-OPS-1 maintenance windows: system administrators schedule them at least one whole working day
ahead (national calendar, declared days included), the public API announces current and upcoming
ones with their expected end, a window can be cancelled or ended early, and every change is an event
on the catalog topic for notify to announce."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from catalog.maintenance.models import MaintenanceWindow
from catalog.maintenance.rules import earliest_start
from contracts.events import (
    CATALOG_TOPIC,
    MAINTENANCE_CANCELLED,
    MAINTENANCE_EXTENDED,
    MAINTENANCE_SCHEDULED,
    MaintenanceCancelled,
    MaintenanceExtended,
    MaintenanceScheduled,
)
from servicekit.calendar import VN_TZ, WorkingCalendar
from servicekit.db import utcnow
from servicekit.testing.kafka import collect
from services.catalog.tests.service.support import PROVINCE, Catalog

PATH = "/v1/maintenance-windows"
MESSAGE = {"message_vi": "Nâng cấp hạ tầng máy chủ.", "message_en": "Upgrading the servers."}


def window(start: datetime, hours: float = 4, **extra: Any) -> dict[str, Any]:
    end = start + timedelta(hours=hours)
    return {"starts_at": start.isoformat(), "expected_end_at": end.isoformat(), **MESSAGE, **extra}


def first_allowed() -> datetime:
    return earliest_start(utcnow(), WorkingCalendar())


async def events_of(catalog: Catalog, window_id: str, count: int) -> list[Any]:
    """The maintenance events of one window on the catalog topic, once ``count`` of them are there."""

    def mine(events: list[Any]) -> list[Any]:
        return [e for e in events if e.type.startswith("vn.motcua.maintenance.") and e.subject == window_id]

    return mine(await collect(catalog.kafka, CATALOG_TOPIC, until=lambda events: len(mine(events)) >= count))


async def test_r_ops_1_a_window_is_scheduled_a_working_day_ahead_and_announced(catalog: Catalog) -> None:
    start = first_allowed() + timedelta(days=7, hours=22)
    created = await catalog.client.post(PATH, json=window(start), headers=catalog.system())
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == f"{PATH}/{body['id']}"
    assert body["status"] == "upcoming" and body["status_label"] == "Sắp diễn ra"
    assert datetime.fromisoformat(body["starts_at"]) == start and body["message"] == MESSAGE["message_vi"]
    assert body["scheduled_by"].startswith("sys-")

    public = await catalog.ok("GET", PATH)
    (announced,) = [w for w in public["items"] if w["id"] == body["id"]]
    assert announced["scheduled_by"] is None  # who scheduled it is for administrators
    english = await catalog.ok("GET", f"{PATH}/{body['id']}", headers={"Accept-Language": "en"})
    assert english["message"] == "Upgrading the servers." and english["status_label"] == "Upcoming"

    (event,) = await events_of(catalog, body["id"], 1)
    assert event.type == MAINTENANCE_SCHEDULED
    payload = MaintenanceScheduled.model_validate(event.data)
    assert payload.starts_at == start and payload.expected_end_at == start + timedelta(hours=4)
    assert payload.message_vi == MESSAGE["message_vi"] and payload.message_en == MESSAGE["message_en"]

    # The same request again with its Idempotency-Key: the same window, not a second one.
    same_admin = catalog.system() | {"Idempotency-Key": str(uuid.uuid4())}
    later = window(start + timedelta(days=3))
    once = await catalog.client.post(PATH, json=later, headers=same_admin)
    twice = await catalog.client.post(PATH, json=later, headers=same_admin)
    assert once.status_code == twice.status_code == 201 and once.json()["id"] == twice.json()["id"]
    assert twice.headers["idempotent-replayed"] == "true"
    await catalog.ok("POST", f"{PATH}/{once.json()['id']}/cancel", headers=catalog.system())


async def test_r_ops_1_too_little_notice_is_refused_and_nothing_is_stored(catalog: Catalog) -> None:
    before = await catalog.ok("GET", PATH, params={"history": "true"}, headers=catalog.system())
    earliest = first_allowed()
    response = await catalog.client.post(
        PATH,
        json=window(earliest - timedelta(minutes=1)),
        headers=catalog.system() | {"Accept-Language": "en"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "maintenance_window_invalid"
    (error,) = problem["errors"]
    assert error["field"] == "starts_at" and error["code"] == "notice_too_short"
    assert earliest.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") in error["message"]
    assert "working day" in error["message"]

    vietnamese = await catalog.client.post(PATH, json=window(utcnow(), hours=0), headers=catalog.system())
    assert {(e["field"], e["code"]) for e in vietnamese.json()["errors"]} == {
        ("starts_at", "notice_too_short"),
        ("expected_end_at", "end_before_start"),
    }
    assert "ngày làm việc" in vietnamese.json()["errors"][0]["message"]
    too_long = await catalog.client.post(PATH, json=window(earliest, hours=73), headers=catalog.system())
    assert [e["code"] for e in too_long.json()["errors"]] == ["too_long"]
    naive = await catalog.client.post(
        PATH, json=window(earliest) | {"starts_at": "2030-01-01T22:00:00"}, headers=catalog.system()
    )
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"].endswith("starts_at")
    after = await catalog.ok("GET", PATH, params={"history": "true"}, headers=catalog.system())
    assert after["items"] == before["items"]


async def test_r_ops_1_a_declared_national_day_off_is_not_a_day_of_notice(catalog: Catalog) -> None:
    earliest = first_allowed()
    notice_day = (earliest - timedelta(days=1)).astimezone(VN_TZ).date()
    declared = await catalog.client.put(
        f"/v1/agencies/national/calendar/overrides/{notice_day.isoformat()}",
        json={"kind": "day_off", "note": "Nghỉ bù"},
        headers=catalog.system(),
    )
    assert declared.status_code in (200, 201), declared.text
    try:
        refused = await catalog.client.post(PATH, json=window(earliest), headers=catalog.system())
        assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "notice_too_short"
    finally:
        gone = await catalog.client.delete(
            f"/v1/agencies/national/calendar/overrides/{notice_day.isoformat()}", headers=catalog.system()
        )
        assert gone.status_code == 204


async def test_only_system_administrators_schedule_cancel_or_read_the_history(catalog: Catalog) -> None:
    body = window(first_allowed() + timedelta(days=20))
    assert (await catalog.client.post(PATH, json=body)).status_code == 401
    for headers in (catalog.citizen(), catalog.admin(PROVINCE)):
        refused = await catalog.client.post(PATH, json=body, headers=headers)
        assert refused.status_code == 403, refused.text
        history = await catalog.client.get(PATH, params={"history": "true"}, headers=headers)
        assert history.status_code == 403
    assert (await catalog.client.get(PATH, params={"history": "true"})).status_code == 401
    unknown = await catalog.client.post(f"{PATH}/{uuid.uuid4()}/cancel", headers=catalog.system())
    assert unknown.status_code == 404 and unknown.json()["code"] == "maintenance_window_not_found"


async def test_windows_do_not_overlap_and_a_cancelled_one_frees_its_time(catalog: Catalog) -> None:
    start = first_allowed() + timedelta(days=30, hours=21)
    first = await catalog.ok("POST", PATH, json=window(start), headers=catalog.system(), status=201)
    clash = await catalog.client.post(PATH, json=window(start + timedelta(hours=3)), headers=catalog.system())
    assert clash.status_code == 422 and clash.json()["errors"][0]["code"] == "overlap"
    citizen_cancel = await catalog.client.post(f"{PATH}/{first['id']}/cancel", headers=catalog.citizen())
    assert citizen_cancel.status_code == 403
    cancelled = await catalog.ok("POST", f"{PATH}/{first['id']}/cancel", headers=catalog.system())
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"]
    again = await catalog.client.post(f"{PATH}/{first['id']}/cancel", headers=catalog.system())
    assert again.status_code == 409 and again.json()["code"] == "maintenance_window_closed"
    assert first["id"] not in [w["id"] for w in (await catalog.ok("GET", PATH))["items"]]
    moved = await catalog.ok(
        "POST", PATH, json=window(start + timedelta(hours=3)), headers=catalog.system(), status=201
    )

    mine = await events_of(catalog, first["id"], 2)
    assert [e.type for e in mine] == [MAINTENANCE_SCHEDULED, MAINTENANCE_CANCELLED]
    assert MaintenanceCancelled.model_validate(mine[1].data).cancelled_by == cancelled["cancelled_by"]
    await catalog.ok("POST", f"{PATH}/{moved['id']}/cancel", headers=catalog.system())


async def test_a_window_in_progress_is_announced_until_it_ends_and_can_end_early(catalog: Catalog) -> None:
    """Windows reach "in progress" only with time; the rows are written as the passage of time leaves them."""
    now = utcnow()
    running = MaintenanceWindow(
        starts_at=now - timedelta(minutes=30),
        expected_end_at=now + timedelta(hours=1),
        message_vi="Đang nâng cấp cơ sở dữ liệu.",
        scheduled_by="sys-admin",
        created_at=now - timedelta(days=3),
    )
    over = MaintenanceWindow(
        starts_at=now - timedelta(hours=5),
        expected_end_at=now - timedelta(hours=1),
        message_vi="Đã xong.",
        scheduled_by="sys-admin",
        created_at=now - timedelta(days=4),
    )
    async with catalog.app.state.runtime.db.transaction() as session:
        session.add_all([running, over])
    public = await catalog.ok("GET", PATH, headers={"Accept-Language": "en"})
    shown = {w["id"]: w for w in public["items"]}
    assert str(over.id) not in shown
    current = shown[str(running.id)]
    assert current["status"] == "in_progress" and current["message"] == "Đang nâng cấp cơ sở dữ liệu."
    ended = await catalog.client.post(f"{PATH}/{over.id}/cancel", headers=catalog.system())
    assert ended.status_code == 409
    overrun = {"expected_end_at": (now + timedelta(hours=2)).isoformat()}
    longer = await catalog.ok(
        "POST", f"{PATH}/{running.id}/extension", json=overrun, headers=catalog.system()
    )
    assert longer["status"] == "in_progress" and datetime.fromisoformat(longer["expected_end_at"]) > now
    too_late = await catalog.client.post(
        f"{PATH}/{over.id}/extension", json=overrun, headers=catalog.system()
    )
    assert too_late.status_code == 409
    early = await catalog.ok("POST", f"{PATH}/{running.id}/cancel", headers=catalog.system())
    assert early["status"] == "cancelled"
    assert str(running.id) not in [w["id"] for w in (await catalog.ok("GET", PATH))["items"]]
    history = await catalog.ok(
        "GET", PATH, params={"history": "true", "limit": 100}, headers=catalog.system()
    )
    statuses = {w["id"]: w["status"] for w in history["items"]}
    assert statuses[str(over.id)] == "ended" and statuses[str(running.id)] == "cancelled"


async def test_r_ops_1_an_overrun_moves_the_announced_end_later(catalog: Catalog) -> None:
    """The announced return time stays true: a window to come or in progress can end later."""
    start = first_allowed() + timedelta(days=40, hours=21)
    planned = await catalog.ok("POST", PATH, json=window(start), headers=catalog.system(), status=201)
    following = await catalog.ok(
        "POST", PATH, json=window(start + timedelta(hours=10)), headers=catalog.system(), status=201
    )
    extension = f"{PATH}/{planned['id']}/extension"
    later = start + timedelta(hours=6)
    body = {"expected_end_at": later.isoformat(), "message_vi": "Nâng cấp kéo dài thêm hai giờ."}
    assert (await catalog.client.post(extension, json=body, headers=catalog.citizen())).status_code == 403
    extended = await catalog.ok("POST", extension, json=body, headers=catalog.system())
    assert datetime.fromisoformat(extended["expected_end_at"]) == later
    assert (
        extended["message_vi"] == "Nâng cấp kéo dài thêm hai giờ."
        and extended["message_en"] == MESSAGE["message_en"]
    )

    earlier = await catalog.client.post(
        extension,
        json={"expected_end_at": (later - timedelta(hours=1)).isoformat()},
        headers=catalog.system(),
    )
    assert earlier.status_code == 422 and earlier.json()["errors"][0]["code"] == "not_later"
    into_next = await catalog.client.post(
        extension,
        json={"expected_end_at": (start + timedelta(hours=11)).isoformat()},
        headers=catalog.system(),
    )
    assert into_next.status_code == 422 and into_next.json()["errors"][0]["code"] == "overlap"
    await catalog.ok("POST", f"{PATH}/{following['id']}/cancel", headers=catalog.system())
    too_long = await catalog.client.post(
        extension,
        json={"expected_end_at": (start + timedelta(hours=73)).isoformat()},
        headers=catalog.system(),
    )
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["code"] == "too_long"

    mine = await events_of(catalog, planned["id"], 2)
    assert [e.type for e in mine] == [MAINTENANCE_SCHEDULED, MAINTENANCE_EXTENDED]
    moved = MaintenanceExtended.model_validate(mine[1].data)
    assert moved.previous_expected_end_at == start + timedelta(hours=4) and moved.expected_end_at == later
    assert moved.message_vi == "Nâng cấp kéo dài thêm hai giờ."
    await catalog.ok("POST", f"{PATH}/{planned['id']}/cancel", headers=catalog.system())
    closed = await catalog.client.post(
        extension,
        json={"expected_end_at": (later + timedelta(hours=1)).isoformat()},
        headers=catalog.system(),
    )
    assert closed.status_code == 409
