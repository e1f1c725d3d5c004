"""Event handlers of the catalog: dossier and rating events feed the public statistics (R-STAT-6).

Idempotent twice over: servicekit's inbox skips a redelivered event id, and the projector's merge
is commutative and idempotent, so even the same milestone under a new event id counts once.
"""

from __future__ import annotations

from catalog.statistics import projector
from servicekit.consumer import Delivery, Handler


async def on_dossier_event(delivery: Delivery) -> None:
    await projector.apply(delivery.session, delivery.event.type, delivery.payload)


def build_handlers() -> dict[str, Handler]:
    return dict.fromkeys(projector.HANDLED, on_dossier_event)
