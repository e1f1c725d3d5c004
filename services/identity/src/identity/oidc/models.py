"""Rows of the OpenID Provider: clients, signing keys, sessions, codes, refresh tokens, consents."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from identity.db import Base
from servicekit.db import utcnow, uuid7


class Client(Base):
    """A registered relying party: a portal frontend (public, PKCE) or a ministry system."""

    __tablename__ = "oidc_client"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    #: none (public, PKCE) | client_secret_basic | client_secret_post | private_key_jwt
    auth_method: Mapped[str] = mapped_column(String(32))
    secret_hash: Mapped[str | None] = mapped_column(Text)
    jwks: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    redirect_uris: Mapped[list[str]] = mapped_column(JSONB, default=list)
    post_logout_redirect_uris: Mapped[list[str]] = mapped_column(JSONB, default=list)
    grant_types: Mapped[list[str]] = mapped_column(JSONB, default=list)
    scopes: Mapped[list[str]] = mapped_column(JSONB, default=list)
    #: First-party portal clients skip the consent page.
    first_party: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What a client-credentials token of this system carries (kind ``system``).
    system_roles: Mapped[list[str]] = mapped_column(JSONB, default=list)
    system_agencies: Mapped[list[str]] = mapped_column(JSONB, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_public(self) -> bool:
        return self.auth_method == "none"


class SigningKey(Base):
    """A token signing key: signs while current; published in the JWKS until ``expires_at``."""

    __tablename__ = "signing_key"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(8))
    private_sealed: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BrowserSession(Base):
    """A signed-in browser (cookie holds a random token; only its hash is stored)."""

    __tablename__ = "browser_session"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("account.id"))
    acr: Mapped[str] = mapped_column(String(8))
    amr: Mapped[list[str]] = mapped_column(JSONB, default=list)
    auth_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Set when the session came from the national portal: its ID token is the logout hint there.
    upstream_provider: Mapped[str | None] = mapped_column(Text)
    upstream_id_token: Mapped[str | None] = mapped_column(Text)


class Interaction(Base):
    """An authorization request waiting for the user (sign-in, OTP, consent)."""

    __tablename__ = "oidc_interaction"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    #: After the password: who is signing in, and the OTP challenge of the second factor.
    account_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    otp_challenge_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuthorizationCode(Base):
    __tablename__ = "authorization_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    session_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    nonce: Mapped[str | None] = mapped_column(Text)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    acr: Mapped[str] = mapped_column(String(8))
    amr: Mapped[list[str]] = mapped_column(JSONB, default=list)
    auth_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Refresh tokens issued from this code: revoked if the code is replayed.
    family_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class RefreshToken(Base):
    """One refresh token of a rotation family; a rotated one presented again revokes the family."""

    __tablename__ = "refresh_token"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    client_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    session_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    scope: Mapped[str] = mapped_column(Text)
    acr: Mapped[str] = mapped_column(String(8))
    amr: Mapped[list[str]] = mapped_column(JSONB, default=list)
    auth_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_refresh_token_family", "family_id"),)


class RevokedAccessToken(Base):
    """Access tokens revoked before they expire (introspection answers inactive)."""

    __tablename__ = "revoked_access_token"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UsedClientAssertion(Base):
    """``jti`` of private_key_jwt assertions already used (no replay)."""

    __tablename__ = "used_client_assertion"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    jti: Mapped[str] = mapped_column(String(128), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Consent(Base):
    __tablename__ = "oidc_consent"

    account_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scopes: Mapped[list[str]] = mapped_column(JSONB, default=list)
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
