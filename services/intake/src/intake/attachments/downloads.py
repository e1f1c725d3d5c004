"""Sending a stored file back: streamed, with a safe Content-Disposition and its digest."""

from __future__ import annotations

import base64
from urllib.parse import quote

from fastapi.responses import StreamingResponse

from intake.attachments.models import Document
from servicekit.storage import Storage


def content_disposition(filename: str, *, inline: bool = False) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "tep"
    ascii_name = ascii_name.replace('"', "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def file_response(storage: Storage, document: Document, *, inline: bool = False) -> StreamingResponse:
    digest = base64.b64encode(bytes.fromhex(document.sha256)).decode()
    return StreamingResponse(
        storage.stream(document.storage_key),
        media_type=document.content_type,
        headers={
            "Content-Disposition": content_disposition(document.filename, inline=inline),
            "Content-Length": str(document.size),
            "Repr-Digest": f"sha-256=:{digest}:",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
