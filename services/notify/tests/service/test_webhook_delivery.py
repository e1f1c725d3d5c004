"""Webhook deliveries to a real receiving system that verifies each signature: events reach exactly
the subscriptions whose types and agencies match, as structured CloudEvents; a receiver that fails or
hangs for a while is retried with backoff until it recovers and gets each event once; 4xx fails for
good; a duplicated event is delivered once; a test-mode subscription is never called."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import text

from contracts.events import (
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    MESSAGE_DELIVERED,
    NOTIFICATION_TOPIC,
    DossierRefused,
)
from servicekit.db import utcnow
from servicekit.testing import eventually
from servicekit.testing.kafka import collect
from services.notify.tests.service.standins import Receiver, receiver_app
from services.notify.tests.service.support import AGENCY, Notify, received, system_client
from simulators.testing import serve_app

RECEIVED = "vn.motcua.dossier.received.v1"
REFUSED = "vn.motcua.dossier.refused.v1"
OTHER_AGENCY = "000.00.00.H49"


def sync(check: Callable[[], Any]) -> Callable[[], Awaitable[Any]]:
    """``eventually`` polls coroutines; the receiver's state is plain data."""

    async def probe() -> Any:
        return check()

    return probe


@pytest.fixture(scope="module")
def served_settings() -> dict[str, Any]:
    # Backoff in tenths of a second with room for many tries: an hour-long outage, shortened.
    return {"retry_max_attempts": 40, "webhook_timeout_seconds": 0.5}


@pytest.fixture(scope="module")
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    async with serve_app(receiver_app(receiver)) as url:
        receiver.base_url = url
        yield receiver


async def _subscribe(
    notify: Notify,
    receiver: Receiver,
    *,
    types: list[str],
    agencies: list[str] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> tuple[str, str, dict[str, str]]:
    """A subscription to ``types`` delivered to its own path; returns (id, path name, owner headers)."""
    name = uuid.uuid4().hex[:10]
    owner = headers or system_client(notify.tokens, agencies=agencies or [AGENCY])
    body = {"target_url": receiver.url(name), "event_types": types, **extra}
    created = await notify.client.post("/v1/webhooks", json=body, headers=owner)
    assert created.status_code == 201, created.text
    receiver.secrets[name] = created.json()["secret"]
    return created.json()["id"], name, owner


async def _deliveries(notify: Notify, subscription_id: str, owner: dict[str, str]) -> list[dict[str, Any]]:
    page = await notify.client.get(f"/v1/webhooks/{subscription_id}/deliveries", headers=owner)
    assert page.status_code == 200, page.text
    items: list[dict[str, Any]] = page.json()["items"]
    return items


def _refused(subject: str, agency: str = AGENCY) -> DossierRefused:
    return DossierRefused(
        dossier_id=uuid.uuid4(),
        agency_code=agency,
        procedure_code="1.005129",
        applicant_subject=subject,
        occurred_at=utcnow(),
        at_desk=True,
        reasons=("Không thuộc thẩm quyền",),
        decided_by="officer-1",
    )


async def test_events_reach_exactly_the_matching_subscriptions_signed_as_structured_cloudevents(
    served: Notify, receiver: Receiver
) -> None:
    both, both_name, owner = await _subscribe(served, receiver, types=[RECEIVED, REFUSED])
    _, refused_only = (await _subscribe(served, receiver, types=[REFUSED]))[:2]
    _, elsewhere = (await _subscribe(served, receiver, types=[RECEIVED], agencies=[OTHER_AGENCY]))[:2]
    citizen = f"citizen-{uuid.uuid4()}"
    event = received(citizen)
    event_id = await served.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    later = _refused(citizen)
    refused_id = await served.publish(DOSSIER_REFUSED, later, key=str(later.dossier_id))

    await eventually(sync(lambda: len(receiver.accepted(both_name)) == 2), message="two deliveries")
    await eventually(sync(lambda: len(receiver.accepted(refused_only)) == 1), message="refusal delivered")
    first = next(d for d in receiver.accepted(both_name) if d.event["id"] == event_id)
    assert first.content_type == "application/cloudevents+json; charset=utf-8"
    document = first.event
    assert document["specversion"] == "1.0" and document["type"] == RECEIVED
    assert document["data"]["dossier_code"] == event.dossier_code
    assert document["data"]["appointment_date"] == "2026-12-04"
    assert abs(datetime.now().timestamp() - first.timestamp) < 60
    assert receiver.accepted(refused_only)[0].event["id"] == refused_id
    assert receiver.tries(elsewhere) == []

    # The receiver answers before notify records the outcome: wait for both to be recorded.
    deliveries = await eventually(
        lambda: _all_delivered(served, both, owner, 2), message="both deliveries recorded"
    )
    assert {d["template_code"] for d in deliveries} == {RECEIVED, REFUSED}
    assert all(d["status"] == "delivered" and d["channel"] == "webhook" for d in deliveries)
    by_id = {d["id"] for d in deliveries}
    assert {d.webhook_id for d in receiver.accepted(both_name)} == by_id  # Webhook-Id = message id
    delivered = await collect(
        served.kafka,
        NOTIFICATION_TOPIC,
        until=lambda es: by_id <= {e.data["message_id"] for e in es if e.type == MESSAGE_DELIVERED},
    )
    sample = next(e for e in delivered if e.data["message_id"] in by_id)
    assert sample.data["channel"] == "webhook" and sample.data["recipient_subject"] is None


async def test_a_receiver_failing_for_a_while_is_retried_until_it_recovers_and_gets_each_event_once(
    served: Notify, receiver: Receiver
) -> None:
    subscription, name, owner = await _subscribe(served, receiver, types=[RECEIVED])
    receiver.statuses[name] = 503
    events = [received(f"citizen-{uuid.uuid4()}") for _ in range(3)]
    ids = [await served.publish(DOSSIER_RECEIVED, e, key=str(e.dossier_id)) for e in events]
    await eventually(sync(lambda: len(receiver.tries(name)) >= 12), timeout=30, message="many failed tries")
    assert receiver.accepted(name) == []
    receiver.statuses[name] = 200

    await eventually(sync(lambda: len(receiver.accepted(name)) == 3), timeout=30, message="recovered")
    deliveries = await eventually(
        lambda: _all_delivered(served, subscription, owner, 3), message="every delivery recorded"
    )
    for delivery in deliveries:
        detail = (await served.client.get(f"/v1/messages/{delivery['id']}", headers=owner)).json()
        outcomes = [a["outcome"] for a in detail["attempt_log"]]
        assert outcomes[-1] == "delivered" and set(outcomes[:-1]) == {"temporary_failure"}
        assert len(outcomes) >= 4 and "HTTP 503" in detail["attempt_log"][0]["error"]
    assert sorted(d.event["id"] for d in receiver.accepted(name)) == sorted(ids)  # each once


async def _all_delivered(
    notify: Notify, subscription: str, owner: dict[str, str], count: int
) -> list[dict[str, Any]] | None:
    items = await _deliveries(notify, subscription, owner)
    done = [d for d in items if d["status"] == "delivered"]
    return done if len(done) == count else None


async def test_a_receiver_that_hangs_is_retried_and_its_receipts_share_one_webhook_id(
    served: Notify, receiver: Receiver
) -> None:
    subscription, name, owner = await _subscribe(served, receiver, types=[REFUSED])
    receiver.delay = 1.0  # longer than notify's 0.5 s timeout in this module
    try:
        event = _refused(f"citizen-{uuid.uuid4()}")
        await served.publish(DOSSIER_REFUSED, event, key=str(event.dossier_id))
        await eventually(
            sync(lambda: len(receiver.tries(name)) >= 2), timeout=30, message="two timed-out tries"
        )
    finally:
        receiver.delay = 0.0
    [delivery] = await eventually(lambda: _all_delivered(served, subscription, owner, 1), timeout=30)
    detail = (await served.client.get(f"/v1/messages/{delivery['id']}", headers=owner)).json()
    assert "no answer within 0.5 s" in detail["attempt_log"][0]["error"]
    # The receiver processed the timed-out tries too: Webhook-Id lets it see they are one delivery.
    assert {d.webhook_id for d in receiver.tries(name)} == {delivery["id"]}


async def test_4xx_fails_for_good_but_408_and_429_are_retried(served: Notify, receiver: Receiver) -> None:
    gone, gone_name, owner = await _subscribe(served, receiver, types=[RECEIVED])
    busy, busy_name, busy_owner = await _subscribe(served, receiver, types=[RECEIVED])
    receiver.statuses[gone_name] = 410
    receiver.statuses[busy_name] = 429
    event = received(f"citizen-{uuid.uuid4()}")
    await served.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))

    async def failed() -> dict[str, Any] | None:
        items = await _deliveries(served, gone, owner)
        return items[0] if items and items[0]["status"] == "permanent_failure" else None

    gave_up = await eventually(failed, message="410 is final")
    assert gave_up["attempts"] == 1 and "HTTP 410" in gave_up["last_error"]
    await eventually(sync(lambda: len(receiver.tries(busy_name)) >= 3), message="429 retried")
    receiver.statuses[busy_name] = 200
    await eventually(lambda: _all_delivered(served, busy, busy_owner, 1), message="429 then 200")


async def test_a_duplicated_event_is_delivered_once_per_subscription(
    served: Notify, receiver: Receiver
) -> None:
    _, name, _ = await _subscribe(served, receiver, types=[RECEIVED])
    event = received(f"citizen-{uuid.uuid4()}")
    event_id = await served.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    await served.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id), event_id=event_id)
    await eventually(sync(lambda: receiver.accepted(name)), message="delivered")
    # Even with the consumer's inbox row gone, the message's unique key holds a second one back.
    async with served.app.state.runtime.db.transaction() as session:
        await session.execute(text("delete from inbox where event_id = :id"), {"id": uuid.UUID(event_id)})
    await served.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id), event_id=event_id)
    marker = received(f"citizen-{uuid.uuid4()}", dossier_id=event.dossier_id)
    marker_id = await served.publish(DOSSIER_RECEIVED, marker, key=str(event.dossier_id))
    await eventually(sync(lambda: len(receiver.accepted(name)) == 2), message="the later event delivered")
    assert sorted(d.event["id"] for d in receiver.accepted(name)) == sorted([event_id, marker_id])


async def test_a_test_mode_subscription_is_recorded_as_delivered_and_never_called(
    served: Notify, receiver: Receiver
) -> None:
    subscription, name, owner = await _subscribe(served, receiver, types=[RECEIVED], test_mode=True)
    event = received(f"citizen-{uuid.uuid4()}")
    await served.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    [delivery] = await eventually(lambda: _all_delivered(served, subscription, owner, 1))
    assert delivery["simulated"] is True
    assert receiver.tries(name) == []


async def test_a_deactivated_subscription_gets_nothing_new(served: Notify, receiver: Receiver) -> None:
    subscription, name, owner = await _subscribe(served, receiver, types=[RECEIVED])
    current = await served.client.get(f"/v1/webhooks/{subscription}", headers=owner)
    paused = await served.client.patch(
        f"/v1/webhooks/{subscription}",
        json={"active": False},
        headers={**owner, "If-Match": current.headers["etag"]},
    )
    assert paused.status_code == 200 and paused.json()["active"] is False
    citizen = f"citizen-{uuid.uuid4()}"
    event = received(citizen)
    event_id = await served.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    await served.processed(event_id)
    assert await _deliveries(served, subscription, owner) == [] and receiver.tries(name) == []
