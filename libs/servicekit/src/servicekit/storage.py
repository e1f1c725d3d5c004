"""File storage behind one interface (DESIGN §2 "Files"): a local directory by default, or an
S3-compatible bucket (AWS S3, MinIO, Ceph, Viettel/VNPT object storage…).

Keys are relative, slash-separated paths chosen by the service (``dossiers/<id>/<uuid>``); content is
bytes. ``compose`` concatenates previously stored parts into one object (resumable uploads store
each chunk as a part first), streaming: neither backend holds a whole large file in memory.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, Protocol

__all__ = ["LocalStorage", "ObjectNotFound", "S3Storage", "Storage", "check_key"]

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
CHUNK = 1024 * 1024
#: S3 multipart parts must be at least 5 MiB, except the last.
S3_PART = 8 * 1024 * 1024


class ObjectNotFound(KeyError):
    """No object under this key."""


def check_key(key: str) -> str:
    """A key is relative and never climbs out of its root (no ``..``, no leading ``/``)."""
    if len(key) > 512 or not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise ValueError(f"invalid storage key {key!r}")
    return key


class Storage(Protocol):
    async def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None: ...

    async def get(self, key: str) -> bytes: ...

    def stream(self, key: str, *, chunk_size: int = CHUNK) -> AsyncIterator[bytes]: ...

    async def head(self, key: str, size: int = 512) -> bytes:
        """The first ``size`` bytes (magic bytes)."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None: ...

    async def compose(
        self, key: str, parts: Sequence[str], *, content_type: str = "application/octet-stream"
    ) -> int:
        """Write the parts, in order, as one object; returns its size. The parts are left in place."""
        ...

    async def close(self) -> None: ...


class LocalStorage:
    """Objects are files under ``root``; writes go to a temporary file first and are renamed into place."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).absolute()

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _write(self, path: Path, chunks: Sequence[Path] | None, data: bytes | None) -> int:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                if data is not None:
                    out.write(data)
                for part in chunks or ():
                    with open(part, "rb") as source:
                        shutil.copyfileobj(source, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path.stat().st_size

    async def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None:
        await asyncio.to_thread(self._write, self._path(key), None, data)

    async def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise ObjectNotFound(key) from None

    async def stream(self, key: str, *, chunk_size: int = CHUNK) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            handle = await asyncio.to_thread(open, path, "rb")
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        try:
            while chunk := await asyncio.to_thread(handle.read, chunk_size):
                yield chunk
        finally:
            handle.close()

    async def head(self, key: str, size: int = 512) -> bytes:
        path = self._path(key)

        def read() -> bytes:
            with open(path, "rb") as handle:
                return handle.read(size)

        try:
            return await asyncio.to_thread(read)
        except FileNotFoundError:
            raise ObjectNotFound(key) from None

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, True)

    async def compose(
        self, key: str, parts: Sequence[str], *, content_type: str = "application/octet-stream"
    ) -> int:
        paths = [self._path(p) for p in parts]
        missing = [p for p, path in zip(parts, paths, strict=True) if not path.is_file()]
        if missing:
            raise ObjectNotFound(missing[0])
        return await asyncio.to_thread(self._write, self._path(key), paths, None)

    async def close(self) -> None:
        return None


class S3Storage:
    """Objects in one bucket of an S3-compatible service, through aiobotocore.

    ``create_bucket``: make the bucket on first use when it does not exist (development stacks).
    """

    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        create_bucket: bool = False,
    ) -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url or None
        self.region = region
        self.access_key_id = access_key_id or None
        self.secret_access_key = secret_access_key or None
        self.create_bucket = create_bucket
        self._stack: AsyncExitStack | None = None
        self._client: Any = None
        self._lock = asyncio.Lock()

    async def _s3(self) -> Any:
        async with self._lock:
            if self._client is None:
                from aiobotocore.session import get_session

                stack = AsyncExitStack()
                client = await stack.enter_async_context(
                    get_session().create_client(
                        "s3",
                        endpoint_url=self.endpoint_url,
                        region_name=self.region,
                        aws_access_key_id=self.access_key_id,
                        aws_secret_access_key=self.secret_access_key,
                    )
                )
                if self.create_bucket:
                    try:
                        await client.head_bucket(Bucket=self.bucket)
                    except client.exceptions.ClientError:
                        await client.create_bucket(Bucket=self.bucket)
                self._stack, self._client = stack, client
            return self._client

    @staticmethod
    def _missing(exc: Exception) -> bool:
        code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
        return code in ("NoSuchKey", "404", "NotFound")

    async def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None:
        s3 = await self._s3()
        await s3.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type)

    async def _get_object(self, key: str, **extra: Any) -> Any:
        s3 = await self._s3()
        try:
            return await s3.get_object(Bucket=self.bucket, Key=check_key(key), **extra)
        except s3.exceptions.ClientError as exc:
            if self._missing(exc):
                raise ObjectNotFound(key) from None
            raise

    async def get(self, key: str) -> bytes:
        response = await self._get_object(key)
        async with response["Body"] as body:
            data: bytes = await body.read()
            return data

    async def stream(self, key: str, *, chunk_size: int = CHUNK) -> AsyncIterator[bytes]:
        response = await self._get_object(key)
        async with response["Body"] as body:
            while chunk := await body.read(chunk_size):
                yield chunk

    async def head(self, key: str, size: int = 512) -> bytes:
        response = await self._get_object(key, Range=f"bytes=0-{size - 1}")
        async with response["Body"] as body:
            data: bytes = await body.read()
            return data

    async def exists(self, key: str) -> bool:
        s3 = await self._s3()
        try:
            await s3.head_object(Bucket=self.bucket, Key=check_key(key))
        except s3.exceptions.ClientError as exc:
            if self._missing(exc):
                return False
            raise
        return True

    async def delete(self, key: str) -> None:
        s3 = await self._s3()
        await s3.delete_object(Bucket=self.bucket, Key=check_key(key))

    async def compose(
        self, key: str, parts: Sequence[str], *, content_type: str = "application/octet-stream"
    ) -> int:
        s3 = await self._s3()
        check_key(key)
        upload = await s3.create_multipart_upload(Bucket=self.bucket, Key=key, ContentType=content_type)
        upload_id = upload["UploadId"]
        done: list[dict[str, Any]] = []
        buffer = bytearray()
        total = 0

        async def flush() -> None:
            number = len(done) + 1
            sent = await s3.upload_part(
                Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=bytes(buffer)
            )
            done.append({"ETag": sent["ETag"], "PartNumber": number})
            buffer.clear()

        try:
            for part in parts:
                async for chunk in self.stream(part):
                    buffer += chunk
                    total += len(chunk)
                    if len(buffer) >= S3_PART:
                        await flush()
            if buffer or not done:
                await flush()
            await s3.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": done}
            )
        except BaseException:
            await s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            raise
        return total

    async def close(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack, self._client = None, None
