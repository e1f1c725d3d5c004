"""Sync jobs (written in the same transaction as the record change that queued them) and the hub
calls made for them.

A job's ``state``: ``held`` (the record lacks data the hub requires) → ``pending`` → ``sent`` (the hub
accepted it) | ``superseded`` (a newer record push carried its change) | ``parked`` (the hub refused
it, or retries ran out; ``error`` says why, ``field_errors`` what the hub listed). Record jobs
coalesce: one push sends the record as it stands; progress jobs are each one step, sent in order.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from nationalsync.db import Base
from servicekit.db import utcnow

# NOTIFY channel that wakes the dispatchers when a push becomes due.
WAKE_CHANNEL = "motcua_nationalsync_jobs"


class JobKind(StrEnum):
    RECORD = "record"  # DongBoHoSoMC: the record as it stands
    PROGRESS = "progress"  # CapNhatTienDoHoSoMC: one processing step


class JobState(StrEnum):
    HELD = "held"
    PENDING = "pending"
    SENT = "sent"
    SUPERSEDED = "superseded"
    PARKED = "parked"


class AttemptOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # the hub refused the data (4xx): parked
    RETRY = "retry"  # a temporary failure: tried again later
    EXHAUSTED = "exhausted"  # a temporary failure after the last allowed try: parked


class SyncJob(Base):
    __tablename__ = "sync_job"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("dossier_record.dossier_id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))
    # The record version this change produced, and TrangThaiHoSo at that moment.
    record_version: Mapped[int] = mapped_column(Integer)
    national_status: Mapped[int | None] = mapped_column(SmallInteger)
    # A progress job's step (see records.progress.ProgressStep.to_json).
    step: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    source_event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    source_event_type: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    hub_status: Mapped[int | None] = mapped_column(Integer)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    field_errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    superseded_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    parked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_sync_job_dossier", "dossier_id", "id"),
        Index("uq_sync_job_source", "source_event_id", "kind", unique=True),
        Index("ix_sync_job_parked", "parked_at", postgresql_where=text("state = 'parked'")),
        # The queue gauges and the summary count what waits; the rest is history.
        Index(
            "ix_sync_job_waiting",
            "state",
            "created_at",
            postgresql_where=text("state IN ('held', 'pending', 'parked')"),
        ),
        # Retention deletes finished jobs by age.
        Index("ix_sync_job_finished", "updated_at", postgresql_where=text("state IN ('sent', 'superseded')")),
    )


class SyncAttempt(Base):
    """One call to the hub: what was sent, what came back."""

    __tablename__ = "sync_attempt"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("dossier_record.dossier_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    job_ids: Mapped[list[int]] = mapped_column(JSONB)
    record_version: Mapped[int | None] = mapped_column(Integer)
    idempotency_key: Mapped[str] = mapped_column(String(128))
    # Which dispatcher (host-pid-random) made the call.
    dispatcher: Mapped[str] = mapped_column(String(64))
    request: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    outcome: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
