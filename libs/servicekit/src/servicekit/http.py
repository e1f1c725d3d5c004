"""HTTP conventions: request id + traceparent, language, Idempotency-Key, cursor pages, ETag/If-Match."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import time
from collections.abc import Collection, Sequence
from typing import Annotated, Any, Generic, TypeVar

import structlog
from fastapi import Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.auth import Principal, optional_principal
from servicekit.errors import Conflict, PreconditionFailed, PreconditionRequired, ServiceError
from servicekit.errors import _unhandled_handler as unhandled_error_response
from servicekit.i18n import Text, current_language, negotiate_language
from servicekit.requestctx import (
    child_traceparent,
    new_request_id,
    request_id_var,
    trace_id,
    traceparent_var,
    valid_request_id,
)
from servicekit.tables import KitTables

access_log = structlog.get_logger("servicekit.access")
T = TypeVar("T")


class RequestContextMiddleware:
    """Sets request id, W3C trace context and language for the request; echoes them in the response."""

    def __init__(self, app: ASGIApp, *, access_log_enabled: bool = True) -> None:
        self.app = app
        self.access_log_enabled = access_log_enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        rid = valid_request_id(headers.get("x-request-id")) or new_request_id()
        traceparent = child_traceparent(headers.get("traceparent"))
        lang = negotiate_language(headers.get("accept-language"))
        tokens = (request_id_var.set(rid), traceparent_var.set(traceparent), current_language.set(lang))
        outer_log_context = structlog.contextvars.get_contextvars()
        structlog.contextvars.bind_contextvars(request_id=rid, trace_id=trace_id(traceparent))
        start = time.perf_counter()
        status = 500
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status = message["status"]
                started = True
                extra = [(b"x-request-id", rid.encode()), (b"traceparent", traceparent.encode())]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            # Render the 500 here, while the request id and language are still set: Starlette's
            # ServerErrorMiddleware runs outside this middleware, after they have been reset.
            if started:
                raise
            response = await unhandled_error_response(Request(scope), exc)
            await response(scope, receive, send_wrapper)
        finally:
            if self.access_log_enabled and scope.get("path") not in ("/healthz", "/readyz", "/metrics"):
                access_log.info(
                    "http_request",
                    method=scope.get("method"),
                    path=scope.get("path"),
                    status=status,
                    duration_ms=round((time.perf_counter() - start) * 1000, 2),
                )
            # Forget what this request bound (subject, dossier code…), keep the caller's context.
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(**outer_log_context)
            request_id_var.reset(tokens[0])
            traceparent_var.reset(tokens[1])
            current_language.reset(tokens[2])


def outgoing_headers() -> dict[str, str]:
    """Headers to propagate on internal HTTP calls made while serving a request."""
    headers: dict[str, str] = {"traceparent": child_traceparent(traceparent_var.get())}
    rid = request_id_var.get()
    if rid:
        headers["x-request-id"] = rid
    return headers


# --- cursor pagination -------------------------------------------------------------------------


class InvalidCursor(ServiceError):
    status = 400
    code = "invalid_cursor"
    title = Text("Con trỏ phân trang không hợp lệ", "Invalid page cursor")
    detail = Text(
        "Giá trị cursor không hợp lệ; hãy bắt đầu lại từ trang đầu.", "The cursor is invalid; start over."
    )


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` and the ``next_cursor`` to pass back (null on the last page)."""

    items: list[T]
    next_cursor: str | None = None


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([str(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
    if not isinstance(values, list) or len(values) != size or not all(isinstance(v, str) for v in values):
        raise InvalidCursor()
    return values


class PageParams(BaseModel):
    limit: int
    cursor: str | None


async def page_params(  # a coroutine: a plain def would run in a worker thread on every request
    limit: Annotated[int, Query(ge=1, le=100, description="Số mục mỗi trang / items per page")] = 20,
    cursor: Annotated[str | None, Query(max_length=512, description="Con trỏ trang tiếp theo")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageParamsDep = Annotated[PageParams, Depends(page_params)]


# --- ETag / If-Match ----------------------------------------------------------------------------


def etag_for(version: int | str) -> str:
    return f'"{version}"'


def check_if_match(request: Request, current_version: int | str, *, required: bool = True) -> None:
    """Optimistic concurrency: the client must send the ETag it read (428 if absent, 412 if stale)."""
    header = request.headers.get("if-match")
    if header is None:
        if required:
            raise PreconditionRequired()
        return
    candidates = {v.strip() for v in header.split(",")}
    if "*" in candidates:
        return
    current = etag_for(current_version)
    if current not in candidates and f"W/{current}" not in candidates:
        raise PreconditionFailed()


# --- Idempotency-Key ----------------------------------------------------------------------------


class IdempotencyKeyMismatch(Conflict):
    code = "idempotency_key_reused"
    title = Text("Idempotency-Key đã được dùng", "Idempotency-Key reused")
    detail = Text(
        "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác nội dung.",
        "This Idempotency-Key was already used with a different request body.",
    )


class IdempotencyKeyRequired(ServiceError):
    status = 400
    code = "idempotency_key_required"
    title = Text("Thiếu Idempotency-Key", "Idempotency-Key required")
    detail = Text("Cần gửi tiêu đề Idempotency-Key cho thao tác này.", "Send an Idempotency-Key header.")


class Idempotency:
    """Same key + same body → the stored response; same key + different body → 409.

    Use inside the request's transaction: ``replay()`` first (it serialises concurrent requests with the
    same key by a transaction-level advisory lock), then ``respond()`` stores the response with the
    business rows, so either both commit or neither does.
    """

    def __init__(self, tables: KitTables, *, owner: str, key: str | None, request_hash: str) -> None:
        self.table = tables.idempotency
        self.owner = owner
        self.key = key
        self.request_hash = request_hash

    async def replay(self, session: AsyncSession) -> JSONResponse | None:
        if self.key is None:
            return None
        lock_id = int.from_bytes(
            hashlib.sha256(f"{self.owner}\0{self.key}".encode()).digest()[:8], "big", signed=True
        )
        await session.execute(select(func.pg_advisory_xact_lock(lock_id)))
        row = (
            await session.execute(
                select(self.table).where(self.table.c.owner == self.owner, self.table.c.key == self.key)
            )
        ).first()
        if row is None:
            return None
        if row.request_hash != self.request_hash:
            raise IdempotencyKeyMismatch()
        return JSONResponse(
            row.body, status_code=row.status, headers={**row.headers, "Idempotent-Replayed": "true"}
        )

    async def respond(
        self,
        session: AsyncSession,
        status: int,
        body: BaseModel | dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> JSONResponse:
        content = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
        hdrs = headers or {}
        if self.key is not None:
            await session.execute(
                pg_insert(self.table).values(
                    owner=self.owner,
                    key=self.key,
                    request_hash=self.request_hash,
                    status=status,
                    body=content,
                    headers=hdrs,
                )
            )
        return JSONResponse(content, status_code=status, headers=hdrs)


def idempotency_dependency(tables: KitTables, *, required: bool = False) -> Any:
    """Build a dependency giving an ``Idempotency`` bound to the caller, path and body of this request."""

    async def dependency(
        request: Request,
        # Resolved here, not read from request.state: the route may declare its principal after this
        # dependency, and keys of different callers must never share stored responses.
        principal: Annotated[Principal | None, Depends(optional_principal)],
        idempotency_key: Annotated[
            str | None, Header(alias="Idempotency-Key", max_length=255, description="Khóa chống gửi trùng")
        ] = None,
    ) -> Idempotency:
        if idempotency_key is None and required:
            raise IdempotencyKeyRequired()
        owner = principal.subject if principal is not None else "anonymous"
        body = await request.body()
        target = request.url.path + ("?" + request.url.query if request.url.query else "")
        digest = hashlib.sha256(request.method.encode() + b" " + target.encode() + b"\n" + body)
        return Idempotency(tables, owner=owner, key=idempotency_key, request_hash=digest.hexdigest())

    return dependency


# --- the caller's address -----------------------------------------------------------------------

LOCAL_PROXIES: frozenset[str] = frozenset({"127.0.0.1", "::1"})


def _is_trusted(peer: str, trusted_proxies: Collection[str]) -> bool:
    """Whether ``peer`` is one of the proxies (addresses, or networks in CIDR notation)."""
    if peer in trusted_proxies:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    for entry in trusted_proxies:
        if "/" in entry:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue
    return False


def client_address(request: Request, *, trusted_proxies: Collection[str] = LOCAL_PROXIES) -> str:
    """The caller's address for per-client limits: the hop the gateway appended to X-Forwarded-For when
    the peer is a trusted proxy (the gateway: addresses or CIDR networks), else the peer itself.
    Earlier hops are the client's own claims and are never trusted."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and _is_trusted(peer, trusted_proxies):
        return forwarded.split(",")[-1].strip() or peer
    return peer
