"""HTTP conventions every service shares: request id, trace context, cursor pages and If-Match."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI, Request, Response

from servicekit.errors import install_error_handlers
from servicekit.http import (
    InvalidCursor,
    Page,
    PageParamsDep,
    RequestContextMiddleware,
    check_if_match,
    decode_cursor,
    encode_cursor,
    etag_for,
    outgoing_headers,
)
from servicekit.requestctx import parse_traceparent, request_id_var

INCOMING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
INCOMING_TRACEPARENT = f"00-{INCOMING_TRACE}-00f067aa0ba902b7-01"
PROCEDURES = [f"1.00{n:04d}" for n in range(1, 8)]
CURRENT_VERSION = 3


def build_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, access_log_enabled=False)

    @app.get("/context")
    async def context() -> dict[str, object]:
        return {"request_id": request_id_var.get(), "outgoing": outgoing_headers()}

    @app.get("/procedures")
    async def list_procedures(page: PageParamsDep) -> Page[str]:
        after = decode_cursor(page.cursor, 1)[0] if page.cursor else ""
        rest = [code for code in PROCEDURES if code > after]
        items = rest[: page.limit]
        more = len(rest) > page.limit
        return Page[str](items=items, next_cursor=encode_cursor([items[-1]]) if more else None)

    @app.put("/dossiers/{dossier_id}/applicant")
    async def update_applicant(dossier_id: str, request: Request, response: Response) -> dict[str, str]:
        check_if_match(request, CURRENT_VERSION)
        response.headers["ETag"] = etag_for(CURRENT_VERSION + 1)
        return {"dossier_id": dossier_id}

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


# -- request id ------------------------------------------------------------------------------------


async def test_a_valid_incoming_request_id_is_echoed_and_used_for_the_request(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/context", headers={"X-Request-ID": "gw-2026.01:abc_42"})
    assert response.headers["x-request-id"] == "gw-2026.01:abc_42"
    assert response.json()["request_id"] == "gw-2026.01:abc_42"
    assert response.json()["outgoing"]["x-request-id"] == "gw-2026.01:abc_42"


async def test_a_request_id_is_generated_when_none_is_sent(client: httpx.AsyncClient) -> None:
    first = await client.get("/context")
    second = await client.get("/context")
    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert first.json()["request_id"] == first.headers["x-request-id"]


@pytest.mark.parametrize(
    "hostile",
    ["abc\nlevel=error forged=1", "x" * 129, "<script>alert(1)</script>", "a b", ""],
    ids=["newline", "too-long", "markup", "space", "empty"],
)
async def test_a_hostile_request_id_is_replaced_by_a_fresh_one(
    client: httpx.AsyncClient, hostile: str
) -> None:
    response = await client.get("/context", headers={"X-Request-ID": hostile})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    assert response.json()["request_id"] == response.headers["x-request-id"]


# -- W3C trace context -----------------------------------------------------------------------------


async def test_traceparent_continues_the_callers_trace_with_a_new_span(client: httpx.AsyncClient) -> None:
    response = await client.get("/context", headers={"traceparent": INCOMING_TRACEPARENT})
    returned = parse_traceparent(response.headers["traceparent"])
    assert returned is not None
    trace, span, flags = returned
    assert trace == INCOMING_TRACE
    assert span != "00f067aa0ba902b7"
    assert flags == "01"
    outgoing = parse_traceparent(response.json()["outgoing"]["traceparent"])
    assert outgoing is not None and outgoing[0] == INCOMING_TRACE


@pytest.mark.parametrize(
    "incoming", [None, "garbage", f"00-{'0' * 32}-00f067aa0ba902b7-01", "01-xyz"], ids=str
)
async def test_a_missing_or_invalid_traceparent_starts_a_new_trace(
    client: httpx.AsyncClient, incoming: str | None
) -> None:
    headers = {"traceparent": incoming} if incoming else {}
    response = await client.get("/context", headers=headers)
    returned = parse_traceparent(response.headers["traceparent"])
    assert returned is not None
    assert returned[0] != "0" * 32


# -- cursor pagination -----------------------------------------------------------------------------


def test_cursor_round_trips_the_sort_key_as_strings() -> None:
    created = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    row_id = uuid.UUID("01945f3c-0000-7000-8000-000000000001")
    cursor = encode_cursor([created, row_id])
    assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor)  # safe in a query string as is
    assert decode_cursor(cursor, 2) == [created.isoformat(sep=" "), str(row_id)]


@pytest.mark.parametrize(
    "cursor",
    ["not-base64!!", "", encode_cursor(["only-one"]), "eyJhIjogMX0", "////"],
    ids=["garbage", "empty", "wrong-size", "object", "binary"],
)
def test_a_garbage_cursor_is_rejected(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, 2)


async def test_pages_walk_the_whole_list_by_next_cursor(client: httpx.AsyncClient) -> None:
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        params: dict[str, str | int] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/procedures", params=params)).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == PROCEDURES


async def test_a_garbage_cursor_in_a_request_is_a_400_invalid_cursor_problem(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/procedures", params={"cursor": "%%%garbage"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_cursor"
    assert body["title"] == "Con trỏ phân trang không hợp lệ"

    english = await client.get("/procedures", params={"cursor": "x"}, headers={"Accept-Language": "en"})
    assert english.json()["title"] == "Invalid page cursor"


@pytest.mark.parametrize("limit", [0, 101, "many"])
async def test_page_limit_outside_1_to_100_is_a_validation_problem(
    client: httpx.AsyncClient, limit: int | str
) -> None:
    response = await client.get("/procedures", params={"limit": limit})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.limit"


# -- ETag / If-Match -------------------------------------------------------------------------------


async def test_editing_without_if_match_is_a_428_problem(client: httpx.AsyncClient) -> None:
    response = await client.put("/dossiers/1/applicant")
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert response.json()["title"] == "Thiếu điều kiện If-Match"


async def test_editing_with_a_stale_etag_is_a_412_problem(client: httpx.AsyncClient) -> None:
    response = await client.put("/dossiers/1/applicant", headers={"If-Match": etag_for(CURRENT_VERSION - 1)})
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert response.json()["detail"] == "Tài nguyên đã được thay đổi bởi người khác; hãy tải lại rồi thử lại."


@pytest.mark.parametrize("if_match", ['"3"', 'W/"3"', '"1", "3"', "*"])
async def test_editing_with_the_current_etag_passes(client: httpx.AsyncClient, if_match: str) -> None:
    response = await client.put("/dossiers/1/applicant", headers={"If-Match": if_match})
    assert response.status_code == 200
    assert response.headers["etag"] == '"4"'
