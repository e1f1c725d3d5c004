"""Demo process definitions, idempotent: ``python -m workflow.seed`` (run by the local stack after the
migrations). Each definition is checked against ``definitions.rules`` with the demo agencies, then put
in force as revision 1 unless a definition for that procedure version already exists."""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.db import Database, utcnow
from workflow import models  # noqa: F401  (maps every table)
from workflow.definitions import rules
from workflow.definitions.models import ACTIVE, ProcessDefinition
from workflow.definitions.schemas import DefinitionCreate
from workflow.seeddata import AGENCIES, DEFINITIONS
from workflow.settings import WorkflowSettings

SEEDER = "workflow-seed"


def checked() -> list[DefinitionCreate]:
    """The demo definitions, each valid by the same rules as the API (ValueError otherwise)."""
    definitions = []
    for data in DEFINITIONS:
        definition = DefinitionCreate.model_validate(data)
        errors = rules.problems(
            definition,
            receiving_agency=definition.agency_code,
            published_limit=int(definition.legal_limit_days),
            agencies=AGENCIES,
        )
        if errors:
            raise ValueError(f"demo definition {definition.procedure_code} is invalid: {errors}")
        definitions.append(definition)
    return definitions


async def seed(session: AsyncSession) -> int:
    created = 0
    now = utcnow()
    for definition in checked():
        exists = await session.scalar(
            select(ProcessDefinition.id).where(
                ProcessDefinition.agency_code == definition.agency_code,
                ProcessDefinition.procedure_code == definition.procedure_code,
                ProcessDefinition.procedure_version == definition.procedure_version,
            )
        )
        if exists is not None:
            continue
        session.add(
            ProcessDefinition(
                agency_code=definition.agency_code,
                procedure_code=definition.procedure_code,
                procedure_version=definition.procedure_version,
                revision=1,
                status=ACTIVE,
                name=definition.name,
                route=definition.route.value,
                legal_limit_days=definition.legal_limit_days,
                content=definition.model_dump(mode="json", include={"stages"}),
                created_by=SEEDER,
                created_at=now,
                updated_at=now,
                activated_at=now,
                activated_by=SEEDER,
            )
        )
        created += 1
    return created


async def main() -> int:
    db = Database(WorkflowSettings().database_url, pool_size=1)
    try:
        async with db.transaction() as session:
            created = await seed(session)
    finally:
        await db.dispose()
    print(f"workflow seed: {created} process definitions put in force (existing ones left unchanged)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
