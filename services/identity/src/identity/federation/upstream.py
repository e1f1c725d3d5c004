"""The national portal's provider as seen from here: metadata, keys, token exchange (Authlib's
OAuth 2.0 client with PKCE), ID token checks (joserfc) and userinfo."""

from __future__ import annotations

import time
import warnings
from typing import Any

import authlib.deprecate  # noqa: F401 - sets its own "always" filter; ours must come after
import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact

from identity.settings import IdentitySettings
from servicekit.auth import ALGORITHMS

with warnings.catch_warnings():
    # Authlib prefers the httpx2 package and warns when it falls back to httpx (which we use).
    warnings.simplefilter("ignore")
    from authlib.integrations.httpx_client import AsyncOAuth2Client


class UpstreamError(Exception):
    pass


class Upstream:
    def __init__(self, settings: IdentitySettings) -> None:
        self.settings = settings
        self.issuer = settings.federation_issuer.rstrip("/")
        self._metadata: dict[str, Any] | None = None
        self._fetched_at = 0.0

    def _internal(self, url: str) -> str:
        """Server-side calls may use another address than the browser (``federation_internal_url``)."""
        internal = self.settings.federation_internal_url.rstrip("/")
        if internal and url.startswith(self.issuer_origin):
            return internal + url[len(self.issuer_origin) :]
        return url

    @property
    def issuer_origin(self) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None or time.monotonic() - self._fetched_at > 300:
            url = self._internal(self.issuer + "/.well-known/openid-configuration")
            try:
                async with httpx.AsyncClient(timeout=5) as client:
                    response = await client.get(url)
                    response.raise_for_status()
                    data = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise UpstreamError(f"metadata: {type(exc).__name__}") from exc
            if data.get("issuer") != self.issuer:
                raise UpstreamError("issuer mismatch in metadata")
            self._metadata, self._fetched_at = data, time.monotonic()
        return self._metadata

    def client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.settings.federation_client_id,
            client_secret=self.settings.federation_client_secret,
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
            code_challenge_method="S256",
            redirect_uri=redirect_uri,
            scope="openid",
            timeout=10,
        )

    async def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str, silent: bool
    ) -> str:
        meta = await self.metadata()
        extra = {"prompt": "none"} if silent else {}
        async with self.client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                meta["authorization_endpoint"],
                state=state,
                nonce=nonce,
                code_verifier=code_verifier,
                acr_values="LoA1",
                **extra,
            )
        return str(url)

    async def exchange(
        self, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> tuple[dict[str, Any], str, dict[str, Any]]:
        """Code → tokens → verified ID token claims and userinfo; returns (claims, id_token, userinfo)."""
        meta = await self.metadata()
        try:
            async with self.client(redirect_uri) as client:
                token = await client.fetch_token(
                    self._internal(meta["token_endpoint"]), code=code, code_verifier=code_verifier
                )
                id_token = str(token["id_token"])
                claims = await self._verify_id_token(id_token, nonce)
                response = await client.get(self._internal(meta["userinfo_endpoint"]))
                response.raise_for_status()
                userinfo = response.json()
        except UpstreamError:
            raise
        except Exception as exc:  # Authlib raises its own OAuthError types, httpx its own
            raise UpstreamError(f"exchange: {type(exc).__name__}") from exc
        if userinfo.get("sub") != claims["sub"]:
            raise UpstreamError("userinfo sub differs from the ID token's")
        return claims, id_token, userinfo

    async def _verify_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        meta = await self.metadata()
        try:
            header = extract_compact(id_token.encode()).headers()
            if header.get("alg") not in ALGORITHMS:
                raise UpstreamError("ID token algorithm not allowed")
            async with httpx.AsyncClient(timeout=5) as client:
                response = await client.get(self._internal(meta["jwks_uri"]))
                response.raise_for_status()
            decoded = jwt.decode(
                id_token, KeySet.import_key_set(response.json()), algorithms=list(ALGORITHMS)
            )
            jwt.JWTClaimsRegistry(
                leeway=60,
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.settings.federation_client_id},
                sub={"essential": True},
                exp={"essential": True},
                nonce={"essential": True, "value": nonce},
            ).validate(decoded.claims)
        except (JoseError, ValueError, httpx.HTTPError) as exc:
            raise UpstreamError(f"ID token: {type(exc).__name__}") from exc
        return dict(decoded.claims)

    async def end_session_url(
        self, *, id_token_hint: str, post_logout_redirect_uri: str, state: str
    ) -> str | None:
        meta = await self.metadata()
        endpoint = meta.get("end_session_endpoint")
        if not endpoint:
            return None
        from urllib.parse import urlencode

        query = urlencode(
            {
                "id_token_hint": id_token_hint,
                "post_logout_redirect_uri": post_logout_redirect_uri,
                "state": state,
            }
        )
        return f"{endpoint}?{query}"
