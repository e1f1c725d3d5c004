"""HTTP endpoints of process instances (officials of the dossier's agency only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from servicekit.auth import OfficialDep
from workflow.deps import SessionDep
from workflow.processes import service
from workflow.processes.schemas import ProcessRead

router = APIRouter(prefix="/v1/processes", tags=["processes"])


@router.get("/by-dossier/{dossier_id}", response_model=ProcessRead, summary="Quy trình xử lý của một hồ sơ")
async def get_process_for_dossier(
    dossier_id: uuid.UUID, official: OfficialDep, session: SessionDep
) -> ProcessRead:
    instance = await service.get_for_dossier(session, dossier_id=dossier_id, principal=official)
    return ProcessRead.model_validate(instance)
