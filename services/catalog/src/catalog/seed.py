"""Load the demo catalogue (``catalog.seeddata``) into the catalog's database: ``python -m catalog.seed``.

Idempotent: what exists (by code) is left as it is, so running it again — every ``make run`` —
changes nothing. Everything goes through the use cases (the same checks as the API, the same
outbox events, published when the service's relay runs) in one transaction: all or nothing.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from catalog import models  # noqa: F401  (maps every table)
from catalog.agencies import repository as agencies_repository
from catalog.agencies import service as agencies
from catalog.agencies.schemas import AgencyCreate
from catalog.auth import SYSTEM_ADMIN
from catalog.classification import repository as classification_repository
from catalog.classification import service as classification
from catalog.classification.schemas import FieldCreate, SectorCreate
from catalog.db import tables
from catalog.eforms import service as eforms
from catalog.eforms.schemas import EFormWrite
from catalog.procedures import publishing
from catalog.procedures import repository as procedures_repository
from catalog.procedures import service as procedures
from catalog.procedures.content import ProcedureContent
from catalog.procedures.schemas import ProcedureCreate
from catalog.seeddata import procedures_business, procedures_justice, procedures_other
from catalog.seeddata.agencies import AGENCIES, FIELDS, SECTORS
from catalog.settings import CatalogSettings
from servicekit.auth import Principal
from servicekit.db import Database
from servicekit.outbox import Outbox

SEEDER = Principal(subject="catalog-seed", kind="system", roles=frozenset({SYSTEM_ADMIN}))
# The demo versions are in force from the day the two-tier local government reform started.
VALID_FROM = date(2025, 7, 1)
PROCEDURES = [*procedures_justice.PROCEDURES, *procedures_business.PROCEDURES, *procedures_other.PROCEDURES]


@dataclass
class Report:
    created: dict[str, int] = field(
        default_factory=lambda: {"agencies": 0, "sectors": 0, "fields": 0, "procedures": 0}
    )

    def __str__(self) -> str:
        made = ", ".join(f"{n} {kind}" for kind, n in self.created.items())
        return f"catalog seed: created {made} (existing ones left unchanged)"


async def seed(session: AsyncSession, outbox: Outbox, *, today: date | None = None) -> Report:
    """Create whatever of the demo catalogue is missing, through the use cases."""
    report = Report()
    for data in AGENCIES:
        if await agencies_repository.get(session, code=data["code"]) is None:
            await agencies.create(session, outbox, principal=SEEDER, data=AgencyCreate.model_validate(data))
            report.created["agencies"] += 1
    for data in SECTORS:
        if await classification_repository.get_sector(session, code=data["code"]) is None:
            await classification.create_sector(
                session, principal=SEEDER, data=SectorCreate.model_validate(data)
            )
            report.created["sectors"] += 1
    for data in FIELDS:
        if await classification_repository.get_field(session, code=data["code"]) is None:
            await classification.create_field(
                session, principal=SEEDER, data=FieldCreate.model_validate(data)
            )
            report.created["fields"] += 1
    for item in PROCEDURES:
        if await procedures_repository.get(session, code=item["code"]) is None:
            await _publish_procedure(session, outbox, item, today=today or VALID_FROM)
            report.created["procedures"] += 1
    return report


async def _publish_procedure(
    session: AsyncSession, outbox: Outbox, item: dict[str, object], *, today: date
) -> None:
    data = ProcedureCreate(
        code=str(item["code"]),
        content=ProcedureContent.model_validate(item["content"]),
        valid_from=VALID_FROM,
        change_note="Công bố lần đầu (dữ liệu mẫu)",
    )
    procedure, version = await procedures.create(session, principal=SEEDER, data=data)
    forms = item["forms"]
    assert isinstance(forms, dict)
    for code, form in forms.items():
        await eforms.put(
            session,
            principal=SEEDER,
            procedure=procedure,
            version=version,
            form=None,
            code=code,
            data=EFormWrite.model_validate(form),
        )
    await publishing.publish(
        session, outbox, principal=SEEDER, procedure=procedure, version=version, today=today
    )


async def main(settings: CatalogSettings | None = None) -> Report:
    settings = settings or CatalogSettings()
    db = Database(settings.database_url, pool_size=1)
    try:
        async with db.transaction() as session:
            return await seed(session, Outbox(tables, service=settings.service_name))
    finally:
        await db.dispose()


if __name__ == "__main__":
    # stderr: the stack shows a seed's stdout in its banner (demo logins); this summary goes to the log.
    print(asyncio.run(main()), file=sys.stderr, flush=True)
