"""The hot path: a pure ASGI reverse proxy over one pooled ``aiohttp.ClientSession``.

Per request: route by prefix (404) → path sanity (400) → bearer pre-validation or public allowlist (401)
→ rate limit (429) → declared body size (413) → forward, streaming the body both ways. Request and
response bytes are never parsed or decoded beyond the headers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from urllib.parse import quote_from_bytes

import aiohttp
import structlog
from prometheus_client import Counter, Histogram
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from yarl import URL

from gateway import problems
from gateway.auth import InvalidToken, bearer_from_header
from gateway.metrics import RATE_LIMITED, UPSTREAM_LATENCY, UPSTREAM_REQUESTS
from gateway.runtime import GatewayRuntime
from servicekit.auth import Principal, SigningKeysUnavailable
from servicekit.requestctx import child_traceparent, request_id_var, traceparent_var

log = structlog.get_logger("gateway.proxy")

# RFC 9110 §7.6.1 hop-by-hop headers, and those the gateway sets itself.
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"te", b"trailer", b"transfer-encoding", b"upgrade"})
REQUEST_REPLACED = frozenset(
    {b"host", b"x-request-id", b"traceparent", b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host"}
)
# uvicorn adds its own date/server headers; the request id and traceparent echoed are the gateway's.
RESPONSE_REPLACED = frozenset({b"date", b"server", b"x-request-id", b"traceparent"})
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
DISCARD_BYTES, DISCARD_SECONDS = 32 * 1024 * 1024, 5.0
BUFFER_BELOW = 256 * 1024  # bodies smaller than this are read whole: one write upstream, retry possible


class BodyTooLarge(Exception):
    pass


class ClientGone(Exception):
    pass


class GatewayProxy:
    def __init__(self, runtime: GatewayRuntime) -> None:
        self.rt = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rt = self.rt
        path: str = scope["path"]
        method: str = scope["method"]
        route = rt.routes.match(path)
        if route is None:
            return await problems.not_found(path)(scope, receive, send)
        if "/." in path and _has_dot_segment(path):
            return await problems.bad_path(path)(scope, receive, send)

        authorization = content_length = host = forwarded_for = None
        chunked = expects_continue = False
        connection_listed: set[bytes] = set()
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"content-length":
                content_length = value
            elif name == b"transfer-encoding":
                chunked = True
            elif name == b"host":
                host = value
            elif name == b"x-forwarded-for":
                forwarded_for = value
            elif name == b"expect":
                expects_continue = True
            elif name == b"connection":
                connection_listed.update(t.strip().lower() for t in value.split(b","))

        principal, refusal = await self._authenticate(method, path, authorization)
        # Refused calls count against the client's address too: guessing tokens is not free.
        rate_headers, limited = await self._rate_limit(scope, method, path, principal)
        answer = limited or refusal
        if answer is not None:
            return await answer(scope, receive, send)

        # 413 before contacting the upstream when the size is declared; chunked bodies are counted.
        limit = rt.body_limits.lookup(method, path) or rt.settings.max_body_bytes
        length: int | None = None
        if content_length is not None:
            length = int(content_length)  # uvicorn has already refused a malformed one
            if length > limit:
                if not expects_continue:  # else the client waits for us and has sent nothing yet
                    await _discard_body(receive)
                return await problems.payload_too_large(path, limit)(scope, receive, send)

        out_headers = _upstream_headers(scope, connection_listed, forwarded_for, host)
        raw_path: bytes = scope.get("raw_path") or path.encode()
        query: bytes = scope.get("query_string", b"")
        target = rt.upstreams[route.service] + _ascii(raw_path)
        url = URL(target + "?" + _ascii(query) if query else target, encoded=True)

        data: bytes | _BodyStream | None = None
        if length is not None and length <= BUFFER_BELOW:
            try:
                data = await _read_body(receive, length) if length else b""
            except ClientGone:
                log.info("client_disconnected", path=path)
                return None
        elif length is not None or chunked:
            data = _BodyStream(receive, limit)
        await self._forward(
            scope, receive, send, route.service, method, url, out_headers, data, rate_headers, limit
        )

    async def _authenticate(
        self, method: str, path: str, authorization: bytes | None
    ) -> tuple[Principal | None, Response | None]:
        """401 for a bad token (it never reaches a service), or for no token off the public allowlist."""
        token = bearer_from_header(authorization.decode("latin-1")) if authorization else None
        if token is None:
            refusal = None if self.rt.allowlist.allows(method, path) else problems.token_required(path)
            return None, refusal
        try:
            if token:
                return await self.rt.verifier.verify(token), None
        except InvalidToken as exc:
            if isinstance(exc, SigningKeysUnavailable):  # identity unreachable: not the caller's fault
                log.warning("token_keys_unavailable")
                return None, problems.auth_unavailable(path)
            log.info("token_rejected", reason=str(exc))
        return None, problems.token_invalid(path)

    async def _rate_limit(
        self, scope: Scope, method: str, path: str, principal: Principal | None
    ) -> tuple[list[tuple[bytes, bytes]], Response | None]:
        """429 past the request's rule; counted per subject when signed in (officials of one office
        share an address), else per client address. Returns the ``RateLimit-*`` headers to add."""
        rt = self.rt
        if rt.limiter is None:
            return [], None
        rule = rt.rate_rules.lookup(method, path) or rt.settings.rate_limit_default
        client = f"sub:{principal.subject}" if principal else f"ip:{_client_ip(scope)}"
        decision = await rt.limiter.hit(f"{rule.name}:{client}", limit=rule.limit, window=rule.window)
        headers = decision.headers(rule.window)
        if not decision.allowed:
            RATE_LIMITED.labels(rule.name).inc()
            return [], problems.rate_limited(path, decision.retry_after, dict(headers))
        return [(k.lower().encode(), v.encode()) for k, v in headers], None

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        service: str,
        method: str,
        url: URL,
        headers: list[tuple[str, str]],
        data: bytes | _BodyStream | None,
        extra_headers: list[tuple[bytes, bytes]],
        limit: int,
    ) -> None:
        session = self.rt.session
        assert session is not None, "gateway lifespan not started"
        path: str = scope["path"]
        started = time.perf_counter()
        stream = data if isinstance(data, _BodyStream) else None
        attempts = 2 if method in IDEMPOTENT and stream is None else 1
        for attempt in range(attempts):
            try:
                response = await session.request(
                    method, url, headers=headers, data=data, allow_redirects=False, compress=None
                )
                break
            except (aiohttp.ClientError, TimeoutError) as exc:
                # The body stream's own verdict first: the upstream error is only its consequence.
                if stream is not None and stream.too_large:
                    await _discard_body(receive)
                    return await problems.payload_too_large(path, limit)(scope, receive, send)
                if stream is not None and stream.client_gone:
                    log.info("client_disconnected", path=path)
                    return None
                if isinstance(exc, TimeoutError):
                    _count(service, method, "timeout")
                    log.warning("upstream_timeout", upstream=service, path=path)
                    return await problems.gateway_timeout(path, service)(scope, receive, send)
                # A pooled keep-alive connection the upstream just closed: one retry when safe.
                retryable = isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError)
                if retryable and attempt + 1 < attempts and not isinstance(exc, aiohttp.ClientConnectorError):
                    continue
                return await self._unreachable(scope, receive, send, service, method, exc)

        try:
            headers_out = [
                (name.lower(), value)
                for name, value in response.raw_headers
                if name.lower() not in HOP_BY_HOP
                and name.lower() not in RESPONSE_REPLACED
                and not name.lower().startswith(b"proxy-")
            ]
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status,
                    "headers": headers_out + extra_headers,
                }
            )
            size = response.content_length
            if size is not None and size <= BUFFER_BELOW:
                await send({"type": "http.response.body", "body": await response.read()})
            else:
                async for chunk in response.content.iter_any():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
        finally:
            response.release()
            _count(service, method, response.status)
            _latency(service).observe(time.perf_counter() - started)
        return None

    async def _unreachable(
        self, scope: Scope, receive: Receive, send: Send, service: str, method: str, exc: Exception
    ) -> None:
        _count(service, method, "unreachable")
        log.warning("upstream_unreachable", upstream=service, error=f"{type(exc).__name__}: {exc}")
        await problems.bad_gateway(scope["path"], service)(scope, receive, send)


def _upstream_headers(
    scope: Scope, connection_listed: set[bytes], forwarded_for: bytes | None, host: bytes | None
) -> list[tuple[str, str]]:
    """The client's headers less hop-by-hop ones, plus X-Forwarded-*, the request id and traceparent."""
    out: list[tuple[str, str]] = []
    for name, value in scope["headers"]:
        if (
            name in REQUEST_REPLACED
            or name in HOP_BY_HOP
            or name in connection_listed
            or name.startswith(b"proxy-")
        ):
            continue
        # aiohttp writes header values as UTF-8: decode them so, to forward the same bytes.
        out.append((name.decode("latin-1"), value.decode("utf-8", "replace")))
    client_ip = _client_ip(scope)
    xff = client_ip
    if forwarded_for:
        # Behind a trusted proxy, uvicorn (--forwarded-allow-ips) already took the client from this list.
        chain = forwarded_for.decode("utf-8", "replace")
        known = client_ip in (hop.strip() for hop in chain.split(","))
        xff = chain if known else f"{chain}, {client_ip}"
    out.append(("x-forwarded-for", xff))
    out.append(("x-forwarded-proto", scope.get("scheme", "http")))
    if host:
        out.append(("x-forwarded-host", host.decode("utf-8", "replace")))
    # The gateway's own span (set by RequestContextMiddleware) is the parent of the upstream's.
    out.append(("x-request-id", request_id_var.get() or ""))
    out.append(("traceparent", traceparent_var.get() or child_traceparent(None)))
    return out


async def _read_body(receive: Receive, length: int) -> bytes:
    parts: list[bytes] = []
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone()
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return parts[0] if len(parts) == 1 else b"".join(parts)


class _BodyStream:
    """The request body as an async iterable for aiohttp, counted against the limit as it flows."""

    __slots__ = ("client_gone", "limit", "receive", "too_large")

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.too_large = False
        self.client_gone = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        received = 0
        while True:
            message: Message = await self.receive()
            if message["type"] == "http.disconnect":
                self.client_gone = True
                raise ClientGone()
            chunk: bytes = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                self.too_large = True
                raise BodyTooLarge()
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return


async def _discard_body(receive: Receive) -> None:
    """Read and drop the rest of a refused body (bounded), so that closing the connection does not
    reset it before the client has read our 413 (the "lingering close" of nginx)."""
    discarded = 0
    try:
        async with asyncio.timeout(DISCARD_SECONDS):
            while discarded < DISCARD_BYTES:
                message: Message = await receive()
                discarded += len(message.get("body", b""))
                if message["type"] == "http.disconnect" or not message.get("more_body", False):
                    return
    except TimeoutError:
        return


# Labelled metric children, cached: ``labels()`` takes a lock and builds a key on every call.
_counters: dict[tuple[str, str, str | int], Counter] = {}
_latencies: dict[str, Histogram] = {}


def _count(service: str, method: str, status: str | int) -> None:
    child = _counters.get((service, method, status))
    if child is None:
        child = _counters[(service, method, status)] = UPSTREAM_REQUESTS.labels(service, method, str(status))
    child.inc()


def _latency(service: str) -> Histogram:
    child = _latencies.get(service)
    if child is None:
        child = _latencies[service] = UPSTREAM_LATENCY.labels(service)
    return child


def _ascii(raw: bytes) -> str:
    """A request target as sent; stray non-ASCII bytes (clients should have escaped them) percent-encoded."""
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        return quote_from_bytes(raw, safe="/%:@!$&'()*+,;=-._~?")


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _has_dot_segment(path: str) -> bool:
    return any(segment in (".", "..") for segment in path.split("/"))
