"""Procedures over HTTP with a real PostgreSQL and broker: R-CAT-1 completeness, R-CAT-2 levels,
R-CAT-5 versions (draft → published → superseded, immutable, validity), authorization, events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from catalog.clock import today_vn
from catalog.db import tables
from contracts.events import CATALOG_TOPIC, PROCEDURE_PUBLISHED
from servicekit.app import runtime_of
from servicekit.testing.kafka import collect
from services.catalog.tests.service.support import CITY, FORM, JUSTICE, WARD, Catalog, content


async def outbox_types(catalog: Catalog, key: str) -> list[str]:
    async with runtime_of(catalog.app).db.transaction() as session:
        rows = await session.execute(
            select(tables.outbox.c.event_type).where(tables.outbox.c.key == key).order_by(tables.outbox.c.id)
        )
        return [r[0] for r in rows]


async def test_r_cat_1_a_complete_procedure_is_published_with_its_event(catalog: Catalog) -> None:
    sheet = await catalog.published("1.000101", content(name="Đăng ký lại khai sinh"))
    assert sheet["status"] == "published" and sheet["in_force"] and sheet["version"] == 1
    assert sheet["valid_from"] == today_vn().isoformat()
    assert sheet["agency"]["name"] == "UBND phường Hồng Gai"
    assert sheet["field"] == {
        "code": "G09-TP05",
        "name": "Hộ tịch",
        "sector_code": "TU_PHAP",
        "sector_name": "Tư pháp",
    }
    assert sheet["online_mode"] == "full" and sheet["online_mode_label"] == "Toàn trình"
    assert sheet["eforms"][0]["schema_url"] == "/v1/procedures/1.000101/versions/1/eforms/TK01/schema"
    # Every R-CAT-1 field is structured data in the sheet.
    for name in (
        "steps",
        "methods",
        "components",
        "fees",
        "legal_basis",
        "results",
        "subjects",
        "requirements",
    ):
        assert sheet["content"][name] is not None
    assert sheet["content"]["components"][0]["originals"] == 1
    assert await outbox_types(catalog, sheet["procedure_id"]) == [PROCEDURE_PUBLISHED]
    events = await collect(
        catalog.kafka,
        CATALOG_TOPIC,
        until=lambda es: any(
            e.type == PROCEDURE_PUBLISHED and e.data["procedure_code"] == "1.000101" for e in es
        ),
    )
    (event,) = [e for e in events if e.type == PROCEDURE_PUBLISHED and e.data["procedure_code"] == "1.000101"]
    assert event.data | {"occurred_at": None} == {
        "procedure_id": sheet["procedure_id"],
        "procedure_code": "1.000101",
        "version": 1,
        "name": "Đăng ký lại khai sinh",
        "agency_code": WARD,
        "field_code": "G09-TP05",
        "level": 4,
        "processing_days": 1,
        "requires_payment": True,
        "occurred_at": None,
    }


async def test_r_cat_1_publishing_an_incomplete_procedure_lists_every_missing_field(catalog: Catalog) -> None:
    draft = await catalog.draft("1.000102", {"name": "Thủ tục còn thiếu", "agency_code": WARD, "level": 3})
    response = await catalog.publish("1.000102", 1)
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "procedure_incomplete"
    assert response.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in problem["errors"]}
    for required in (
        "steps",
        "methods",
        "components",
        "processing_days",
        "subjects",
        "results",
        "fees",
        "legal_basis",
    ):
        assert f"content.{required}" in fields
    assert "content.submission_channels" in fields
    english = await catalog.client.post(
        "/v1/procedures/1.000102/versions/1/publish",
        headers=catalog.system() | {"If-Match": '"1"', "Accept-Language": "en"},
    )
    assert english.json()["title"] == "Procedure incomplete"
    assert await outbox_types(catalog, draft["procedure_id"]) == []  # nothing published, nothing announced


async def test_r_cat_2_a_level_3_procedure_without_online_submission_is_not_published(
    catalog: Catalog,
) -> None:
    await catalog.draft("1.000103", content(level=3, online_mode="partial", submission_channels=["desk"]))
    await catalog.put_form("1.000103", 1)
    response = await catalog.publish("1.000103", 1)
    assert response.status_code == 422
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert ("content.submission_channels", "level3_online_submission") in errors


async def test_r_cat_5_a_published_version_is_immutable_and_a_new_draft_carries_the_change(
    catalog: Catalog,
) -> None:
    code = "1.000104"
    await catalog.published(code)
    path = f"/v1/procedures/{code}/versions/1"
    etag = (await catalog.client.get(path)).headers["etag"]
    edit = await catalog.client.patch(
        path, json={"content": {"processing_days": 3}}, headers=catalog.system() | {"If-Match": etag}
    )
    assert edit.status_code == 409 and edit.json()["code"] == "procedure_version_immutable"
    assert f"POST /v1/procedures/{code}/versions" in edit.json()["detail"]
    again = await catalog.client.post(f"{path}/publish", headers=catalog.system() | {"If-Match": etag})
    assert again.status_code == 409
    form = await catalog.client.put(
        f"{path}/eforms/TK02",
        json={"title": "Tờ khai khác", "json_schema": {"type": "object", "properties": {}}},
        headers=catalog.system(),
    )
    assert form.status_code == 409

    draft = await catalog.ok(
        "POST",
        f"/v1/procedures/{code}/versions",
        json={"change_note": "Rút ngắn"},
        headers=catalog.system(),
        status=201,
    )
    assert draft["version"] == 2 and draft["status"] == "draft" and draft["valid_from"] is None
    assert [f["code"] for f in draft["eforms"]] == ["TK01"]  # the forms come along
    second = await catalog.client.post(f"/v1/procedures/{code}/versions", headers=catalog.system())
    assert second.status_code == 409 and second.json()["code"] == "procedure_draft_exists"

    v2 = f"/v1/procedures/{code}/versions/2"
    etag = (await catalog.client.get(v2, headers=catalog.system())).headers["etag"]
    edited = await catalog.client.patch(
        v2,
        json={"content": {"processing_days": 2}, "valid_from": (today_vn() + timedelta(days=1)).isoformat()},
        headers=catalog.system() | {"If-Match": etag},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["content"]["processing_days"] == 2 and edited.headers["etag"] != etag
    published = await catalog.publish(code, 2)
    assert published.status_code == 200, published.text

    v1 = await catalog.ok("GET", path)
    assert (
        v1["status"] == "superseded" and v1["content"]["processing_days"] == 1
    )  # unchanged for its dossiers
    assert v1["valid_to"] == today_vn().isoformat()  # ends the day before version 2 starts
    current = await catalog.ok("GET", f"/v1/procedures/{code}")
    assert current["version"] == 1 and current["in_force"]  # version 2 starts tomorrow
    versions = await catalog.ok("GET", f"/v1/procedures/{code}/versions", params={"limit": 1})
    assert [v["version"] for v in versions["items"]] == [2] and versions["next_cursor"]


async def test_r_cat_5_overlapping_validity_periods_are_refused(catalog: Catalog) -> None:
    code = "1.000105"
    today = today_vn()
    await catalog.published(
        code, valid_from=today.isoformat(), valid_to=(today + timedelta(days=30)).isoformat()
    )
    await catalog.ok("POST", f"/v1/procedures/{code}/versions", headers=catalog.system(), status=201)
    path = f"/v1/procedures/{code}/versions/2"
    etag = (await catalog.client.get(path, headers=catalog.system())).headers["etag"]
    await catalog.ok(
        "PATCH",
        path,
        json={"valid_from": (today + timedelta(days=10)).isoformat()},
        headers=catalog.system() | {"If-Match": etag},
    )
    response = await catalog.publish(code, 2)
    assert response.status_code == 422
    assert response.json()["code"] == "procedure_validity_overlap"
    assert response.json()["errors"][0]["field"] == "valid_from"
    inverted = await catalog.client.post(
        "/v1/procedures",
        json={"code": "1.000106", "content": content(), "valid_from": "2026-05-01", "valid_to": "2026-04-01"},
        headers=catalog.system(),
    )
    assert inverted.status_code == 422 and inverted.json()["errors"][0]["field"] == "valid_to"


async def test_drafts_need_if_match_and_a_stale_etag_is_refused(catalog: Catalog) -> None:
    code = "1.000107"
    await catalog.draft(code)
    path = f"/v1/procedures/{code}/versions/1"
    missing = await catalog.client.patch(
        path, json={"content": {"processing_days": 2}}, headers=catalog.system()
    )
    assert missing.status_code == 428
    etag = (await catalog.client.get(path, headers=catalog.system())).headers["etag"]
    first = await catalog.client.patch(
        path, json={"content": {"processing_days": 2}}, headers=catalog.system() | {"If-Match": etag}
    )
    assert first.status_code == 200
    stale = await catalog.client.patch(
        path, json={"content": {"processing_days": 3}}, headers=catalog.system() | {"If-Match": etag}
    )
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    discard = await catalog.client.delete(
        path, headers=catalog.system() | {"If-Match": first.headers["etag"]}
    )
    assert discard.status_code == 204
    assert (await catalog.client.get(f"/v1/procedures/{code}")).status_code == 404


async def test_only_the_agencys_catalogue_admin_or_a_system_admin_changes_a_procedure(
    catalog: Catalog,
) -> None:
    body: dict[str, Any] = {"code": "1.000108", "content": content()}
    for headers, status in (
        ({}, 401),
        (catalog.citizen(), 403),
        (catalog.admin(JUSTICE), 403),  # another agency's administrator
        (catalog.tokens.headers("o-1", kind="official", roles=["reception_officer"], agencies=[WARD]), 403),
    ):
        response = await catalog.client.post("/v1/procedures", json=body, headers=headers)
        assert response.status_code == status, (headers, response.text)
    ward_admin = catalog.admin(WARD)
    created = await catalog.client.post("/v1/procedures", json=body, headers=ward_admin)
    assert created.status_code == 201
    path = "/v1/procedures/1.000108/versions/1"
    # A draft is visible to its editors only: 404 to the public and to other agencies.
    assert (await catalog.client.get(path)).status_code == 404
    assert (await catalog.client.get(path, headers=catalog.admin(CITY))).status_code == 404
    assert (await catalog.client.get(path, headers=ward_admin)).status_code == 200
    await catalog.ok(
        "PUT",
        f"{path}/eforms/TK01",
        json=FORM,
        headers=ward_admin,
        status=201,
    )
    etag = (await catalog.client.get(path, headers=ward_admin)).headers["etag"]
    refused = await catalog.client.post(f"{path}/publish", headers=catalog.admin(CITY) | {"If-Match": etag})
    assert refused.status_code == 404
    published = await catalog.client.post(f"{path}/publish", headers=ward_admin | {"If-Match": etag})
    assert published.status_code == 200, published.text
    # Published: public, and other agencies' administrators are told they may not change it.
    other = await catalog.client.patch(path, json={}, headers=catalog.admin(CITY) | {"If-Match": "*"})
    assert other.status_code == 403 and other.json()["code"] == "not_agency_admin"
    moved = await catalog.client.post(
        "/v1/procedures", json={"code": "1.000109", "content": content(agency_code=CITY)}, headers=ward_admin
    )
    assert moved.status_code == 403


async def test_codes_and_references_are_checked_with_field_errors(catalog: Catalog) -> None:
    for body, field in (
        ({"code": "1.00010", "content": content()}, "code"),
        ({"code": "1.000110", "content": content(agency_code="000.00.00.X12")}, "content.agency_code"),
        ({"code": "1.000110", "content": content(field_code="G09TP05")}, "content.field_code"),
        ({"code": "1.000110", "content": content(agency_code="000.09.31.H49")}, "content.agency_code"),
        ({"code": "1.000110", "content": content(field_code="G09-TP99")}, "content.field_code"),
        (
            {"code": "2.000815.000.00.31.H49", "content": content()},
            "content.agency_code",
        ),  # R-FMT-3 local code
    ):
        response = await catalog.client.post("/v1/procedures", json=body, headers=catalog.system())
        assert response.status_code == 422, (body, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
    local = await catalog.client.post(
        "/v1/procedures", json={"code": f"2.000815.{WARD}", "content": content()}, headers=catalog.system()
    )
    assert local.status_code == 201
    exists = await catalog.client.post(
        "/v1/procedures", json={"code": f"2.000815.{WARD}", "content": content()}, headers=catalog.system()
    )
    assert exists.status_code == 409 and exists.json()["code"] == "procedure_exists"


async def test_fee_quote_uses_the_online_amount_and_exemptions(catalog: Catalog) -> None:
    await catalog.published("1.000111")
    path = "/v1/procedures/1.000111/versions/1/fee-quote"
    online = await catalog.ok("POST", path, json={"channel": "online", "quantities": {"LP1": 3}})
    assert online["total"] == 12000 and online["lines"][0]["unit_amount"] == 4000
    desk = await catalog.ok(
        "POST", path, json={"channel": "desk", "quantities": {"LP1": 3}, "exemptions": ["MG1"]}
    )
    assert desk["total"] == 0
    unknown = await catalog.client.post(path, json={"quantities": {"XX": 1}})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "quantities.XX"


async def test_r_pay_3_the_sheet_says_when_an_online_payment_falls_due(catalog: Catalog) -> None:
    sheet = await catalog.published("1.000112", content(payment_stage="before_return"))
    assert sheet["content"]["payment_stage"] == "before_return"
    refused = await catalog.client.post(
        "/v1/procedures",
        json={
            "code": "1.000113",
            "content": content(online_payment=False, payment_stage="before_processing"),
        },
        headers=catalog.system(),
    )
    assert refused.status_code == 422 and refused.json()["code"] == "validation_failed"
