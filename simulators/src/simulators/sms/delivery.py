"""Delivery reports (DLR): after a delay, decide the outcome and POST it to the message's CallbackUrl."""

from __future__ import annotations

import asyncio
import logging

import httpx

from simulators._common import utc_now, vietnam_time
from simulators.sms.rules import SendStatus
from simulators.sms.settings import SmsSimSettings
from simulators.sms.state import SmsRecord

log = logging.getLogger("simulators.sms")


class DeliveryReporter:
    """Runs one task per accepted message; `close()` cancels those still pending."""

    def __init__(self, settings: SmsSimSettings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client
        self._tasks: set[asyncio.Task[None]] = set()

    def schedule(self, record: SmsRecord) -> None:
        task = asyncio.create_task(self._report(record), name=f"sms-dlr-{record.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _report(self, record: SmsRecord) -> None:
        await asyncio.sleep(self.settings.dlr_delay)
        record.send_status = int(record.planned_status)
        record.dlr_status = "delivered" if record.planned_status is SendStatus.DELIVERED else "failed"
        record.reported_at = utc_now()
        log.info(
            "SMS %s to %s: %s (SendStatus %s)", record.id, record.phone, record.dlr_status, record.send_status
        )
        if not record.callback_url:
            return
        payload = {
            "SMSID": record.id,
            "RequestId": record.request_id,
            "Phone": record.phone,
            "SendStatus": record.send_status,
            "SendTime": vietnam_time(record.reported_at),
        }
        record.callback_status = "pending"
        pause = self.settings.dlr_retry_interval
        for attempt in range(1, max(1, self.settings.dlr_attempts) + 1):
            record.callback_attempts = attempt
            try:
                response = await self.client.post(
                    record.callback_url, json=payload, timeout=self.settings.callback_timeout
                )
                if response.is_success:
                    record.callback_status = "sent"
                    return
                reason = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}"
            log.warning(
                "DLR callback for %s to %s failed (attempt %d): %s",
                record.id,
                record.callback_url,
                attempt,
                reason,
            )
            if attempt < self.settings.dlr_attempts:
                await asyncio.sleep(pause)
                pause *= 2
        record.callback_status = "failed"
