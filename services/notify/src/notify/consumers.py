"""Event handlers of notify: each lifecycle notice lands once in the applicant's inbox (R-NOTI-3)."""

from __future__ import annotations

from contracts.events import PROCESS_STARTED, ProcessStarted
from notify.inbox import service as inbox
from servicekit.app import ServiceRuntime
from servicekit.consumer import Delivery, Handler


def handlers(runtime: ServiceRuntime) -> dict[str, Handler]:
    async def on_process_started(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, ProcessStarted)
        code = payload.dossier_code or str(payload.dossier_id)
        await inbox.record(
            delivery.session,
            recipient=payload.applicant_subject,
            source_event_id=delivery.event.uuid,
            kind="dossier_submitted",
            dossier_id=payload.dossier_id,
            title="Hồ sơ đã được gửi",
            body=(
                f"Hồ sơ {code} của bạn đã được gửi tới cơ quan {payload.agency_code} "
                "và đang chờ Bộ phận Một cửa kiểm tra, tiếp nhận."
            ),
        )

    return {PROCESS_STARTED: on_process_started}
