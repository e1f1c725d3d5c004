"""A service's own access token from identity (OAuth 2.0 client credentials), kept until shortly
before it expires and renewed once when a callee refuses it.

    credentials = ClientCredentials(token_url=url, client_id="notify", client_secret=secret, scope="…")
    token = await credentials.token(http)              # cached (``http``: the caller's httpx client)
    token = await credentials.token(http, renew=True)  # after a 401
"""

from __future__ import annotations

import asyncio
import time

import httpx
import structlog

log = structlog.get_logger("servicekit.oauth")

#: Renew this long before the token's own expiry (clocks differ, requests take time).
RENEW_MARGIN_SECONDS = 60.0


class TokenUnavailable(Exception):
    """The token endpoint could not be reached or refused the client (the message says which)."""


class ClientCredentials:
    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self._client_secret = client_secret
        self.scope = scope
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def token(self, http: httpx.AsyncClient, *, renew: bool = False) -> str:
        """A valid access token; fetched when none is cached, it is about to expire, or ``renew``."""
        async with self._lock:
            if renew or self._token is None or time.monotonic() > self._expires - RENEW_MARGIN_SECONDS:
                self._token, lifetime = await self._fetch(http)
                self._expires = time.monotonic() + lifetime
            return self._token

    async def _fetch(self, http: httpx.AsyncClient) -> tuple[str, float]:
        try:
            response = await http.post(
                self.token_url,
                data={"grant_type": "client_credentials", "scope": self.scope},
                auth=(self.client_id, self._client_secret),
            )
        except httpx.HTTPError as exc:
            log.warning("token_endpoint_unreachable", client_id=self.client_id, error=type(exc).__name__)
            raise TokenUnavailable(f"token endpoint unreachable: {type(exc).__name__}") from exc
        if response.status_code != 200:
            # The error body is OAuth's ({"error": "invalid_client"}); it never holds the secret.
            log.error(
                "token_refused",
                client_id=self.client_id,
                status=response.status_code,
                body=response.text[:300],
            )
            raise TokenUnavailable(f"token refused: HTTP {response.status_code}")
        body = response.json()
        return str(body["access_token"]), float(body.get("expires_in", 300))
