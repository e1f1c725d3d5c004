"""The national hub client: an OAuth2 client credentials token (RFC 6749 §4.4, HTTP Basic client
authentication, as the national service bus's API gateway issues them), then bearer calls to the
records (DongBoHoSoMC) and progress (CapNhatTienDoHoSoMC) services (ADR 13).

Every answer is classified once, here: accepted; rejected (the hub refused the data: 4xx other than
401/408/425/429, or a 2xx whose `error_code` is not 0) — never retried by itself; temporary (no
connection, timeout, 5xx, 408/425/429, or credentials the hub would not take) — retried with backoff.
An expired or revoked token gets one fresh token and one more try within the same call.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx
import structlog

log = structlog.get_logger("nationalsync.hub")

#: Statuses that mean "not now" rather than "not this".
_TEMPORARY_4XX = frozenset({408, 425, 429})
_TOKEN_MARGIN_SECONDS = 30.0
_MAX_RESPONSE_KEPT = 4000


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    TEMPORARY = "temporary"


@dataclass(frozen=True)
class HubAnswer:
    outcome: Outcome
    http_status: int | None = None
    error_code: str | None = None
    message: str | None = None
    field_errors: list[dict[str, Any]] = field(default_factory=list)
    retry_after: float | None = None
    response_text: str | None = None


@dataclass(frozen=True)
class HubConfig:
    base_url: str
    token_url: str
    client_id: str
    client_secret: str
    records_path: str = "/dvcqg/v1/hoso/dongbo"
    progress_path: str = "/dvcqg/v1/hoso/tiendo"
    timeout: float = 15.0


class TokenUnavailable(Exception):
    """No access token: the token endpoint is down or refused our client credentials."""


class HubClient:
    def __init__(self, config: HubConfig, http: httpx.AsyncClient | None = None) -> None:
        self.config = config
        self._http = http or httpx.AsyncClient(timeout=config.timeout, trust_env=False)
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        await self._http.aclose()

    async def push_records(self, records: list[dict[str, Any]], *, key: str) -> HubAnswer:
        return await self._push(self.config.records_path, records, key)

    async def push_progress(self, entries: list[dict[str, Any]], *, key: str) -> HubAnswer:
        return await self._push(self.config.progress_path, entries, key)

    async def _push(self, path: str, items: list[dict[str, Any]], key: str) -> HubAnswer:
        url = self.config.base_url.rstrip("/") + path
        for fresh in (False, True):
            try:
                token = await self._access_token(refresh=fresh)
            except TokenUnavailable as exc:
                return HubAnswer(Outcome.TEMPORARY, message=str(exc))
            try:
                response = await self._http.post(
                    url,
                    json={"data": items},
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                )
            except httpx.TimeoutException as exc:
                return HubAnswer(
                    Outcome.TEMPORARY, message=f"không nhận được trả lời của Cổng quốc gia ({exc!r})"
                )
            except httpx.HTTPError as exc:
                return HubAnswer(Outcome.TEMPORARY, message=f"không kết nối được Cổng quốc gia ({exc!r})")
            if response.status_code == 401 and not fresh:
                log.info("hub_token_refused_refreshing")
                self._forget(token)
                continue
            return classify(response)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    def _forget(self, token: str) -> None:
        if self._token == token:
            self._token = None

    async def _access_token(self, *, refresh: bool) -> str:
        async with self._lock:
            if not refresh and self._token is not None and time.monotonic() < self._token_expires:
                return self._token
            self._token = None
            try:
                response = await self._http.post(
                    self.config.token_url,
                    data={"grant_type": "client_credentials"},
                    auth=(self.config.client_id, self.config.client_secret),
                )
            except httpx.HTTPError as exc:
                raise TokenUnavailable(f"không lấy được access token: {exc!r}") from exc
            if response.status_code != 200:
                error = _json(response).get("error") or f"HTTP {response.status_code}"
                raise TokenUnavailable(
                    f"máy chủ cấp token từ chối ({error}); kiểm tra NATIONAL_HUB_CLIENT_ID/CLIENT_SECRET"
                )
            body = _json(response)
            token = body.get("access_token")
            if not isinstance(token, str) or not token:
                raise TokenUnavailable("máy chủ cấp token trả lời không có access_token")
            lifetime = body.get("expires_in")
            seconds = float(lifetime) if isinstance(lifetime, int | float) else 300.0
            self._token = token
            self._token_expires = time.monotonic() + max(1.0, seconds - _TOKEN_MARGIN_SECONDS)
            return token


def classify(response: httpx.Response) -> HubAnswer:
    """Accepted, rejected or temporary, with what the hub said (see the module docstring)."""
    status = response.status_code
    body = _json(response)
    text = response.text[:_MAX_RESPONSE_KEPT]
    code = body.get("error_code")
    message = body.get("message") if isinstance(body.get("message"), str) else None
    errors = (
        [e for e in body.get("errors") or [] if isinstance(e, dict)]
        if isinstance(body.get("errors"), list)
        else []
    )
    common: dict[str, Any] = {
        "http_status": status,
        "error_code": str(code) if code is not None else None,
        "message": message,
        "field_errors": errors,
        "response_text": text,
    }
    if 200 <= status < 300:
        if code is not None and str(code) != "0":
            return HubAnswer(Outcome.REJECTED, **common)
        return HubAnswer(Outcome.ACCEPTED, **common)
    if status >= 500 or status in _TEMPORARY_4XX or status == 401:
        if message is None:
            common["message"] = f"Cổng quốc gia trả lời HTTP {status}"
        return HubAnswer(Outcome.TEMPORARY, retry_after=_retry_after(response), **common)
    if message is None:
        common["message"] = f"Cổng quốc gia từ chối dữ liệu (HTTP {status})"
    return HubAnswer(Outcome.REJECTED, **common)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
