"""Agencies over HTTP: QCVN 102 codes (R-FMT-1), hierarchy and levels (R-CAT-3), contact and bank
account, If-Match, authorization, and ``agency.updated`` through the outbox."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from catalog.db import tables
from contracts.events import AGENCY_UPDATED
from servicekit.app import runtime_of
from services.catalog.tests.service.support import CITY, JUSTICE, PROVINCE, WARD, Catalog


async def agency_events(catalog: Catalog, code: str) -> list[dict[str, Any]]:
    async with runtime_of(catalog.app).db.transaction() as session:
        rows = await session.execute(
            select(tables.outbox.c.value, tables.outbox.c.headers)
            .where(tables.outbox.c.event_type == AGENCY_UPDATED)
            .order_by(tables.outbox.c.id)
        )
        return [json.loads(value) for value, headers in rows if headers.get("ce_subject") == code]


async def test_a_department_is_declared_by_its_provinces_admin_with_contact_and_bank_account(
    catalog: Catalog,
) -> None:
    body = {
        "code": "000.00.05.H49",
        "name": "Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh",
        "parent_code": PROVINCE,
        "administrative_level": "province",
        "address": "Trụ sở Liên cơ quan số 3, phường Hồng Hà, thành phố Hạ Long",
        "phone": "0203 3835 000",
        "feedback_email": "skhdt@quangninh.gov.vn",
        "bank_account": {
            "bank_name": "Kho bạc Nhà nước Quảng Ninh",
            "account_number": "3511012345678",
            "account_holder": "Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh",
        },
    }
    response = await catalog.client.post("/v1/agencies", json=body, headers=catalog.admin(PROVINCE))
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/v1/agencies/000.00.05.H49"
    read = await catalog.ok("GET", "/v1/agencies/000.00.05.H49")
    assert read["bank_account"]["account_number"] == "3511012345678"
    assert read["administrative_level_label"] == "Cấp Tỉnh"
    (event,) = await agency_events(catalog, "000.00.05.H49")
    assert event["agency_code"] == "000.00.05.H49" and event["parent_code"] == PROVINCE and event["active"]
    # R-PAY-3: payments learns the published account from the event, to match transfers to it.
    assert event["bank_account"] == {
        "bank_name": "Kho bạc Nhà nước Quảng Ninh",
        "account_number": "3511012345678",
        "account_holder": "Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh",
        "branch": None,
    }


async def test_r_fmt_1_codes_out_of_format_or_outside_the_parents_numbering_are_refused(
    catalog: Catalog,
) -> None:
    system = catalog.system()
    for body, field, code in (
        (
            {"code": "000.00.00.X49", "name": "Sai mã", "administrative_level": "province"},
            "code",
            "string_pattern_mismatch",
        ),
        (
            {"code": "00.00.00.H49", "name": "Sai mã", "administrative_level": "province"},
            "code",
            "string_pattern_mismatch",
        ),
        (
            {
                "code": "000.00.07.H55",
                "name": "Sở X",
                "parent_code": PROVINCE,
                "administrative_level": "province",
            },
            "parent_code",
            "not_below_parent",
        ),
        (
            {
                "code": "000.00.07.H49",
                "name": "Sở X",
                "parent_code": "000.00.00.H01",
                "administrative_level": "province",
            },
            "parent_code",
            "unknown_parent",
        ),
        (
            {"code": "000.00.00.G20", "name": "Bộ X", "administrative_level": "province"},
            "administrative_level",
            "central_unit_level",
        ),
        (
            {
                "code": "000.00.32.H49",
                "name": "Huyện Y",
                "parent_code": CITY,
                "administrative_level": "province",
            },
            "parent_code",
            "not_below_parent",
        ),
        (
            {
                "code": "000.02.31.H49",
                "name": "Xã Z",
                "parent_code": CITY,
                "administrative_level": "province",
            },
            "administrative_level",
            "above_parent",
        ),
    ):
        response = await catalog.client.post("/v1/agencies", json=body, headers=system)
        assert response.status_code == 422, (body, response.text)
        assert (field, code) in [(e["field"], e["code"]) for e in response.json()["errors"]], response.json()
    bad_path = await catalog.client.get("/v1/agencies/G12")
    assert bad_path.status_code == 422 and bad_path.json()["errors"][0]["field"] == "path.code"
    assert (await catalog.client.get("/v1/agencies/000.00.99.H49")).json()["code"] == "agency_not_found"
    duplicate = await catalog.client.post(
        "/v1/agencies",
        json={"code": PROVINCE, "name": "Trùng", "administrative_level": "province"},
        headers=system,
    )
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "agency_exists"


async def test_only_admins_of_the_agency_concerned_change_it(catalog: Catalog) -> None:
    top = {"code": "000.00.00.H22", "name": "UBND tỉnh Bình Định", "administrative_level": "province"}
    for headers, status in (({}, 401), (catalog.citizen(), 403), (catalog.admin(PROVINCE), 403)):
        assert (await catalog.client.post("/v1/agencies", json=top, headers=headers)).status_code == status
    child = {
        "code": "000.00.08.H49",
        "name": "Sở Y tế",
        "parent_code": PROVINCE,
        "administrative_level": "province",
    }
    refused = await catalog.client.post("/v1/agencies", json=child, headers=catalog.admin(JUSTICE))
    assert refused.status_code == 403 and refused.json()["code"] == "not_agency_admin"
    assert "000.00.00.H49" in refused.json()["detail"]
    english = await catalog.client.post(
        "/v1/agencies", json=child, headers=catalog.admin(JUSTICE) | {"Accept-Language": "en"}
    )
    assert english.json()["title"] == "Forbidden" and english.json()["detail"].startswith("Only a catalogue")
    path = f"/v1/agencies/{WARD}"
    etag = (await catalog.client.get(path)).headers["etag"]
    other = await catalog.client.patch(
        path, json={"phone": "0203 3825 111"}, headers=catalog.admin(CITY) | {"If-Match": etag}
    )
    assert other.status_code == 403


async def test_changes_need_the_current_etag_and_emit_the_full_state(catalog: Catalog) -> None:
    path = f"/v1/agencies/{JUSTICE}"
    admin = catalog.admin(JUSTICE)
    assert (
        await catalog.client.patch(path, json={"phone": "0203 3835 649"}, headers=admin)
    ).status_code == 428
    etag = (await catalog.client.get(path)).headers["etag"]
    changed = await catalog.client.patch(
        path,
        json={"phone": "0203 3835 649", "feedback_email": "motcua@stp.quangninh.gov.vn"},
        headers=admin | {"If-Match": etag},
    )
    assert changed.status_code == 200, changed.text
    assert (
        changed.json()["feedback_email"] == "motcua@stp.quangninh.gov.vn" and changed.headers["etag"] != etag
    )
    stale = await catalog.client.patch(
        path, json={"phone": "0203 3835 650"}, headers=admin | {"If-Match": etag}
    )
    assert stale.status_code == 412
    bad = await catalog.client.patch(
        path, json={"feedback_email": "không phải email"}, headers=admin | {"If-Match": "*"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "feedback_email"
    events = await agency_events(catalog, JUSTICE)
    assert [e["name"] for e in events] == ["Sở Tư pháp tỉnh Quảng Ninh"] * 2  # created, then changed


async def test_agencies_are_listed_by_parent_level_and_name_page_by_page(catalog: Catalog) -> None:
    children = await catalog.ok("GET", "/v1/agencies", params={"parent": PROVINCE})
    assert {a["code"] for a in children["items"]} >= {JUSTICE, CITY}
    communes = await catalog.ok("GET", "/v1/agencies", params={"administrative_level": "commune"})
    assert [a["code"] for a in communes["items"]] == [WARD]
    by_name = await catalog.ok("GET", "/v1/agencies", params={"q": "so tu phap"})
    assert [a["code"] for a in by_name["items"]] == [JUSTICE]
    seen, cursor = [], None
    while True:
        page = await catalog.ok(
            "GET", "/v1/agencies", params={"limit": 2} | ({"cursor": cursor} if cursor else {})
        )
        seen += [a["code"] for a in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) >= 6
