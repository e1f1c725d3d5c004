"""The tables servicekit needs in every service (outbox, inbox, idempotency keys).

They are declared on each service's own MetaData, so Alembic migrates them with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID


@dataclass(frozen=True)
class KitTables:
    outbox: Table
    inbox: Table
    broker_epochs: Table
    idempotency: Table


def kit_tables(metadata: MetaData) -> KitTables:
    """Declare ``outbox``, ``inbox``, ``outbox_broker_epoch`` and ``idempotency_key`` on ``metadata``."""
    outbox = Table(
        "outbox",
        metadata,
        # bigserial: publication order is id order.
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        Column("topic", Text, nullable=False),
        Column("event_type", Text, nullable=False),
        Column("key", Text, nullable=True),
        Column("headers", JSONB, nullable=False),
        Column("value", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        Index("ix_outbox_unpublished", "id", postgresql_where=text("published_at IS NULL")),
        Index("ix_outbox_created_at", "created_at"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("event_id", UUID(as_uuid=True), primary_key=True),
        Column("event_type", Text, nullable=False),
        Column("topic", Text, nullable=False),
        Column("outcome", Text, nullable=False, server_default=text("'handled'")),
        Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Index("ix_inbox_received_at", "received_at"),
    )
    broker_epochs = Table(
        "outbox_broker_epoch",
        metadata,
        Column("cluster_id", Text, primary_key=True),
        Column("first_seen_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    idempotency = Table(
        "idempotency_key",
        metadata,
        Column("owner", Text, primary_key=True),
        Column("key", Text, primary_key=True),
        Column("request_hash", Text, nullable=False),
        Column("status", Integer, nullable=False),
        Column("body", JSONB, nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Index("ix_idempotency_key_created_at", "created_at"),
    )
    return KitTables(outbox=outbox, inbox=inbox, broker_epochs=broker_epochs, idempotency=idempotency)
