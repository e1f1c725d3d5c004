"""Client registration by a system administrator (``POST {prefix}/clients``), and the function the
seed and tests use. A confidential client's secret is shown once and stored as a hash."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from identity.deps import SessionDep
from identity.oidc import clients
from identity.oidc.models import Client
from identity.oidc.rules import SUPPORTED_SCOPES
from identity.security import random_token, token_hash
from servicekit.auth import Principal, require
from servicekit.errors import Conflict, NotFound
from servicekit.i18n import Text

router = APIRouter(tags=["oidc-clients"])
SystemAdmin = Annotated[Principal, Depends(require(kinds=("official",), roles=("system_admin",)))]


class ClientRegistration(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "client_id": "portal-web",
                    "client_name": "Cổng DVC — giao diện web",
                    "token_endpoint_auth_method": "none",
                    "redirect_uris": ["https://dichvucong.example.gov.vn/callback"],
                    "post_logout_redirect_uris": ["https://dichvucong.example.gov.vn/"],
                    "grant_types": ["authorization_code", "refresh_token"],
                    "scope": "openid profile email phone address",
                    "first_party": True,
                }
            ]
        },
    )

    client_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")
    client_name: str = Field(min_length=1, max_length=200)
    token_endpoint_auth_method: Literal[
        "none", "client_secret_basic", "client_secret_post", "private_key_jwt"
    ]
    redirect_uris: list[str] = Field(default_factory=list, max_length=20)
    post_logout_redirect_uris: list[str] = Field(default_factory=list, max_length=20)
    grant_types: list[Literal["authorization_code", "refresh_token", "client_credentials"]]
    scope: str = "openid"
    jwks: dict[str, Any] | None = None
    first_party: bool = False
    system_roles: list[str] = Field(default_factory=list)
    system_agencies: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ClientRegistration:
        public = self.token_endpoint_auth_method == "none"  # noqa: S105 - a method name
        if public and "client_credentials" in self.grant_types:
            raise ValueError("a public client cannot use client_credentials")
        if self.token_endpoint_auth_method == "private_key_jwt" and not self.jwks:  # noqa: S105
            raise ValueError("private_key_jwt needs the client's public keys (jwks)")
        if "authorization_code" in self.grant_types and not self.redirect_uris:
            raise ValueError("authorization_code needs redirect_uris")
        for uri in self.redirect_uris + self.post_logout_redirect_uris:
            if not uri.startswith(("https://", "http://localhost", "http://127.0.0.1")) or "#" in uri:
                raise ValueError("redirect URIs must be https (http only for localhost) without a fragment")
        return self


class ClientExists(Conflict):
    code = "client_exists"
    title = Text("Ứng dụng đã được đăng ký", "Client already registered")


class ClientNotFound(NotFound):
    code = "client_not_found"
    title = Text("Không tìm thấy ứng dụng", "Client not found")


async def register_client(session: AsyncSession, data: ClientRegistration) -> tuple[Client, str | None]:
    """Store a client; returns it and, for secret-based methods, the one-time plain secret."""
    if await session.get(Client, data.client_id) is not None:
        raise ClientExists()
    secret = random_token() if data.token_endpoint_auth_method.startswith("client_secret") else None
    scopes = data.scope.split()
    client = Client(
        client_id=data.client_id,
        name=data.client_name,
        auth_method=data.token_endpoint_auth_method,
        secret_hash=token_hash(secret) if secret else None,
        jwks=data.jwks,
        redirect_uris=data.redirect_uris,
        post_logout_redirect_uris=data.post_logout_redirect_uris,
        grant_types=list(data.grant_types),
        scopes=[s for s in scopes if s in SUPPORTED_SCOPES or ":" in s],
        first_party=data.first_party,
        system_roles=data.system_roles,
        system_agencies=data.system_agencies,
    )
    session.add(client)
    await session.flush()
    return client, secret


@router.post("/clients", status_code=status.HTTP_201_CREATED, summary="Đăng ký ứng dụng (quản trị hệ thống)")
async def create_client(body: ClientRegistration, admin: SystemAdmin, session: SessionDep) -> JSONResponse:
    client, secret = await register_client(session, body)
    return JSONResponse(
        clients.registration_view(client, secret=secret),
        status_code=201,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/clients/{client_id}", summary="Xem một ứng dụng đã đăng ký")
async def get_client(client_id: str, admin: SystemAdmin, session: SessionDep) -> JSONResponse:
    client = await session.get(Client, client_id)
    if client is None:
        raise ClientNotFound()
    return JSONResponse(clients.registration_view(client))
