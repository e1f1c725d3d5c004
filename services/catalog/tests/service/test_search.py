"""R-CAT-3 search and browse over HTTP: diacritics and case ignored, ranked, filtered, paginated, and
any procedure's full sheet reached in three requests from the root listing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catalog.clock import today_vn
from services.catalog.tests.service.support import CITY, FIELD, PROVINCE, WARD, Catalog, content

BUSINESS = "G06-KD01"
BUILDING = "G07-XD01"
POST = "G14-BC01"
CORPUS: list[tuple[str, dict[str, Any]]] = [
    ("1.001612", {"name": "Đăng ký hộ kinh doanh", "field_code": BUSINESS, "agency_code": CITY}),
    (
        "2.000575",
        {
            "name": "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
            "field_code": BUSINESS,
            "agency_code": CITY,
        },
    ),
    (
        "1.009994",
        {
            "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            "field_code": BUILDING,
            "agency_code": CITY,
            "level": 3,
            "keywords": ["GPXD"],
        },
    ),
    (
        "1.004470",
        {"name": "Cấp giấy phép bưu chính", "field_code": POST, "agency_code": PROVINCE, "level": 3},
    ),
    ("1.001193", {"name": "Đăng ký khai sinh", "field_code": FIELD, "agency_code": WARD}),
    ("1.000894", {"name": "Đăng ký kết hôn", "field_code": FIELD, "agency_code": WARD}),
]


@pytest.fixture(scope="module")
async def corpus(catalog: Catalog) -> Catalog:
    system = catalog.system()
    await catalog.ok(
        "POST", "/v1/sectors", json={"code": "KINH_TE", "name": "Kinh tế"}, headers=system, status=201
    )
    for code, name in (
        (BUSINESS, "Thành lập và hoạt động của hộ kinh doanh"),
        (BUILDING, "Hoạt động xây dựng"),
        (POST, "Bưu chính"),
    ):
        await catalog.ok(
            "POST",
            "/v1/fields",
            json={"code": code, "sector_code": "KINH_TE", "name": name},
            headers=system,
            status=201,
        )
    for code, overrides in CORPUS:
        levels = ["district"] if overrides["agency_code"] == CITY else ["commune"]
        if overrides["agency_code"] == PROVINCE:
            levels = ["province"]
        level = overrides.get("level", 4)
        # Only what each procedure says about itself is indexed: no shared keywords or results.
        extra = {"keywords": [], "results": [{"name": "Văn bản trả lời"}]}
        body = content(administrative_levels=levels, **(extra | overrides))
        if level == 3:
            body["result_channels"] = ["desk"]
        await catalog.published(code, body)
    # Not in force: a draft, and a version that starts next month.
    await catalog.draft("1.000001", content(name="Cấp giấy phép nháp chưa công bố"))
    future = (today_vn() + timedelta(days=30)).isoformat()
    await catalog.published("1.000002", content(name="Cấp giấy phép sẽ có hiệu lực"), valid_from=future)
    return catalog


async def search(catalog: Catalog, **params: Any) -> list[str]:
    page = await catalog.ok("GET", "/v1/procedures", params={"limit": 50, **params})
    return [item["code"] for item in page["items"]]


async def test_without_diacritics_giay_phep_finds_giay_phep(corpus: Catalog) -> None:
    found = await search(corpus, q="giay phep")
    assert set(found) == {"1.009994", "1.004470"}  # not the draft, not the one starting next month
    assert await search(corpus, q="GIẤY PHÉP") == found
    assert await search(corpus, q="Giấy Phép") == found


async def test_dang_ky_ho_kinh_doanh_finds_dang_ky_ho_kinh_doanh_first(corpus: Catalog) -> None:
    plain = await search(corpus, q="dang ky ho kinh doanh")
    assert plain[:2] == ["1.001612", "2.000575"]  # the exact name ranks first
    assert await search(corpus, q="đăng ký hộ kinh doanh") == plain
    assert "1.001193" not in plain  # every word must match: "đăng ký khai sinh" is not a business


async def test_search_as_you_type_codes_and_keywords(corpus: Catalog) -> None:
    assert await search(corpus, q="khai si") == ["1.001193"]
    assert (await search(corpus, q="1.009994"))[0] == "1.009994"
    assert await search(corpus, q="gpxd") == ["1.009994"]
    assert await search(corpus, q="xay dung giay phep") == ["1.009994"]  # word order does not matter
    assert await search(corpus, q="thu tuc khong ton tai") == []
    # Nothing matches every word: names with similar trigrams come instead ("kí" is also spelt "ký").
    assert (await search(corpus, q="dang ki ket hon"))[0] == "1.000894"


async def test_results_are_ranked_with_a_score_and_the_sheet_url(corpus: Catalog) -> None:
    page = await corpus.ok("GET", "/v1/procedures", params={"q": "dang ky"})
    scores = [float(item["score"]) for item in page["items"]]
    assert scores == sorted(scores, reverse=True)
    first = page["items"][0]
    assert first["url"] == f"/v1/procedures/{first['code']}" and first["agency_name"]


async def test_filters_by_sector_field_agency_level_mode_and_administrative_level(corpus: Catalog) -> None:
    assert set(await search(corpus, sector="KINH_TE")) == {"1.001612", "2.000575", "1.009994", "1.004470"}
    assert set(await search(corpus, field=FIELD, q="dang ky")) == {"1.001193", "1.000894"}
    assert set(await search(corpus, agency=PROVINCE)) == {"1.004470"}
    assert set(await search(corpus, level=3)) == {"1.009994", "1.004470"}
    assert set(await search(corpus, online_mode="partial", q="giay phep")) == {"1.009994", "1.004470"}
    assert set(await search(corpus, administrative_level="district")) == {"1.001612", "2.000575", "1.009994"}
    assert await search(corpus, min_level=4, q="giay phep") == []
    bad = await corpus.client.get("/v1/procedures", params={"level": 7})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.level"


async def test_pages_follow_each_other_without_gaps_or_repeats(corpus: Catalog) -> None:
    for params in ({"q": "dang ky"}, {}):
        everything = await search(corpus, **params)
        seen: list[str] = []
        cursor = None
        while True:
            page = await corpus.ok(
                "GET",
                "/v1/procedures",
                params={"limit": 2, **params} | ({"cursor": cursor} if cursor else {}),
            )
            seen += [item["code"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == everything and len(everything) >= 4
    browse = await corpus.ok("GET", "/v1/procedures", params={"limit": 50})
    names = [item["name"] for item in browse["items"]]
    assert names[0] == "Cấp giấy phép bưu chính"  # alphabetical by folded name


async def test_r_cat_3_any_procedure_sheet_is_three_requests_from_the_root_listing(corpus: Catalog) -> None:
    client = corpus.client
    sectors = (await client.get("/v1/sectors")).json()  # 1: sectors with their fields and counts
    economy = next(s for s in sectors["items"] if s["code"] == "KINH_TE")
    field = next(f for f in economy["fields"] if f["code"] == BUSINESS)
    assert field["procedure_count"] == 2 and economy["procedure_count"] == 4
    listing = (await client.get("/v1/procedures", params={"field": field["code"]})).json()  # 2
    target = next(item for item in listing["items"] if item["code"] == "1.001612")
    sheet = (await client.get(target["url"])).json()  # 3: the full sheet
    assert sheet["content"]["name"] == "Đăng ký hộ kinh doanh"
    assert sheet["content"]["components"] and sheet["content"]["fees"] and sheet["agency"]["name"]
    assert sheet["eforms"][0]["template_url"].endswith("/eforms/TK01/template")
