"""dossier records, sync jobs and attempts, names

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency_name",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_agency_name")),
    )
    op.create_table(
        "dossier_record",
        sa.Column("dossier_id", sa.UUID(), nullable=False),
        sa.Column("dossier_code", sa.String(length=64), nullable=True),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("procedure_code", sa.String(length=64), nullable=True),
        sa.Column("procedure_version", sa.Integer(), nullable=True),
        sa.Column("applicant_name", sa.Text(), nullable=True),
        sa.Column("applicant_kind", sa.String(length=16), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appointment_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("refused_at_desk", sa.Boolean(), nullable=False),
        sa.Column("status_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_from_payment", sa.Boolean(), nullable=False),
        sa.Column("status_before_payment", sa.String(length=32), nullable=True),
        sa.Column("documents", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result_documents", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("fees", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("fees_paid", sa.Boolean(), nullable=False),
        sa.Column("payment_id", sa.UUID(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("pushed_version", sa.Integer(), nullable=True),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("queue_state", sa.String(length=16), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("manual_retries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_dossier_record")),
    )
    op.create_index(op.f("ix_dossier_record_agency_code"), "dossier_record", ["agency_code"], unique=False)
    op.create_index(op.f("ix_dossier_record_dossier_code"), "dossier_record", ["dossier_code"], unique=False)
    op.create_index(
        "ix_dossier_record_due",
        "dossier_record",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("queue_state = 'pending'"),
    )
    op.create_index(
        "ix_dossier_record_queue_state", "dossier_record", ["queue_state", "agency_code"], unique=False
    )
    op.create_table(
        "official_name",
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_official_name")),
    )
    op.create_table(
        "procedure_name",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("field_code", sa.String(length=32), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", "version", name=op.f("pk_procedure_name")),
    )
    op.create_table(
        "sync_attempt",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("dossier_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("job_ids", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("dispatcher", sa.String(length=64), nullable=False),
        sa.Column("request", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossier_record.dossier_id"],
            name=op.f("fk_sync_attempt_dossier_id_dossier_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_attempt")),
    )
    op.create_index(op.f("ix_sync_attempt_dossier_id"), "sync_attempt", ["dossier_id"], unique=False)
    op.create_table(
        "sync_job",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("dossier_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=False),
        sa.Column("national_status", sa.SmallInteger(), nullable=True),
        sa.Column("step", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("source_event_id", sa.UUID(), nullable=False),
        sa.Column("source_event_type", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("hub_status", sa.Integer(), nullable=True),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("field_errors", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("superseded_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossier_record.dossier_id"],
            name=op.f("fk_sync_job_dossier_id_dossier_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_job")),
    )
    op.create_index("ix_sync_job_dossier", "sync_job", ["dossier_id", "id"], unique=False)
    op.create_index(
        "ix_sync_job_parked",
        "sync_job",
        ["parked_at"],
        unique=False,
        postgresql_where=sa.text("state = 'parked'"),
    )
    op.create_index("uq_sync_job_source", "sync_job", ["source_event_id", "kind"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_sync_job_source", table_name="sync_job")
    op.drop_index("ix_sync_job_parked", table_name="sync_job", postgresql_where=sa.text("state = 'parked'"))
    op.drop_index("ix_sync_job_dossier", table_name="sync_job")
    op.drop_table("sync_job")
    op.drop_index(op.f("ix_sync_attempt_dossier_id"), table_name="sync_attempt")
    op.drop_table("sync_attempt")
    op.drop_table("procedure_name")
    op.drop_table("official_name")
    op.drop_index("ix_dossier_record_queue_state", table_name="dossier_record")
    op.drop_index(
        "ix_dossier_record_due",
        table_name="dossier_record",
        postgresql_where=sa.text("queue_state = 'pending'"),
    )
    op.drop_index(op.f("ix_dossier_record_dossier_code"), table_name="dossier_record")
    op.drop_index(op.f("ix_dossier_record_agency_code"), table_name="dossier_record")
    op.drop_table("dossier_record")
    op.drop_table("agency_name")
