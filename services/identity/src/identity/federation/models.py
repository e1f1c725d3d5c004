"""Links between local accounts and national-portal identities, and sign-ins in flight upstream."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from identity.db import Base
from servicekit.db import utcnow


class FederatedIdentity(Base):
    __tablename__ = "federated_identity"

    provider: Mapped[str] = mapped_column(Text, primary_key=True)
    upstream_subject: Mapped[str] = mapped_column(String(255), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("account.id"))
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UpstreamRequest(Base):
    """One authorization request sent to the national portal (state → nonce, PKCE verifier)."""

    __tablename__ = "upstream_request"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64))
    code_verifier: Mapped[str] = mapped_column(String(128))
    interaction_id: Mapped[str] = mapped_column(String(64))
    silent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
