"""Learning names from events and looking them up (the catalog is asked for a procedure it never
announced to us, e.g. one published before this service first started)."""

from __future__ import annotations

from collections.abc import Iterable

import structlog
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import AccountKind, AccountRegistered, AccountUpdated, AgencyUpdated, ProcedurePublished
from nationalsync.directory.catalog import CatalogClient
from nationalsync.directory.models import AgencyName, OfficialName, ProcedureName
from nationalsync.records.national import ProcedureInfo
from servicekit.db import Database, utcnow

log = structlog.get_logger("nationalsync.directory")


async def learn_procedure(session: AsyncSession, event: ProcedurePublished) -> None:
    await _save_procedure(session, event.procedure_code, event.version, event.name, event.field_code)


async def learn_agency(session: AsyncSession, event: AgencyUpdated) -> None:
    values = {"code": event.agency_code, "name": event.name, "updated_at": utcnow()}
    await session.execute(
        pg_insert(AgencyName).values(**values).on_conflict_do_update(index_elements=["code"], set_=values)
    )


async def learn_official(session: AsyncSession, event: AccountRegistered | AccountUpdated) -> None:
    """Officials' names only: citizens' personal data has no business here (R-OPS-4)."""
    if event.kind is not AccountKind.OFFICIAL:
        return
    values = {"subject": event.subject, "full_name": event.full_name, "updated_at": utcnow()}
    await session.execute(
        pg_insert(OfficialName)
        .values(**values)
        .on_conflict_do_update(index_elements=["subject"], set_=values)
    )


async def _save_procedure(
    session: AsyncSession, code: str, version: int, name: str, field_code: str | None
) -> None:
    values = {
        "code": code,
        "version": version,
        "name": name,
        "field_code": field_code,
        "updated_at": utcnow(),
    }
    await session.execute(
        pg_insert(ProcedureName)
        .values(**values)
        .on_conflict_do_update(index_elements=["code", "version"], set_=values)
    )


class Directory:
    """Names for the national shapes, from this service's tables, else from the catalog (cached)."""

    def __init__(self, db: Database, catalog: CatalogClient | None) -> None:
        self.db = db
        self.catalog = catalog

    async def close(self) -> None:
        if self.catalog is not None:
            await self.catalog.close()

    async def procedure(self, code: str, version: int | None) -> ProcedureInfo | None:
        """The name of `code` at `version` (the latest known when the version is unknown), or None
        when neither the catalog topic nor the catalog itself knows the procedure."""
        async with self.db.transaction() as session:
            query = select(ProcedureName).where(ProcedureName.code == code)
            if version is not None:
                query = query.where(ProcedureName.version == version)
            row = (await session.scalars(query.order_by(ProcedureName.version.desc()).limit(1))).first()
        if row is not None:
            return ProcedureInfo(row.name, row.field_code)
        if self.catalog is None:
            return None
        found = await self.catalog.procedure(code, version)
        if found is None:
            return None
        async with self.db.transaction() as session:
            await _save_procedure(session, code, found.version, found.name, found.field_code)
        log.info("procedure_name_from_catalog", procedure_code=code, version=found.version)
        return ProcedureInfo(found.name, found.field_code)

    async def names(
        self, *, subjects: Iterable[str], agencies: Iterable[str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Officials' names by subject and agencies' names by code (those known)."""
        wanted_subjects, wanted_agencies = set(subjects), set(agencies)
        async with self.db.transaction() as session:
            officials = (
                (
                    await session.execute(
                        select(OfficialName.subject, OfficialName.full_name).where(
                            OfficialName.subject.in_(wanted_subjects)
                        )
                    )
                ).all()
                if wanted_subjects
                else []
            )
            agencies_found = (
                (
                    await session.execute(
                        select(AgencyName.code, AgencyName.name).where(AgencyName.code.in_(wanted_agencies))
                    )
                ).all()
                if wanted_agencies
                else []
            )
        return {s: n for s, n in officials}, {c: n for c, n in agencies_found}
