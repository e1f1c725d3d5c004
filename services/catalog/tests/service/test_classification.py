"""Sectors and fields over HTTP (R-CAT-3, R-FMT-1): codes, ownership by a ministry, If-Match, paging."""

from __future__ import annotations

from services.catalog.tests.service.support import FIELD, MINISTRY, PROVINCE, SECTOR, Catalog


async def test_r_fmt_1_field_codes_and_their_managing_ministry(catalog: Catalog) -> None:
    system = catalog.system()
    for body, field, code in (
        ({"code": "G09TP06", "sector_code": SECTOR, "name": "Chứng thực"}, "code", "string_pattern_mismatch"),
        (
            {"code": "G09-TP06", "sector_code": "KHONG_CO", "name": "Chứng thực"},
            "sector_code",
            "unknown_sector",
        ),
        (
            {
                "code": "G12-TP06",
                "sector_code": SECTOR,
                "name": "Chứng thực",
                "managing_agency_code": MINISTRY,
            },
            "code",
            "ministry_mismatch",
        ),
    ):
        response = await catalog.client.post("/v1/fields", json=body, headers=system)
        assert response.status_code == 422, response.text
        assert (field, code) in [(e["field"], e["code"]) for e in response.json()["errors"]]
    duplicate = await catalog.client.post(
        "/v1/fields", json={"code": FIELD, "sector_code": SECTOR, "name": "Hộ tịch"}, headers=system
    )
    assert duplicate.status_code == 409


async def test_the_ministrys_catalogue_admin_manages_its_fields_and_only_system_admins_sectors(
    catalog: Catalog,
) -> None:
    ministry_admin = catalog.admin(MINISTRY)
    body = {"code": "G09-TP06", "sector_code": SECTOR, "name": "Chứng thực", "managing_agency_code": MINISTRY}
    created = await catalog.client.post("/v1/fields", json=body, headers=ministry_admin)
    assert created.status_code == 201, created.text
    other = await catalog.client.post(
        "/v1/fields", json=body | {"code": "G09-TP07"}, headers=catalog.admin(PROVINCE)
    )
    assert other.status_code == 403
    sector = await catalog.client.post(
        "/v1/sectors", json={"code": "Y_TE", "name": "Y tế"}, headers=ministry_admin
    )
    assert sector.status_code == 403 and sector.json()["code"] == "system_admin_only"
    path = "/v1/fields/G09-TP06"
    etag = created.headers["etag"]
    renamed = await catalog.client.patch(
        path, json={"name": "Chứng thực bản sao"}, headers=ministry_admin | {"If-Match": etag}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Chứng thực bản sao"
    stale = await catalog.client.patch(
        path, json={"name": "Chứng thực"}, headers=ministry_admin | {"If-Match": etag}
    )
    assert stale.status_code == 412
    cleared = await catalog.client.patch(
        path, json={"name": None}, headers=ministry_admin | {"If-Match": "*"}
    )
    assert cleared.status_code == 422


async def test_sectors_and_fields_are_listed_page_by_page(catalog: Catalog) -> None:
    system = catalog.system()
    for position, (code, name) in enumerate(
        (("Y_TE", "Y tế"), ("GIAO_DUC", "Giáo dục và Đào tạo"), ("XAY_DUNG", "Xây dựng"))
    ):
        await catalog.ok(
            "POST",
            "/v1/sectors",
            json={"code": code, "name": name, "position": position + 1},
            headers=system,
            status=201,
        )
    first = await catalog.ok("GET", "/v1/sectors", params={"limit": 2, "include_fields": "false"})
    second = await catalog.ok("GET", "/v1/sectors", params={"limit": 2, "cursor": first["next_cursor"]})
    codes = [s["code"] for s in first["items"] + second["items"]]
    assert codes == [SECTOR, "Y_TE", "GIAO_DUC", "XAY_DUNG"] and first["items"][0]["fields"] == []
    fields = await catalog.ok("GET", "/v1/fields", params={"sector": SECTOR, "q": "ho tich"})
    assert [f["code"] for f in fields["items"]] == [FIELD]
    sector = await catalog.ok("GET", f"/v1/sectors/{SECTOR}")
    assert FIELD in [f["code"] for f in sector["fields"]]
