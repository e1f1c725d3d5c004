"""Event handlers of workflow (idempotent: inbox + one instance per dossier)."""

from __future__ import annotations

from contracts.events import DOSSIER_SUBMITTED, DossierSubmitted
from servicekit.app import ServiceRuntime
from servicekit.consumer import Delivery, Handler
from workflow.processes import service


def handlers(runtime: ServiceRuntime) -> dict[str, Handler]:
    async def on_dossier_submitted(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, DossierSubmitted)
        await service.start_for_submitted(delivery.session, runtime.outbox, delivery.payload)

    return {DOSSIER_SUBMITTED: on_dossier_submitted}
