"""The working calendar over HTTP (R-FMT-7, R-FMT-8): effective days off per agency, due dates,
administrators' overrides, and ``calendar.changed`` with the complete set."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from catalog.db import tables
from contracts.events import CALENDAR_CHANGED
from servicekit.app import runtime_of
from services.catalog.tests.service.support import CITY, JUSTICE, PROVINCE, WARD, Catalog


async def calendar_events(catalog: Catalog) -> list[tuple[str | None, dict[str, Any]]]:
    async with runtime_of(catalog.app).db.transaction() as session:
        rows = await session.execute(
            select(tables.outbox.c.value, tables.outbox.c.headers)
            .where(tables.outbox.c.event_type == CALENDAR_CHANGED)
            .order_by(tables.outbox.c.id)
        )
        return [(headers.get("ce_subject"), json.loads(value)) for value, headers in rows]


async def test_r_fmt_8_the_due_date_skips_tet(catalog: Catalog) -> None:
    due = await catalog.ok(
        "GET", f"/v1/agencies/{WARD}/due-date", params={"received_on": "2026-02-13", "working_days": 5}
    )
    assert due["due_date"] == "2026-02-27"
    view = await catalog.ok(
        "GET", f"/v1/agencies/{WARD}/calendar", params={"from": "2026-02-09", "to": "2026-02-22"}
    )
    assert view["working_day_count"] == 5
    reasons = {d["day"]: (d["reason"], d["name"]) for d in view["days_off"]}
    assert reasons["2026-02-17"] == ("holiday", "Tết Nguyên Đán") and reasons["2026-02-14"][0] == "weekend"


async def test_r_fmt_7_declared_days_apply_to_the_agency_and_its_units(catalog: Catalog) -> None:
    system, province_admin = catalog.system(), catalog.admin(PROVINCE)
    # The government swaps a Saturday to bridge a holiday (national); the province adds a local day off.
    national = await catalog.client.put(
        "/v1/agencies/national/calendar/overrides/2026-05-09",
        json={"kind": "working_day", "note": "Làm bù cho ngày 04/05/2026"},
        headers=system,
    )
    assert national.status_code == 201, national.text
    await catalog.ok(
        "PUT",
        "/v1/agencies/national/calendar/overrides/2026-05-04",
        json={"kind": "day_off"},
        headers=system,
        status=201,
    )
    local = await catalog.client.put(
        f"/v1/agencies/{PROVINCE}/calendar/overrides/2026-05-06",
        json={"kind": "day_off", "note": "Ngày truyền thống của tỉnh"},
        headers=province_admin,
    )
    assert local.status_code == 201
    again = await catalog.client.put(
        f"/v1/agencies/{PROVINCE}/calendar/overrides/2026-05-06",
        json={"kind": "day_off", "note": "Kỷ niệm ngày thành lập tỉnh"},
        headers=province_admin,
    )
    assert again.status_code == 200

    ward = await catalog.ok(
        "GET", f"/v1/agencies/{WARD}/calendar", params={"from": "2026-05-04", "to": "2026-05-10"}
    )
    off = {d["day"]: d for d in ward["days_off"]}
    assert off["2026-05-04"]["reason"] == "declared" and off["2026-05-04"]["scope"] == "national"
    assert (
        off["2026-05-06"]["name"] == "Kỷ niệm ngày thành lập tỉnh" and off["2026-05-06"]["scope"] == PROVINCE
    )
    assert [d["day"] for d in ward["working_weekend_days"]] == ["2026-05-09"]
    other = await catalog.ok(
        "GET", "/v1/agencies/000.00.00.H55/calendar", params={"from": "2026-05-04", "to": "2026-05-10"}
    )
    assert "2026-05-06" not in {d["day"] for d in other["days_off"]}
    due = await catalog.ok(
        "GET", f"/v1/agencies/{JUSTICE}/due-date", params={"received_on": "2026-05-01", "working_days": 3}
    )
    assert due["due_date"] == "2026-05-08"  # 4/5 and 6/5 off, 5/5, 7/5 and 8/5 count

    events = await calendar_events(catalog)
    assert events[-1] == (f"agency/{PROVINCE}", events[-1][1])
    assert events[-1][1]["extra_days_off"] == ["2026-05-06"]  # the complete set of the province
    national_events = [data for subject, data in events if subject is None]
    assert national_events[-1]["working_days"] == ["2026-05-09"] and national_events[-1][
        "extra_days_off"
    ] == ["2026-05-04"]

    listed = await catalog.ok(
        "GET", "/v1/agencies/national/calendar/overrides", params={"year": 2026, "limit": 1}
    )
    assert [o["day"] for o in listed["items"]] == ["2026-05-04"] and listed["next_cursor"]
    removed = await catalog.client.delete(
        f"/v1/agencies/{PROVINCE}/calendar/overrides/2026-05-06", headers=province_admin
    )
    assert removed.status_code == 204
    assert (await calendar_events(catalog))[-1][1]["extra_days_off"] == []
    missing = await catalog.client.delete(
        f"/v1/agencies/{PROVINCE}/calendar/overrides/2026-05-06", headers=province_admin
    )
    assert missing.status_code == 404


async def test_only_system_admins_declare_national_days_and_agency_admins_their_own(catalog: Catalog) -> None:
    body = {"kind": "day_off"}
    assert (
        await catalog.client.put("/v1/agencies/national/calendar/overrides/2026-06-01", json=body)
    ).status_code == 401
    refused = await catalog.client.put(
        "/v1/agencies/national/calendar/overrides/2026-06-01", json=body, headers=catalog.admin(PROVINCE)
    )
    assert refused.status_code == 403 and refused.json()["code"] == "system_admin_only"
    other = await catalog.client.put(
        f"/v1/agencies/{CITY}/calendar/overrides/2026-06-01", json=body, headers=catalog.admin(WARD)
    )
    assert other.status_code == 403
    citizen = await catalog.client.put(
        f"/v1/agencies/{CITY}/calendar/overrides/2026-06-01", json=body, headers=catalog.citizen()
    )
    assert citizen.status_code == 403


async def test_calendar_ranges_and_unknown_agencies_are_problems(catalog: Catalog) -> None:
    too_long = await catalog.client.get(
        f"/v1/agencies/{WARD}/calendar", params={"from": "2026-01-01", "to": "2027-06-01"}
    )
    assert too_long.status_code == 422 and too_long.json()["code"] == "calendar_range_invalid"
    unknown = await catalog.client.get(
        "/v1/agencies/000.00.77.H49/due-date", params={"received_on": "2026-01-05", "working_days": 1}
    )
    assert unknown.status_code == 404
    bad_kind = await catalog.client.put(
        f"/v1/agencies/{WARD}/calendar/overrides/2026-06-01",
        json={"kind": "holiday"},
        headers=catalog.system(),
    )
    assert bad_kind.status_code == 422 and bad_kind.json()["errors"][0]["field"] == "kind"
