"""Both storage backends behave the same: a local directory, and an S3-compatible bucket served by
moto's S3 server over real HTTP (the protocol a MinIO or a cloud bucket speaks)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from servicekit.storage import LocalStorage, ObjectNotFound, S3Storage, Storage


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str) -> AsyncIterator[Storage]:
    backend: Storage
    if request.param == "local":
        backend = LocalStorage(tmp_path / "files")
    else:
        backend = S3Storage(
            bucket=f"test-{os.urandom(4).hex()}",
            endpoint_url=s3_endpoint,
            access_key_id="testing",
            secret_access_key="testing",
            create_bucket=True,
        )
    try:
        yield backend
    finally:
        await backend.close()


async def test_objects_are_written_read_streamed_and_deleted(storage: Storage) -> None:
    await storage.put("dossiers/a/1.pdf", b"%PDF-1.7 hello", content_type="application/pdf")
    assert await storage.exists("dossiers/a/1.pdf")
    assert await storage.get("dossiers/a/1.pdf") == b"%PDF-1.7 hello"
    assert await storage.head("dossiers/a/1.pdf", 5) == b"%PDF-"
    assert b"".join([c async for c in storage.stream("dossiers/a/1.pdf", chunk_size=4)]) == b"%PDF-1.7 hello"
    await storage.delete("dossiers/a/1.pdf")
    assert not await storage.exists("dossiers/a/1.pdf")
    with pytest.raises(ObjectNotFound):
        await storage.get("dossiers/a/1.pdf")
    with pytest.raises(ObjectNotFound):
        await storage.head("dossiers/a/1.pdf")


async def test_parts_compose_into_one_object_larger_than_a_multipart_part(storage: Storage) -> None:
    # Three chunks of 4 MiB + a tail: S3 needs parts of at least 5 MiB, so the backend regroups them.
    chunks = [os.urandom(4 * 1024 * 1024) for _ in range(3)] + [b"tail"]
    for i, chunk in enumerate(chunks):
        await storage.put(f"uploads/u1/{i:05d}", chunk)
    size = await storage.compose("files/whole.bin", [f"uploads/u1/{i:05d}" for i in range(len(chunks))])
    whole = b"".join(chunks)
    assert size == len(whole)
    stored = await storage.get("files/whole.bin")
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(whole).hexdigest()
    with pytest.raises(ObjectNotFound):
        await storage.compose("files/other.bin", ["uploads/u1/00000", "uploads/missing"])


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/../b", "", "a b"])
async def test_keys_never_leave_the_root(storage: Storage, key: str) -> None:
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.put(key, b"x")
