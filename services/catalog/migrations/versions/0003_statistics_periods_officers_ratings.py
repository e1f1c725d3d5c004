"""statistics: periods, pending and overdue, fields, officers, ratings

Rows written before this revision lack the new columns (field, officers, appointment dates,
ratings): rebuild the read model once after upgrading (``python -m catalog.statistics.rebuild
--truncate``, docs/statistics.md).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 22:18:18.746770
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("dossier_fact", sa.Column("dossier_code", sa.String(length=64), nullable=True))
    op.add_column("dossier_fact", sa.Column("field_code", sa.String(length=16), nullable=True))
    op.add_column("dossier_fact", sa.Column("received_by", sa.String(length=128), nullable=True))
    op.add_column("dossier_fact", sa.Column("appointment_date", sa.Date(), nullable=True))
    op.add_column("dossier_fact", sa.Column("extended_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("dossier_fact", sa.Column("extended_appointment_date", sa.Date(), nullable=True))
    op.add_column("dossier_fact", sa.Column("resolved_by", sa.String(length=128), nullable=True))
    op.add_column("dossier_fact", sa.Column("refused_by", sa.String(length=128), nullable=True))
    op.add_column(
        "dossier_fact",
        sa.Column(
            "closed_at",
            sa.DateTime(timezone=True),
            sa.Computed("LEAST(resolved_at, refused_at, withdrawn_at, stopped_at)", persisted=True),
            nullable=True,
        ),
    )
    op.add_column("dossier_fact", sa.Column("rating_revision", sa.Integer(), nullable=True))
    op.add_column("dossier_fact", sa.Column("rating_changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("dossier_fact", sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("dossier_fact", sa.Column("rating_overall", sa.String(length=16), nullable=True))
    op.add_column("dossier_fact", sa.Column("rating_ease_of_use", sa.String(length=16), nullable=True))
    op.add_column("dossier_fact", sa.Column("rating_timeliness", sa.String(length=16), nullable=True))
    op.add_column("dossier_fact", sa.Column("rating_officer_attitude", sa.String(length=16), nullable=True))
    op.create_index("ix_dossier_fact_field", "dossier_fact", ["field_code", "last_event_at"], unique=False)
    op.create_index("ix_dossier_fact_last_event", "dossier_fact", ["last_event_at"], unique=False)
    op.create_index(
        "ix_dossier_fact_open",
        "dossier_fact",
        ["received_at"],
        unique=False,
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )
    op.create_index(
        "ix_dossier_fact_open_agency",
        "dossier_fact",
        ["agency_code"],
        unique=False,
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )
    op.create_index(
        "ix_dossier_fact_open_field",
        "dossier_fact",
        ["field_code"],
        unique=False,
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )
    op.create_index(
        "ix_dossier_fact_open_procedure",
        "dossier_fact",
        ["procedure_code"],
        unique=False,
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_dossier_fact_open_procedure",
        table_name="dossier_fact",
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )
    op.drop_index(
        "ix_dossier_fact_open_field",
        table_name="dossier_fact",
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )
    op.drop_index(
        "ix_dossier_fact_open_agency",
        table_name="dossier_fact",
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )
    op.drop_index(
        "ix_dossier_fact_open",
        table_name="dossier_fact",
        postgresql_where=sa.text("closed_at IS NULL AND received_at IS NOT NULL"),
    )
    op.drop_index("ix_dossier_fact_last_event", table_name="dossier_fact")
    op.drop_index("ix_dossier_fact_field", table_name="dossier_fact")
    op.drop_column("dossier_fact", "rating_officer_attitude")
    op.drop_column("dossier_fact", "rating_timeliness")
    op.drop_column("dossier_fact", "rating_ease_of_use")
    op.drop_column("dossier_fact", "rating_overall")
    op.drop_column("dossier_fact", "rated_at")
    op.drop_column("dossier_fact", "rating_changed_at")
    op.drop_column("dossier_fact", "rating_revision")
    op.drop_column("dossier_fact", "closed_at")
    op.drop_column("dossier_fact", "refused_by")
    op.drop_column("dossier_fact", "resolved_by")
    op.drop_column("dossier_fact", "extended_appointment_date")
    op.drop_column("dossier_fact", "extended_at")
    op.drop_column("dossier_fact", "appointment_date")
    op.drop_column("dossier_fact", "received_by")
    op.drop_column("dossier_fact", "field_code")
    op.drop_column("dossier_fact", "dossier_code")
