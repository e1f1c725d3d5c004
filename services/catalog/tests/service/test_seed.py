"""The demo catalogue (``python -m catalog.seed``): complete, published through the same rules as the
API, searchable, and idempotent."""

from __future__ import annotations

from catalog.db import tables
from catalog.seed import PROCEDURES, seed
from servicekit.app import runtime_of
from servicekit.outbox import Outbox
from services.catalog.tests.service.support import Catalog


async def run_seed(catalog: Catalog) -> dict[str, int]:
    async with runtime_of(catalog.app).db.transaction() as session:
        report = await seed(session, Outbox(tables, service="catalog"))
    return report.created


async def test_the_demo_catalogue_loads_once_and_every_procedure_is_published_and_findable(
    catalog: Catalog,
) -> None:
    first = await run_seed(catalog)
    assert first["procedures"] == len(PROCEDURES) >= 12
    assert first["agencies"] >= 5 and first["fields"] >= 8  # some already exist from the fixture: left alone
    assert await run_seed(catalog) == {"agencies": 0, "sectors": 0, "fields": 0, "procedures": 0}

    listed = await catalog.ok("GET", "/v1/procedures", params={"limit": 100})
    codes = {item["code"] for item in listed["items"]}
    assert {p["code"] for p in PROCEDURES} <= codes
    levels = {item["level"] for item in listed["items"]}
    assert {1, 3, 4} <= levels and {"full", "partial", "none"} <= {i["online_mode"] for i in listed["items"]}

    for item in PROCEDURES:
        sheet = await catalog.ok("GET", f"/v1/procedures/{item['code']}")
        assert sheet["in_force"] and sheet["agency"]["name"] and sheet["field"]["sector_name"]
        assert [f["code"] for f in sheet["eforms"]] == sorted(item["forms"])
        for form in sheet["eforms"]:
            schema = await catalog.client.get(form["schema_url"])
            template = await catalog.client.get(form["template_url"])
            assert schema.status_code == 200 and template.status_code == 200

    found = await catalog.ok("GET", "/v1/procedures", params={"q": "dang ky ho kinh doanh"})
    assert found["items"][0]["code"] == "1.001612"
    licences = await catalog.ok("GET", "/v1/procedures", params={"q": "giay phep"})
    assert {"1.009994", "1.004470", "1.004922"} <= {i["code"] for i in licences["items"]}
    social = await catalog.ok("GET", "/v1/procedures", params={"sector": "BAO_HIEM_XA_HOI"})
    assert {i["code"] for i in social["items"]} == {"1.000401", "2.000013"}
