"""The proxy hop over real HTTP: what the upstream receives and what the client gets back."""

from __future__ import annotations

import hashlib
import json

import httpx

from gateway.tests.conftest import Stack


def header(echoed: dict[str, object], name: str) -> list[str]:
    return [v for k, v in echoed["headers"] if k == name]  # type: ignore[attr-defined, misc]


async def test_method_path_query_body_and_headers_reach_the_upstream(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    body = json.dumps({"noi_dung": "Góp ý về thủ tục"}).encode()
    response = await client.post(
        "/v1/feedback/x%2Fy/tiếp?q=gi%E1%BA%A5y+khai+sinh&page=2&page=3",
        content=body,
        headers={
            **stack.tokens.headers(),
            "Content-Type": "application/json",
            "X-Custom": "một".encode(),
            "Connection": "keep-alive, X-Hop",
            "X-Hop": "dropped",
            "Keep-Alive": "timeout=5",
            "Proxy-Authorization": "Basic Zm9vOmJhcg==",
            "X-Forwarded-For": "203.0.113.7",
            "X-Request-ID": "req-123",
            "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        },
    )
    assert response.status_code == 200
    echoed = response.json()
    assert echoed["service"] == "intake"
    assert echoed["method"] == "POST"
    assert echoed["raw_path"] == "/v1/feedback/x%2Fy/ti%E1%BA%BFp"  # bytes as sent, %2F kept
    assert echoed["query"] == "q=gi%E1%BA%A5y+khai+sinh&page=2&page=3"
    assert echoed["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert header(echoed, "content-type") == ["application/json"]
    assert header(echoed, "x-custom") == ["một".encode().decode("latin-1")]  # the same bytes
    for dropped in ("x-hop", "keep-alive", "proxy-authorization", "connection"):
        assert header(echoed, dropped) == [], dropped
    # The test's uvicorn trusts 127.0.0.1 as a proxy, so the client is the one it forwarded for.
    assert header(echoed, "x-forwarded-for") == ["203.0.113.7"]
    assert header(echoed, "x-forwarded-proto") == ["http"]
    assert header(echoed, "x-forwarded-host") == [stack.gateway.removeprefix("http://")]
    assert header(echoed, "host") == [stack.intake.removeprefix("http://")]
    assert header(echoed, "x-request-id") == ["req-123"]
    (forwarded_trace,) = header(echoed, "traceparent")
    assert forwarded_trace.startswith("00-0af7651916cd43dd8448eb211c80319c-")  # same trace, new span
    assert forwarded_trace != "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    # What the client gets: upstream headers kept, the gateway's request id and trace echoed once.
    assert response.headers["x-upstream"] == "intake"
    assert response.headers["etag"] == '"7"'
    assert response.headers.get_list("x-request-id") == ["req-123"]
    assert len(response.headers.get_list("date")) == 1
    assert len(response.headers.get_list("server")) == 1
    assert response.headers["traceparent"].split("-")[1] == "0af7651916cd43dd8448eb211c80319c"


async def test_every_method_is_forwarded(client: httpx.AsyncClient, stack: Stack) -> None:
    headers = stack.tokens.headers()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        response = await client.request(method, "/v1/dossiers/D1/notes", headers=headers, content=b"{}")
        assert response.status_code == 200, method
        assert response.json()["method"] == method
    head = await client.head("/v1/procedures/x")
    assert head.status_code in (200, 405) and head.content == b""


async def test_a_request_id_is_made_when_the_client_sends_none(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/procedures/abc")
    assert header(response.json(), "x-forwarded-for") == ["127.0.0.1"]
    rid = response.headers["x-request-id"]
    assert len(rid) == 32
    assert header(response.json(), "x-request-id") == [rid]


async def test_a_multi_megabyte_response_is_streamed_back_intact(client: httpx.AsyncClient) -> None:
    size = 12 * 1024 * 1024 + 123
    digest = hashlib.sha256()
    received = 0
    chunks = 0
    async with client.stream("GET", f"/v1/procedures/big/{size}") as response:
        assert response.status_code == 200
        assert response.headers.get("transfer-encoding") == "chunked"
        async for chunk in response.aiter_raw():
            digest.update(chunk)
            received += len(chunk)
            chunks += 1
    block = bytes(range(256)) * 256
    expected = hashlib.sha256()
    for offset in range(0, size, len(block)):
        expected.update(block[: min(len(block), size - offset)])
    assert received == size
    assert digest.hexdigest() == expected.hexdigest()
    assert chunks > 1  # arrived in pieces, not buffered whole


async def test_a_large_upload_under_the_upload_limit_is_streamed_to_the_upstream(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    body = bytes(range(256)) * (12 * 1024)  # 3 MiB: over the 1 MiB default, under 8 MiB for documents

    async def chunks() -> object:
        for offset in range(0, len(body), 100_000):
            yield body[offset : offset + 100_000]

    response = await client.post(
        "/v1/dossiers/D1/documents",
        content=chunks(),
        headers=stack.tokens.headers(),  # type: ignore[arg-type]
    )
    assert response.status_code == 200
    assert response.json()["body_length"] == len(body)
    assert response.json()["body_sha256"] == hashlib.sha256(body).hexdigest()
    declared = await client.post("/v1/dossiers/D1/documents", content=body, headers=stack.tokens.headers())
    assert declared.json()["body_sha256"] == hashlib.sha256(body).hexdigest()


async def test_unknown_path_is_a_problem_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/v2/nothing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "not_found"
    assert problem["title"] == "Không tìm thấy"
    assert problem["instance"] == "/v2/nothing"
    assert problem["request_id"] == response.headers["x-request-id"]


async def test_dot_segments_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/procedures/%2E%2E/dossiers")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


async def test_a_service_that_is_down_gives_502_in_vietnamese_or_english(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    response = await client.get("/v1/tasks", headers=stack.tokens.headers())
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == "vi"
    problem = response.json()
    assert problem["code"] == "bad_gateway"
    assert problem["title"] == "Dịch vụ phía sau không phản hồi"
    assert "workflow" in problem["detail"]
    english = await client.get(
        "/v1/tasks", headers={**stack.tokens.headers(), "Accept-Language": "en-US,en;q=0.9"}
    )
    assert english.status_code == 502
    assert english.headers["content-language"] == "en"
    assert english.json()["title"] == "Bad gateway"
    assert english.json()["detail"] == "The workflow service is not responding; please try again later."


async def test_a_slow_service_gives_504(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/procedures/slow", headers={"Accept-Language": "en"})
    assert response.status_code == 504
    assert response.json()["code"] == "gateway_timeout"
    assert response.json()["title"] == "Gateway timeout"
    assert response.elapsed.total_seconds() < 3  # the 1.5 s timeout, not the upstream's 3 s
