"""Issue 6, bad input through the gateway: another citizen's or another agency's dossier, editing a filed
dossier, an incomplete submission, a disguised or oversized file, guessing codes faster than the public
lookup allows — each a problem+json in Vietnamese (English on request) with a stable code, and nothing
changed."""

from __future__ import annotations

import uuid

import httpx
import pytest

from servicekit.testing import TokenFactory
from tests.e2e.support import dossier_body, etag, fetch, file_and_receive, file_at_counter, officer

pytestmark = pytest.mark.e2e
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 600


QUERIES = {
    "attachment": "select count(*) as n from attachment where dossier_id = $1",
    "document": "select count(*) as n from document where dossier_id = $1",
}


async def _rows(stack, table: str, dossier_id: str) -> int:  # type: ignore[no-untyped-def]
    found = await fetch(stack, "intake", QUERIES[table], uuid.UUID(dossier_id))
    return int(found[0]["n"])


async def test_other_peoples_dossiers_are_not_found_and_filed_ones_are_frozen(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    filed = await file_at_counter(gateway, e2e_tokens, citizen)
    path = f"/v1/dossiers/{filed['id']}"
    for outsider in (
        e2e_tokens.headers(f"citizen-{uuid.uuid4()}"),
        officer(e2e_tokens, "000.00.25.H49"),
    ):
        for method, url in (("GET", path), ("GET", f"{path}/history"), ("GET", f"{path}/documents")):
            answer = await gateway.request(method, url, headers=outsider)
            assert answer.status_code == 404, (url, answer.text)
            assert answer.json()["code"] == "dossier_not_found"
    frozen = await gateway.patch(
        path,
        json={"forms": {}},
        headers=e2e_tokens.headers(citizen) | etag(filed) | {"Accept-Language": "en"},
    )
    assert frozen.status_code == 409
    assert frozen.headers["content-type"].startswith("application/problem+json")
    assert (
        frozen.json()["code"] == "dossier_not_editable"
        and frozen.json()["title"] == "Dossier cannot be changed"
    )
    assert (await gateway.get(path, headers=e2e_tokens.headers(citizen))).json()["version"] == filed[
        "version"
    ]


async def test_incomplete_dossiers_and_bad_files_are_refused_and_leave_nothing(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    headers = e2e_tokens.headers(f"citizen-{uuid.uuid4()}")
    created = await gateway.post(
        "/v1/dossiers",
        json=dossier_body(forms={}, prefill=False),
        headers=headers | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text
    draft = created.json()
    code = await gateway.post(f"/v1/dossiers/{draft['id']}/submission/otp", json={}, headers=headers)
    assert code.status_code == 422 and code.json()["code"] == "dossier_incomplete"
    assert code.json()["title"] == "Hồ sơ chưa đầy đủ"
    assert code.json()["errors"][0]["field"] == "forms.DN-TDV"

    upload = f"/v1/dossiers/{draft['id']}/documents"
    disguised = await gateway.post(
        upload, data={"component_code": "TP2"}, files={"file": ("van-bang.pdf", EXE)}, headers=headers
    )
    assert disguised.status_code == 415 and disguised.json()["code"] == "file_content_mismatch"
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    oversized = await gateway.post(
        upload, data={"component_code": "TP2"}, files={"file": ("van-bang.pdf", big)}, headers=headers
    )
    assert oversized.status_code == 413 and oversized.json()["code"] == "file_too_large"
    assert await _rows(stack, "attachment", draft["id"]) == 0
    assert await _rows(stack, "document", draft["id"]) == 0
    status = await fetch(stack, "intake", "select status from dossier where id = $1", uuid.UUID(draft["id"]))
    assert status[0]["status"] == "draft"


async def test_the_public_lookup_is_limited_at_the_gateway(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    dossier = await file_and_receive(gateway, e2e_tokens, f"citizen-{uuid.uuid4()}")
    answers = []
    async with httpx.AsyncClient(base_url=stack.url("gateway"), timeout=15) as anonymous:
        for _ in range(70):
            answer = await anonymous.get(f"/v1/lookup/{dossier['code']}")
            answers.append(answer.status_code)
            if answer.status_code == 429:
                assert answer.json()["code"] == "rate_limited" and answer.headers["retry-after"]
                break
    # Either the gateway (60 a minute) or intake (30 a minute) stops the guessing.
    assert answers[0] == 200 and answers[-1] == 429 and len(answers) <= 61
