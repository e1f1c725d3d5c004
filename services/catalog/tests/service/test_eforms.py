"""E-forms over HTTP (R-CAT-4): JSON Schema 2020-12 checked when saved, Vietnamese formats validated
field by field, catalogue lists inlined, guidance and prefill, printable forms for level 2."""

from __future__ import annotations

import copy

from services.catalog.tests.service.support import FORM, PROVINCE, WARD, Catalog, content

BASE = "/v1/procedures/1.000301/versions/1/eforms"


async def test_a_malformed_json_schema_is_refused_with_where_it_is_wrong(catalog: Catalog) -> None:
    await catalog.draft("1.000301")
    bad = copy.deepcopy(FORM)
    bad["json_schema"]["properties"]["ngay_sinh"]["type"] = "ngay"
    response = await catalog.client.put(f"{BASE}/TK01", json=bad, headers=catalog.system())
    assert response.status_code == 422 and response.json()["code"] == "eform_invalid"
    (error,) = response.json()["errors"]
    assert error["field"] == "json_schema.properties.ngay_sinh.type" and error["code"] == "schema_invalid"
    not_object = await catalog.client.put(
        f"{BASE}/TK01", json=FORM | {"json_schema": {"type": "string"}}, headers=catalog.system()
    )
    assert not_object.json()["errors"][0]["code"] == "schema_not_object"
    pointers = await catalog.client.put(
        f"{BASE}/TK01",
        json=FORM
        | {"guidance": {"khong_co": "…"}, "enum_sources": {"tinh": "hanh_tinh"}, "component_code": "TP9"},
        headers=catalog.system(),
    )
    assert {(e["field"], e["code"]) for e in pointers.json()["errors"]} == {
        ("guidance.khong_co", "unknown_property"),
        ("enum_sources.tinh", "unknown_enum_source"),
        ("component_code", "unknown_component"),
    }


async def test_the_form_is_the_contract_intake_validates_against(catalog: Catalog) -> None:
    created = await catalog.put_form("1.000301", 1)
    assert (
        created["schema_url"] == f"{BASE}/TK01/schema" and created["prefill"]["ho_ten"]["source"] == "profile"
    )
    schema_response = await catalog.client.get(f"{BASE}/TK01/schema", headers=catalog.system())
    assert schema_response.headers["content-type"].startswith("application/schema+json")
    schema = schema_response.json()
    assert schema["$id"] == "urn:motcua:eform:1.000301:1:TK01"
    provinces = schema["properties"]["tinh"]["oneOf"]
    assert {"const": PROVINCE, "title": "Ủy ban nhân dân tỉnh Quảng Ninh"} in provinces
    # Guidance and prefill travel with the schema as annotations.
    assert schema["properties"]["so_dinh_danh"]["x-guidance"] == "Ghi số định danh cá nhân 12 chữ số."
    assert schema["properties"]["ho_ten"]["x-prefill"] == {"source": "profile", "field": "full_name"}

    check = f"{BASE}/TK01/validation"
    good = {
        "ho_ten": "Nguyễn Văn An",
        "so_dinh_danh": "001090012345",
        "ngay_sinh": "2026-01-02",
        "tinh": PROVINCE,
    }
    assert (await catalog.ok("POST", check, json={"data": good}, headers=catalog.system())) == {
        "valid": True,
        "errors": [],
    }
    bad = {
        "ho_ten": "Nguyễn Văn An",
        "so_dinh_danh": "0010900",
        "ngay_sinh": "02/01/2026",
        "ma_so_thue": "12",
        "tinh": "Hà Nội",
    }
    result = await catalog.ok("POST", check, json={"data": bad}, headers=catalog.system())
    assert not result["valid"]
    errors = {e["field"]: e["message"] for e in result["errors"]}
    assert errors["so_dinh_danh"] == "Số định danh cá nhân gồm đúng 12 chữ số."
    assert errors["ngay_sinh"] == "Ngày phải theo dạng YYYY-MM-DD."
    assert errors["ma_so_thue"] == "Mã số thuế gồm 10 hoặc 13 chữ số."
    assert "tinh" in errors  # only the catalogue's provinces
    english = await catalog.client.post(
        check, json={"data": {}}, headers=catalog.system() | {"Accept-Language": "en"}
    )
    assert {e["message"] for e in english.json()["errors"]} == {"This field is required."}


async def test_level_2_printable_forms_download_as_files(catalog: Catalog) -> None:
    response = await catalog.client.get(f"{BASE}/TK01/template", headers=catalog.system())
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert 'attachment; filename="TK01-1.000301-v1.html"' in response.headers["content-disposition"]
    html = response.text
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in html and "Kính gửi: UBND phường Hồng Gai" in html
    assert "Hướng dẫn: Ghi số định danh cá nhân 12 chữ số." in html
    assert "Ủy ban nhân dân tỉnh Quảng Ninh" in html  # the province list, as boxes to tick
    text = await catalog.client.get(
        f"{BASE}/TK01/template", params={"format": "text"}, headers=catalog.system()
    )
    assert text.headers["content-type"] == "text/plain; charset=utf-8" and "□" * 12 in text.text


async def test_forms_change_with_if_match_on_drafts_only_and_freeze_when_published(catalog: Catalog) -> None:
    path = f"{BASE}/TK01"
    current = await catalog.client.get(path, headers=catalog.system())
    without = await catalog.client.put(path, json=FORM | {"title": "Tờ khai (sửa)"}, headers=catalog.system())
    assert without.status_code == 428
    replaced = await catalog.client.put(
        path,
        json=FORM | {"title": "Tờ khai (sửa)"},
        headers=catalog.system() | {"If-Match": current.headers["etag"]},
    )
    assert replaced.status_code == 200 and replaced.json()["title"] == "Tờ khai (sửa)"
    assert (await catalog.client.get(path)).status_code == 404  # a draft's forms are not public
    other = await catalog.client.put(f"{BASE}/TK02", json=FORM, headers=catalog.admin("000.00.31.H49"))
    assert other.status_code == 404
    assert (await catalog.publish("1.000301", 1)).status_code == 200
    public = await catalog.client.get(path)
    assert public.status_code == 200 and public.json()["title"] == "Tờ khai (sửa)"
    frozen = await catalog.client.put(
        path, json=FORM, headers=catalog.admin(WARD) | {"If-Match": public.headers["etag"]}
    )
    assert frozen.status_code == 409 and frozen.json()["code"] == "procedure_version_immutable"
    deleted = await catalog.client.delete(
        path, headers=catalog.system() | {"If-Match": public.headers["etag"]}
    )
    assert deleted.status_code == 409
    page = await catalog.ok("GET", BASE)
    assert [f["code"] for f in page["items"]] == ["TK01"]


async def test_a_level_3_procedure_cannot_be_published_without_its_forms(catalog: Catalog) -> None:
    await catalog.draft("1.000302", content(level=3, result_channels=["desk"]))
    response = await catalog.publish("1.000302", 1)
    assert response.status_code == 422
    codes = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert ("content.components.0.form_code", "unknown_form") in codes
    assert ("content.components", "level2_needs_form") in codes
