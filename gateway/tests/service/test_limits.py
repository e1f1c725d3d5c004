"""Body size limits: 413 before the upstream is contacted, or as soon as a chunked body passes the limit."""

from __future__ import annotations

import asyncio
import json

import httpx

from gateway.tests.conftest import SEEN_PATHS, Stack

LIMIT = 1024 * 1024  # the test gateway's default body limit


async def raw_request(
    stack: Stack, head: bytes, body_parts: list[bytes], *, read_first: bool = False
) -> bytes:
    """Speak HTTP/1.1 by hand: clients like httpx cannot send a body that lies about its size."""
    host, port = stack.gateway.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head)
        if read_first:
            return await asyncio.wait_for(reader.read(), 10)
        for part in body_parts:
            writer.write(part)
            await writer.drain()
        return await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()


def parse(raw: bytes) -> tuple[int, dict[str, str], dict[str, object]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, json.loads(body)


async def test_declared_oversized_body_is_refused_without_contacting_the_upstream(stack: Stack) -> None:
    path = "/v1/feedback/too-big-declared"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: gw\r\nContent-Length: {LIMIT + 1}\r\n"
        f"Authorization: Bearer {stack.tokens.mint()}\r\n\r\n"
    ).encode()
    status, headers, problem = parse(await raw_request(stack, head, [b"x" * (LIMIT + 1)]))
    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    assert problem["code"] == "payload_too_large"
    assert problem["detail"] == "Dữ liệu gửi lên vượt quá giới hạn 1 MiB cho đường dẫn này."
    assert path not in SEEN_PATHS


async def test_expect_continue_gets_413_before_sending_anything(stack: Stack) -> None:
    head = (
        b"POST /v1/feedback HTTP/1.1\r\nHost: gw\r\nContent-Length: 500000000\r\n"
        b"Expect: 100-continue\r\nAccept-Language: en\r\n\r\n"
    )
    status, _, problem = parse(await raw_request(stack, head, [], read_first=True))
    assert status == 413
    assert problem["title"] == "Payload too large"


async def test_chunked_body_is_cut_when_it_passes_the_limit(stack: Stack) -> None:
    path = "/v1/feedback/too-big-chunked"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n"
        f"Authorization: Bearer {stack.tokens.mint()}\r\n\r\n"
    ).encode()
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"  # 64 KiB
    status, _, problem = parse(await raw_request(stack, head, [chunk] * 20 + [b"0\r\n\r\n"]))
    assert status == 413
    assert problem["code"] == "payload_too_large"


async def test_upload_paths_have_their_own_larger_limit(client: httpx.AsyncClient, stack: Stack) -> None:
    body = b"%PDF" + b"0" * (2 * LIMIT)
    small_limit = await client.post("/v1/feedback", content=body)
    assert small_limit.status_code == 413
    upload = await client.post("/v1/dossiers/D9/documents", content=body, headers=stack.tokens.headers())
    assert upload.status_code == 200
    assert upload.json()["body_length"] == len(body)
    too_big = await client.post(
        "/v1/dossiers/D9/documents", content=b"0" * (8 * LIMIT + 1), headers=stack.tokens.headers()
    )
    assert too_big.status_code == 413
    assert too_big.json()["detail"].endswith("8 MiB cho đường dẫn này.")
