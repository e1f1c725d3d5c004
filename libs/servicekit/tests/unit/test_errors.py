"""Every error is an RFC 9457 problem document, in Vietnamese by default and English on request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from servicekit.errors import (
    PROBLEM_JSON,
    NotFound,
    ServiceError,
    field_errors_from_validation,
    install_error_handlers,
    problem_body,
)
from servicekit.http import RequestContextMiddleware
from servicekit.i18n import Text


class ApplicationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    procedure_code: str = Field(min_length=1)
    applicant_name: str = Field(min_length=1)
    copies: int = Field(ge=1)


class DossierNotFound(NotFound):
    code = "dossier_not_found"
    title = Text("Không tìm thấy hồ sơ", "Dossier not found")
    detail = Text("Không có hồ sơ mã {dossier_code}.", "There is no dossier {dossier_code}.")


def build_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, access_log_enabled=False)

    @app.post("/applications", status_code=201)
    async def create_application(body: ApplicationCreate) -> dict[str, str]:
        return {"applicant_name": body.applicant_name}

    @app.get("/dossiers/{dossier_code}")
    async def get_dossier(dossier_code: str) -> dict[str, str]:
        raise DossierNotFound(dossier_code=dossier_code)

    @app.get("/crash")
    async def crash() -> dict[str, str]:
        raise RuntimeError("password=hunter2 at /srv/intake/repository.py line 42")

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    # raise_app_exceptions=False: look at what the caller receives, as a real server would send it.
    transport = httpx.ASGITransport(app=build_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:motcua:problem:{code}"
    return body


# -- malformed JSON --------------------------------------------------------------------------------


async def test_malformed_json_is_a_400_invalid_json_problem_in_vietnamese_by_default(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/applications",
        content=b'{"procedure_code": "1.001234",',
        headers={"content-type": "application/json"},
    )
    body = assert_problem(response, 400, "invalid_json")
    assert body["title"] == "Nội dung không phải JSON hợp lệ"
    assert body["detail"] == "Không đọc được nội dung JSON của yêu cầu."
    assert body["instance"] == "/applications"
    assert body["errors"][0]["field"] == "body"
    assert body["errors"][0]["message"] == "Nội dung không phải JSON hợp lệ."
    assert response.headers["content-language"] == "vi"
    assert body["request_id"] == response.headers["x-request-id"]


async def test_malformed_json_problem_is_in_english_when_the_caller_prefers_english(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/applications",
        content=b"{not json",
        headers={"content-type": "application/json", "Accept-Language": "en"},
    )
    body = assert_problem(response, 400, "invalid_json")
    assert body["title"] == "Malformed JSON"
    assert body["detail"] == "The request body could not be parsed as JSON."
    assert body["errors"][0]["message"] == "The body is not valid JSON."
    assert response.headers["content-language"] == "en"


# -- field validation ------------------------------------------------------------------------------


async def test_wrong_types_unknown_and_missing_fields_are_a_422_naming_each_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/applications", json={"applicant_name": "Lê Văn Cường", "copies": "hai", "nickname": "Cường"}
    )
    body = assert_problem(response, 422, "validation_failed")
    assert body["title"] == "Dữ liệu không hợp lệ"
    assert body["detail"] == "Một số trường chưa đúng; xem danh sách lỗi."
    errors = {e["field"]: e for e in body["errors"]}
    assert errors["copies"]["code"] == "int_parsing"
    assert errors["copies"]["message"] == "Phải là một số nguyên."
    assert errors["nickname"]["code"] == "extra_forbidden"
    assert errors["nickname"]["message"] == "Trường này không được phép."
    assert errors["procedure_code"]["code"] == "missing"
    assert errors["procedure_code"]["message"] == "Trường này là bắt buộc."


async def test_validation_problem_is_in_english_with_accept_language_en(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/applications",
        json={"procedure_code": "", "applicant_name": "Lê Văn Cường", "copies": 0},
        headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    body = assert_problem(response, 422, "validation_failed")
    assert body["title"] == "Validation failed"
    assert body["detail"] == "Some fields are invalid; see errors."
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert errors == {"procedure_code": "Too short (at least 1).", "copies": "Must be at least 1."}


@pytest.mark.parametrize(
    ("accept_language", "title"),
    [
        (None, "Dữ liệu không hợp lệ"),
        ("en", "Validation failed"),
        ("en;q=0.5, vi", "Dữ liệu không hợp lệ"),
        ("vi;q=0.4, en;q=0.8", "Validation failed"),
        ("fr-FR, de", "Dữ liệu không hợp lệ"),
        ("en-US,en;q=0.9,vi;q=0.8", "Validation failed"),
    ],
)
async def test_problem_language_follows_accept_language_preferences(
    client: httpx.AsyncClient, accept_language: str | None, title: str
) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = await client.post("/applications", json={}, headers=headers)
    assert assert_problem(response, 422, "validation_failed")["title"] == title


# -- routing and domain errors ---------------------------------------------------------------------


async def test_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/no-such-thing")
    body = assert_problem(response, 404, "not_found")
    assert body["title"] == "Không tìm thấy"
    assert body["instance"] == "/no-such-thing"


async def test_wrong_method_is_a_405_problem_keeping_the_allow_header(client: httpx.AsyncClient) -> None:
    response = await client.delete("/applications", headers={"Accept-Language": "en"})
    body = assert_problem(response, 405, "method_not_allowed")
    assert body["title"] == "Method not allowed"
    assert response.headers["allow"] == "POST"


async def test_domain_error_renders_its_own_code_and_detail_with_parameters(
    client: httpx.AsyncClient,
) -> None:
    vietnamese = await client.get("/dossiers/000.00.00.H01-260101-0001")
    body = assert_problem(vietnamese, 404, "dossier_not_found")
    assert body["title"] == "Không tìm thấy hồ sơ"
    assert body["detail"] == "Không có hồ sơ mã 000.00.00.H01-260101-0001."

    english = await client.get("/dossiers/X-1", headers={"Accept-Language": "en"})
    body = assert_problem(english, 404, "dossier_not_found")
    assert (body["title"], body["detail"]) == ("Dossier not found", "There is no dossier X-1.")


# -- crashes ---------------------------------------------------------------------------------------


async def test_unhandled_exception_is_a_500_problem_without_internals(client: httpx.AsyncClient) -> None:
    response = await client.get("/crash", headers={"X-Request-ID": "req-500"})
    body = assert_problem(response, 500, "internal_error")
    assert body["title"] == "Lỗi hệ thống"
    assert body["detail"] == (
        "Đã có lỗi hệ thống; vui lòng thử lại sau. Mã yêu cầu giúp bộ phận hỗ trợ tra cứu."
    )
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert "repository.py" not in response.text
    # The detail tells the citizen to quote the request id: it must be there to quote.
    assert body["request_id"] == "req-500"
    assert response.headers["x-request-id"] == "req-500"


async def test_unhandled_exception_problem_respects_the_callers_language(client: httpx.AsyncClient) -> None:
    response = await client.get("/crash", headers={"Accept-Language": "en"})
    body = assert_problem(response, 500, "internal_error")
    assert body["title"] == "Internal server error"
    assert (
        body["detail"]
        == "Something went wrong on our side; please try again later. Quote the request id to support."
    )
    assert response.headers["content-language"] == "en"


# -- pieces used directly by services --------------------------------------------------------------


def test_service_error_carries_status_code_and_detail_in_both_languages() -> None:
    error = DossierNotFound(dossier_code="H01-1")
    assert (error.status, error.code) == (404, "dossier_not_found")
    assert error.render_detail("vi") == "Không có hồ sơ mã H01-1."
    assert error.render_detail("en") == "There is no dossier H01-1."
    assert str(error) == "There is no dossier H01-1."


def test_service_error_without_detail_falls_back_to_its_code() -> None:
    class Bare(ServiceError):
        code = "bare"

    assert Bare().render_detail("vi") is None
    assert str(Bare()) == "bare"


def test_field_errors_name_nested_fields_and_translate_constraints() -> None:
    raw = [
        {"type": "missing", "loc": ("body", "applicant", "full_name"), "msg": "Field required"},
        {"type": "string_too_long", "loc": ("body", "note"), "msg": "...", "ctx": {"max_length": 500}},
        {"type": "value_error", "loc": ("body", "email"), "msg": "Value error, không phải email"},
        {"type": "something_new", "loc": ("query", "limit"), "msg": "?"},
    ]
    errors = field_errors_from_validation(raw)
    assert [(e["field"], e["message"]) for e in errors] == [
        ("applicant.full_name", "Trường này là bắt buộc."),
        ("note", "Quá dài (tối đa 500 ký tự)."),
        ("email", "Giá trị không hợp lệ: không phải email"),
        ("query.limit", "Giá trị không hợp lệ."),
    ]


def test_extension_members_join_the_problem_but_never_replace_a_standard_one() -> None:
    body = problem_body(
        status=503,
        code="under_maintenance",
        title="Đang bảo trì",
        detail=None,
        instance="/v1/procedures",
        extensions={"expected_end_at": "2026-11-28T19:00:00Z", "status": 200, "code": "ok"},
    )
    assert body["expected_end_at"] == "2026-11-28T19:00:00Z"
    assert body["status"] == 503 and body["code"] == "under_maintenance"
