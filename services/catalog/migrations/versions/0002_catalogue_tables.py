"""catalogue tables: agencies, calendar overrides, sectors, fields, procedures and versions, e-forms,
the search read model and the statistics read model

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 20:31:20.262994
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
    # pg_trgm: the trigram index over folded names (typo-tolerant search); btree_gist: the exclusion
    # constraint that keeps published validity periods of one procedure from overlapping.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "agency",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=13), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.Text(), nullable=True),
        sa.Column("name_folded", sa.Text(), nullable=False),
        sa.Column("parent_code", sa.String(length=13), nullable=True),
        sa.Column("administrative_level", sa.String(length=16), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("feedback_email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("bank_account", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["parent_code"], ["agency.code"], name=op.f("fk_agency_parent_code_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("code", name=op.f("uq_agency_code")),
    )
    op.create_index("ix_agency_level_code", "agency", ["administrative_level", "code"], unique=False)
    op.create_index("ix_agency_parent_code", "agency", ["parent_code", "code"], unique=False)
    op.create_table(
        "calendar_override",
        sa.Column("scope", sa.String(length=13), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("declared_by", sa.String(length=128), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "day", name=op.f("pk_calendar_override")),
    )
    op.create_table(
        "dossier_fact",
        sa.Column("dossier_id", sa.UUID(), nullable=False),
        sa.Column("procedure_code", sa.String(length=40), nullable=False),
        sa.Column("procedure_version", sa.Integer(), nullable=True),
        sa.Column("agency_code", sa.String(length=13), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("applicant_kind", sa.String(length=16), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refused_at_desk", sa.Boolean(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_event_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_dossier_fact")),
    )
    op.create_index("ix_dossier_fact_agency", "dossier_fact", ["agency_code", "last_event_at"], unique=False)
    op.create_index(
        "ix_dossier_fact_procedure", "dossier_fact", ["procedure_code", "last_event_at"], unique=False
    )
    op.create_table(
        "procedure",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("agency_code", sa.String(length=13), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
        sa.UniqueConstraint("code", name=op.f("uq_procedure_code")),
    )
    op.create_index(op.f("ix_procedure_agency_code"), "procedure", ["agency_code"], unique=False)
    op.create_table(
        "sector",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_folded", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sector")),
    )
    op.create_index("ix_sector_position_code", "sector", ["position", "code"], unique=False)
    op.create_table(
        "field",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("sector_code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_folded", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("managing_agency_code", sa.String(length=13), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["managing_agency_code"], ["agency.code"], name=op.f("fk_field_managing_agency_code_agency")
        ),
        sa.ForeignKeyConstraint(["sector_code"], ["sector.code"], name=op.f("fk_field_sector_code_sector")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_field")),
    )
    op.create_index("ix_field_sector_position", "field", ["sector_code", "position", "code"], unique=False)
    op.create_table(
        "procedure_version",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("procedure_id", sa.UUID(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("agency_code", sa.String(length=13), nullable=False),
        sa.Column("field_code", sa.String(length=16), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("change_note", sa.Text(), nullable=True),
        sa.Column("etag", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=128), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        postgresql.ExcludeConstraint(
            (sa.column("procedure_id"), "="),
            (sa.text("daterange(valid_from, valid_to, '[]')"), "&&"),
            where=sa.text("status <> 'draft'"),
            using="gist",
            name="ex_procedure_version_validity",
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_procedure_version_procedure_id_procedure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_version")),
        sa.UniqueConstraint("procedure_id", "number", name=op.f("uq_procedure_version_procedure_id")),
    )
    op.create_index(
        "uq_procedure_version_one_draft",
        "procedure_version",
        ["procedure_id"],
        unique=True,
        postgresql_where=sa.text("status = 'draft'"),
    )
    op.create_table(
        "eform",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("version_id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("component_code", sa.String(length=32), nullable=True),
        sa.Column("json_schema", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("guidance", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("prefill", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("enum_sources", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("etag", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["procedure_version.id"],
            name=op.f("fk_eform_version_id_procedure_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eform")),
        sa.UniqueConstraint("version_id", "code", name=op.f("uq_eform_version_id")),
    )
    op.create_index(op.f("ix_eform_version_id"), "eform", ["version_id"], unique=False)
    op.create_table(
        "procedure_search",
        sa.Column("version_id", sa.UUID(), nullable=False),
        sa.Column("procedure_id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("agency_code", sa.String(length=13), nullable=False),
        sa.Column("field_code", sa.String(length=16), nullable=False),
        sa.Column("sector_code", sa.String(length=32), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("online_mode", sa.String(length=16), nullable=False),
        sa.Column("administrative_levels", sa.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("processing_days", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("search_name", sa.Text(), nullable=False),
        sa.Column("search_body", sa.Text(), nullable=False),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(
                "setweight(to_tsvector('simple'::regconfig, search_name), 'A') || "
                "setweight(to_tsvector('simple'::regconfig, search_body), 'B')",
                persisted=True,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["procedure_version.id"],
            name=op.f("fk_procedure_search_version_id_procedure_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_procedure_search")),
    )
    op.create_index("ix_procedure_search_agency", "procedure_search", ["agency_code"], unique=False)
    op.create_index("ix_procedure_search_browse", "procedure_search", ["search_name", "code"], unique=False)
    op.create_index(
        "ix_procedure_search_field", "procedure_search", ["field_code", "search_name"], unique=False
    )
    op.create_index(
        "ix_procedure_search_name_trgm",
        "procedure_search",
        ["search_name"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_name": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_procedure_search_procedure", "procedure_search", ["procedure_id", "valid_from"], unique=False
    )
    op.create_index("ix_procedure_search_sector", "procedure_search", ["sector_code"], unique=False)
    op.create_index(
        "ix_procedure_search_vector",
        "procedure_search",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )


def downgrade() -> None:
    op.drop_index("ix_procedure_search_vector", table_name="procedure_search", postgresql_using="gin")
    op.drop_index("ix_procedure_search_sector", table_name="procedure_search")
    op.drop_index("ix_procedure_search_procedure", table_name="procedure_search")
    op.drop_index(
        "ix_procedure_search_name_trgm",
        table_name="procedure_search",
        postgresql_using="gin",
        postgresql_ops={"search_name": "gin_trgm_ops"},
    )
    op.drop_index("ix_procedure_search_field", table_name="procedure_search")
    op.drop_index("ix_procedure_search_browse", table_name="procedure_search")
    op.drop_index("ix_procedure_search_agency", table_name="procedure_search")
    op.drop_table("procedure_search")
    op.drop_index(op.f("ix_eform_version_id"), table_name="eform")
    op.drop_table("eform")
    op.drop_index(
        "uq_procedure_version_one_draft",
        table_name="procedure_version",
        postgresql_where=sa.text("status = 'draft'"),
    )
    op.drop_table("procedure_version")
    op.drop_index("ix_field_sector_position", table_name="field")
    op.drop_table("field")
    op.drop_index("ix_sector_position_code", table_name="sector")
    op.drop_table("sector")
    op.drop_index(op.f("ix_procedure_agency_code"), table_name="procedure")
    op.drop_table("procedure")
    op.drop_index("ix_dossier_fact_procedure", table_name="dossier_fact")
    op.drop_index("ix_dossier_fact_agency", table_name="dossier_fact")
    op.drop_table("dossier_fact")
    op.drop_table("calendar_override")
    op.drop_index("ix_agency_parent_code", table_name="agency")
    op.drop_index("ix_agency_level_code", table_name="agency")
    op.drop_table("agency")
