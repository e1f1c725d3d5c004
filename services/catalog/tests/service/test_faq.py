"""Frequently asked questions per procedure (R-STAT-7): the procedure's agency maintains them, anyone
reads the published ones, with the agency's contact for comments."""

from __future__ import annotations

from services.catalog.tests.service.support import CITY, WARD, Catalog

CODE = "1.000601"


async def test_r_stat_7_the_agency_maintains_the_faq_and_the_public_reads_it(catalog: Catalog) -> None:
    await catalog.published(CODE)  # decided by the ward (WARD)
    ward = catalog.admin(WARD)
    path = f"/v1/procedures/{CODE}/faq"

    first = await catalog.ok(
        "POST",
        path,
        json={"question": "Có phải nộp bản sao chứng thực không?", "answer": "Không, chỉ cần bản chụp."},
        headers=ward,
        status=201,
    )
    second = await catalog.ok(
        "POST",
        path,
        json={"question": "Mất bao lâu?", "answer": "Một ngày làm việc."},
        headers=ward,
        status=201,
    )
    draft = await catalog.ok(
        "POST",
        path,
        json={"question": "Câu hỏi đang soạn?", "answer": "Chưa xong.", "published": False},
        headers=ward,
        status=201,
    )
    assert (first["position"], second["position"]) == (10, 20)

    public = await catalog.ok("GET", path)
    assert [q["question"] for q in public["items"]] == [
        "Có phải nộp bản sao chứng thực không?",
        "Mất bao lâu?",
    ]
    assert public["contact"]["agency_code"] == WARD and public["contact"]["feedback_url"] == "/v1/feedback"
    assert (await catalog.client.get(f"{path}/{draft['id']}")).status_code == 404
    assert len((await catalog.ok("GET", path, headers=ward))["items"]) == 3

    # Reorder: the second first. If-Match is required, a stale one refused.
    entry = await catalog.client.get(f"{path}/{second['id']}")
    missing = await catalog.client.patch(f"{path}/{second['id']}", json={"position": 5}, headers=ward)
    assert missing.status_code == 428
    moved = await catalog.client.patch(
        f"{path}/{second['id']}", json={"position": 5}, headers=ward | {"If-Match": entry.headers["etag"]}
    )
    assert moved.status_code == 200, moved.text
    stale = await catalog.client.patch(
        f"{path}/{second['id']}", json={"answer": "x"}, headers=ward | {"If-Match": entry.headers["etag"]}
    )
    assert stale.status_code == 412
    assert [q["id"] for q in (await catalog.ok("GET", path))["items"]] == [second["id"], first["id"]]
    page = await catalog.ok("GET", path, params={"limit": 1})
    rest = await catalog.ok("GET", path, params={"limit": 1, "cursor": page["next_cursor"]})
    assert [page["items"][0]["id"], rest["items"][0]["id"]] == [second["id"], first["id"]]
    assert rest["next_cursor"] is None

    await catalog.ok("DELETE", f"{path}/{first['id']}", headers=ward, status=204)
    assert (await catalog.client.get(f"{path}/{first['id']}")).status_code == 404


async def test_r_stat_7_only_the_procedures_agency_writes_its_faq(catalog: Catalog) -> None:
    code = "1.000602"
    await catalog.published(code)
    path = f"/v1/procedures/{code}/faq"
    body = {"question": "Nộp ở đâu?", "answer": "Tại Bộ phận Một cửa."}
    other = await catalog.client.post(path, json=body, headers=catalog.admin(CITY))
    assert other.status_code == 403 and other.json()["code"] == "not_agency_admin"
    citizen = await catalog.client.post(path, json=body, headers=catalog.citizen())
    assert citizen.status_code == 403
    anonymous = await catalog.client.post(path, json=body)
    assert anonymous.status_code == 401
    short = await catalog.client.post(path, json={"question": "?", "answer": ""}, headers=catalog.admin(WARD))
    assert short.status_code == 422
    assert {e["field"] for e in short.json()["errors"]} == {"question", "answer"}
    unknown = await catalog.client.get("/v1/procedures/1.999999/faq", headers={"Accept-Language": "en"})
    assert unknown.status_code == 404 and unknown.headers["content-language"] == "en"
    created = await catalog.ok("POST", path, json=body, headers=catalog.system(), status=201)
    edit = await catalog.client.patch(
        f"{path}/{created['id']}",
        json={"answer": "Ở đâu cũng được"},
        headers=catalog.admin(CITY) | {"If-Match": "*"},
    )
    assert edit.status_code == 403
    assert (await catalog.ok("GET", path))["items"][0]["answer"] == "Tại Bộ phận Một cửa."
