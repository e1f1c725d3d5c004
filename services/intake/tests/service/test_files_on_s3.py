"""The same files through intake's API with the S3-compatible backend (moto's S3 server over HTTP):
a whole upload, a resumable one assembled from its chunks, and the downloads byte for byte."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator

import pytest
from moto.server import ThreadedMotoServer

from servicekit.testing import TokenFactory
from services.intake.tests.support import THAI_SAN, Suite, draft, pdf_bytes, running_suite, upload


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="module")
async def s3_suite(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory, s3_endpoint: str
) -> AsyncIterator[Suite]:
    async with running_suite(
        pg_server_url,
        kafka_topics,
        token_factory,
        storage_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_bucket="intake-test",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        max_chunk_mb=5,
    ) as running:
        yield running


async def test_files_round_trip_through_an_s3_bucket(s3_suite: Suite) -> None:
    suite = s3_suite
    headers = suite.citizen()
    dossier = await draft(suite, headers, THAI_SAN)
    whole = pdf_bytes(7 * 1024 * 1024, marker=b"whole")  # more than one 5 MiB staging part
    sent = await upload(suite, headers, dossier["id"], "TP2", "ban-sao.pdf", whole)
    assert sent.status_code == 201, sent.text
    assert sent.json()["sha256"] == hashlib.sha256(whole).hexdigest()
    assert (await suite.client.get(sent.json()["content_url"], headers=headers)).content == whole

    chunked = pdf_bytes(6 * 1024 * 1024 + 17, marker=b"chunked")
    started = await suite.client.post(
        f"/v1/dossiers/{dossier['id']}/documents/uploads",
        json={"component_code": "TP2", "filename": "giay-ra-vien.pdf", "size": len(chunked)},
        headers=headers,
    )
    url = started.headers["location"]
    offset = 0
    last = None
    for size in (2 * 1024 * 1024, 2 * 1024 * 1024, len(chunked)):
        piece = chunked[offset : offset + size]
        last = await suite.client.patch(url, content=piece, headers=headers | {"Upload-Offset": str(offset)})
        offset += len(piece)
    assert last is not None and last.status_code == 201, last.text
    file = last.json()["file"]
    assert file["sha256"] == hashlib.sha256(chunked).hexdigest()
    assert (await suite.client.get(file["content_url"], headers=headers)).content == chunked
