"""R-STAT-6 figures per field, sector and agency for the portal (public), per unit and per officer for
an agency's dashboard (its officials only), and as CSV files that Excel opens in Vietnamese."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from catalog.clock import today_vn
from contracts.lifecycle import Channel
from servicekit.testing import eventually
from services.catalog.tests.service.dossier_events import Dossier, send
from services.catalog.tests.service.support import (
    CITY,
    FIELD,
    JUSTICE,
    OTHER_PROVINCE,
    PROVINCE,
    SECTOR,
    WARD,
    Catalog,
    content,
)

BIRTH, LAND, COPY = "1.000501", "1.000502", "1.000503"
LAND_SECTOR, LAND_FIELD = "DAT_DAI", "H49-DD01"


def ago(**delta: float) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


@pytest.fixture(scope="module")
async def dashboard(catalog: Catalog) -> Catalog:
    """Birth registration at the ward and certified copies at the justice department (sector Tư pháp),
    land certificates at the city (sector Đất đai); dossiers handled by named officers."""
    system = catalog.system()
    await catalog.ok(
        "POST", "/v1/sectors", json={"code": LAND_SECTOR, "name": "Đất đai"}, headers=system, status=201
    )
    await catalog.ok(
        "POST",
        "/v1/fields",
        json={
            "code": LAND_FIELD,
            "sector_code": LAND_SECTOR,
            "name": "Đất đai cấp huyện",
            "managing_agency_code": PROVINCE,
        },
        headers=system,
        status=201,
    )
    await catalog.published(BIRTH)
    await catalog.published(
        LAND,
        content(
            name="Cấp Giấy chứng nhận quyền sử dụng đất",
            agency_code=CITY,
            field_code=LAND_FIELD,
            administrative_levels=["district"],
        ),
    )
    await catalog.published(
        COPY, content(name="Chứng thực bản sao", agency_code=JUSTICE, administrative_levels=["province"])
    )
    due = today_vn() + timedelta(days=5)
    events = []
    for procedure, agency, officer, count in ((BIRTH, WARD, "ward-desk", 3), (LAND, CITY, "city-desk", 2)):
        for n in range(count):
            dossier = Dossier(procedure, agency, channel=Channel.DESK if n == 0 else Channel.ONLINE)
            events += [dossier.submitted(), dossier.received(ago(minutes=25), due, by=officer)]
            if n == 1:
                events.append(dossier.resolved(ago(minutes=20), due, on_time=True, by=f"{officer}-leader"))
    copy = Dossier(COPY, JUSTICE)
    events += [copy.submitted(), copy.refused(ago(minutes=20), at_desk=True, by="justice-desk")]
    late = Dossier(LAND, CITY)
    events += [
        late.submitted(),
        late.received(ago(minutes=25), due, by="city-desk"),
        late.resolved(ago(minutes=10), due, on_time=False, by="city-desk-leader"),
    ]
    for event in events:
        await send(catalog.kafka, event)

    async def consumed() -> bool:
        portal = await catalog.ok("GET", "/v1/statistics")
        assert portal["submitted"]["total"] == 7 and portal["resolved"]["total"] == 3
        return True

    await eventually(consumed, timeout=20, message="dashboard events consumed")
    return catalog


def official(
    catalog: Catalog, *agencies: str, roles: tuple[str, ...] = ("reception_officer",)
) -> dict[str, str]:
    return catalog.tokens.headers(
        f"official-{'-'.join(agencies)}", kind="official", roles=list(roles), agencies=list(agencies)
    )


async def test_figures_per_field_and_sector_add_up_to_the_portal(dashboard: Catalog) -> None:
    fields = await dashboard.ok("GET", "/v1/statistics/fields")
    assert [(f["code"], f["name"], f["received"]["total"]) for f in fields["items"]] == [
        (FIELD, "Hộ tịch", 3),
        (LAND_FIELD, "Đất đai cấp huyện", 3),
    ]
    sectors = await dashboard.ok("GET", "/v1/statistics/sectors")
    assert [(s["code"], s["name"], s["submitted"]["total"]) for s in sectors["items"]] == [
        (LAND_SECTOR, "Đất đai", 3),
        (SECTOR, "Tư pháp", 4),
    ]
    justice = await dashboard.ok("GET", f"/v1/statistics/sectors/{SECTOR}")
    assert (
        justice["scope"] == "sector" and justice["refused_at_desk"] == 1 and justice["received"]["desk"] == 1
    )
    land = await dashboard.ok("GET", f"/v1/statistics/fields/{LAND_FIELD}")
    assert (
        land["resolved"] == {"total": 2, "online": 2, "on_time": 1, "late": 1}
        and land["on_time_rate"] == 50.0
    )
    in_sector = await dashboard.ok("GET", "/v1/statistics/procedures", params={"sector": SECTOR})
    assert [p["code"] for p in in_sector["items"]] == [BIRTH, COPY]
    assert [p["name"] for p in in_sector["items"]] == ["Đăng ký khai sinh", "Chứng thực bản sao"]
    portal = await dashboard.ok("GET", "/v1/statistics")
    assert portal["scope"] == "portal" and portal["code"] is None
    assert portal["received"]["total"] == sum(f["received"]["total"] for f in fields["items"])
    assert portal["pending"]["total"] == 3  # two at the ward, one at the city

    # Pages of one: the cursor walks the agencies in code order.
    codes, cursor = [], None
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = await dashboard.ok("GET", "/v1/statistics/agencies", params=params)
        codes += [a["code"] for a in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert codes == sorted([WARD, JUSTICE, CITY])
    for unknown in (
        "/v1/statistics/fields/G09-XX99",
        "/v1/statistics/sectors/KHONG_CO",
        "/v1/statistics/agencies/000.99.99.H49",
    ):
        assert (await dashboard.client.get(unknown)).status_code == 404, unknown


async def test_an_agency_dashboard_is_for_its_officials_and_those_above(dashboard: Catalog) -> None:
    units = f"/v1/statistics/agencies/{CITY}/units"
    officers = f"/v1/statistics/agencies/{CITY}/officers"
    for path in (units, officers, f"{units}.csv", f"{officers}.csv"):
        anonymous = await dashboard.client.get(path)
        assert anonymous.status_code == 401, path
        for headers in (dashboard.citizen(), official(dashboard, OTHER_PROVINCE), official(dashboard, WARD)):
            refused = await dashboard.client.get(path, headers=headers)
            assert refused.status_code == 403, (path, refused.text)
            assert refused.json()["code"] == "statistics_not_agency_official"
    unknown = await dashboard.client.get(
        "/v1/statistics/agencies/000.99.99.H49/units", headers=dashboard.system()
    )
    assert unknown.status_code == 404

    for headers in (official(dashboard, CITY), official(dashboard, PROVINCE), dashboard.system()):
        page = await dashboard.ok("GET", units, headers=headers)
        assert [(u["code"], u["received"]["total"]) for u in page["items"]] == [(CITY, 3), (WARD, 3)]
    people = await dashboard.ok("GET", officers, headers=official(dashboard, CITY))
    assert people["agency_code"] == CITY
    assert people["items"] == [
        {
            "officer_subject": "city-desk",
            "received": 3,
            "resolved": {"total": 0, "on_time": 0, "late": 0},
            "refused": 0,
        },
        {
            "officer_subject": "city-desk-leader",
            "received": 0,
            "resolved": {"total": 2, "on_time": 1, "late": 1},
            "refused": 0,
        },
    ]
    first = await dashboard.ok("GET", officers, params={"limit": 1}, headers=official(dashboard, CITY))
    assert [o["officer_subject"] for o in first["items"]] == ["city-desk"] and first["next_cursor"]


def rows(response: Any, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


async def test_csv_files_open_in_excel_with_vietnamese_text(dashboard: Catalog) -> None:
    response = await dashboard.client.get("/v1/statistics/procedures.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    disposition = response.headers["content-disposition"]
    today = today_vn()
    assert (
        disposition
        == f'attachment; filename="thong-ke-procedures-{today.year}-01-01-{today.isoformat()}.csv"'
    )
    table = rows(response)
    header, body = table[0], table[1:]
    assert header[:4] == ["Mã", "Tên", "Từ ngày", "Đến ngày"]
    assert "Đang giải quyết quá hạn" in header and "Thái độ của cán bộ - Chưa hài lòng" in header
    by_code = {line[0]: dict(zip(header, line, strict=True)) for line in body}
    assert set(by_code) == {BIRTH, LAND, COPY}
    assert by_code[LAND]["Tên"] == "Cấp Giấy chứng nhận quyền sử dụng đất"
    assert by_code[LAND]["Quá hạn"] == "1" and by_code[LAND]["Tỷ lệ đúng hạn (%)"] == "50.0"
    assert by_code[COPY]["Tỷ lệ đúng hạn (%)"] == ""  # nothing resolved: no rate

    english = await dashboard.client.get(
        "/v1/statistics/sectors.csv", params={"delimiter": "semicolon"}, headers={"Accept-Language": "en"}
    )
    table = rows(english, ";")
    assert table[0][:3] == ["Code", "Name", "From"] and [line[0] for line in table[1:]] == [
        LAND_SECTOR,
        SECTOR,
    ]
    people = await dashboard.client.get(
        f"/v1/statistics/agencies/{WARD}/officers.csv", headers=official(dashboard, WARD)
    )
    assert rows(people) == [
        ["Cán bộ", "Tiếp nhận", "Đã giải quyết", "Đúng hạn", "Quá hạn", "Từ chối"],
        ["ward-desk", "3", "0", "0", "0", "0"],
        ["ward-desk-leader", "0", "1", "1", "0", "0"],
    ]
    bad = await dashboard.client.get("/v1/statistics/fields.csv", params={"delimiter": "tab"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].endswith("delimiter")
