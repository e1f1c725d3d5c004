"""Bad input through the gateway gets a clear problem+json in Vietnamese (English on request) and
changes nothing."""

from __future__ import annotations

import uuid

import httpx
import pytest

from servicekit.testing import TokenFactory
from tests.e2e.support import dossier_body, fetch

pytestmark = pytest.mark.e2e


async def _count(stack, subject: str) -> int:  # type: ignore[no-untyped-def]
    return len(await fetch(stack, "intake", "select 1 from dossier where applicant_subject = $1", subject))


async def test_malformed_json_is_refused_in_vietnamese(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    headers = e2e_tokens.headers(citizen) | {"Idempotency-Key": "k", "Content-Type": "application/json"}
    response = await gateway.post("/v1/dossiers", content=b'{"procedure_code": ', headers=headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "invalid_json"
    assert problem["title"] == "Nội dung không phải JSON hợp lệ"
    assert await _count(stack, citizen) == 0


async def test_wrong_types_and_unknown_fields_are_listed_in_english_on_request(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    headers = e2e_tokens.headers(citizen) | {"Idempotency-Key": "k", "Accept-Language": "en"}
    body = dossier_body(procedure_version="one", agency_code="G12", surprise=True)
    response = await gateway.post("/v1/dossiers", json=body, headers=headers)
    assert response.status_code == 422
    problem = response.json()
    assert problem["title"] == "Validation failed"
    fields = {e["field"]: e["code"] for e in problem["errors"]}
    assert fields == {
        "procedure_version": "int_parsing",
        "agency_code": "string_pattern_mismatch",
        "surprise": "extra_forbidden",
    }
    assert await _count(stack, citizen) == 0


async def test_bad_or_missing_tokens_are_refused_before_anything_is_written(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    for headers in (
        {},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": f"Bearer {e2e_tokens.mint(subject, expires_in=-120)}"},
        {"Authorization": f"Bearer {e2e_tokens.mint(subject, issuer='https://evil.example/oidc')}"},
    ):
        response = await gateway.post(
            "/v1/dossiers", json=dossier_body(), headers=headers | {"Idempotency-Key": "k"}
        )
        assert response.status_code == 401, response.text
        assert response.json()["code"] == "unauthenticated"
    assert await _count(stack, subject) == 0


async def test_an_official_cannot_file_a_dossier_as_an_applicant(
    gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    headers = e2e_tokens.headers(kind="official", roles=["reception_officer"]) | {"Idempotency-Key": "k"}
    response = await gateway.post("/v1/dossiers", json=dossier_body(), headers=headers)
    assert response.status_code == 403
    assert response.json()["title"] == "Không có quyền"
