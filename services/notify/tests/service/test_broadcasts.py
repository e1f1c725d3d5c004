"""R-OPS-1: a scheduled maintenance window reaches every signed-in user's inbox (the default "portal
maintenance" template, in their language, with the administrator's message), once however often the
event is delivered, read per user, until the window's expected end; a cancelled window leaves."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from contracts.events import (
    DOSSIER_SUBMITTED,
    MAINTENANCE_CANCELLED,
    MAINTENANCE_EXTENDED,
    MAINTENANCE_SCHEDULED,
    MaintenanceCancelled,
    MaintenanceExtended,
    MaintenanceScheduled,
)
from notify.templates.filters import LOCAL_TZ
from servicekit.db import utcnow
from servicekit.testing import eventually
from services.notify.tests.service.support import Notify
from services.notify.tests.service.test_inbox import submitted


def scheduled(window_id: uuid.UUID, *, starts_in: timedelta, lasts: timedelta) -> MaintenanceScheduled:
    starts_at = utcnow() + starts_in
    return MaintenanceScheduled(
        window_id=window_id,
        starts_at=starts_at,
        expected_end_at=starts_at + lasts,
        message_vi="Nâng cấp hạ tầng máy chủ.",
        message_en="Upgrading the servers.",
        scheduled_by="sys-admin",
        occurred_at=utcnow(),
    )


async def broadcasts_of(notify: Notify, subject: str) -> list[dict[str, Any]]:
    return [item for item in await notify.inbox(subject) if item["broadcast"]]


async def test_r_ops_1_every_user_sees_the_maintenance_notice_in_their_language(notify: Notify) -> None:
    citizen, official, english = (
        f"citizen-{uuid.uuid4()}",
        f"official-{uuid.uuid4()}",
        f"citizen-{uuid.uuid4()}",
    )
    headers = notify.tokens.headers(english)
    await notify.client.get("/v1/notification-preferences", headers=headers)
    saved = await notify.client.put(
        "/v1/notification-preferences",
        json={"email": True, "sms": True, "in_app": True, "language": "en"},
        headers=headers | {"If-Match": '"0"'},
    )
    assert saved.status_code == 200
    window_id = uuid.uuid4()
    event = scheduled(window_id, starts_in=timedelta(days=2), lasts=timedelta(hours=4))
    first = await notify.publish(MAINTENANCE_SCHEDULED, event, key=str(window_id))
    await notify.publish(MAINTENANCE_SCHEDULED, event, key=str(window_id))  # a duplicate under a new id
    await notify.publish(MAINTENANCE_SCHEDULED, event, key=str(window_id), event_id=first)  # a redelivery

    (notice,) = await eventually(lambda: broadcasts_of(notify, citizen), message="notice in the inbox")
    assert notice["kind"] == "portal.maintenance" and notice["title"] == "Thông báo bảo trì Cổng Dịch vụ công"
    local = event.starts_at.astimezone(LOCAL_TZ)
    assert f"{local:%d/%m/%Y}" in notice["body"] and notice["body"].endswith("Nâng cấp hạ tầng máy chủ.")
    assert notice["read_at"] is None and notice["dossier_id"] is None
    assert [n["id"] for n in await broadcasts_of(notify, official)] == [notice["id"]]
    (translated,) = await broadcasts_of(notify, english)
    assert translated["title"] == "Public Service Portal maintenance"
    assert translated["body"].endswith("Upgrading the servers.")

    # Read per user: the citizen's reading leaves the official's unread.
    before = (
        await notify.client.get("/v1/inbox/unread-count", headers=notify.tokens.headers(official))
    ).json()
    read = await notify.client.post(f"/v1/inbox/{notice['id']}/read", headers=notify.tokens.headers(citizen))
    assert read.status_code == 200 and read.json()["read_at"] and read.json()["broadcast"] is True
    again = await notify.client.post(f"/v1/inbox/{notice['id']}/read", headers=notify.tokens.headers(citizen))
    assert again.json()["read_at"] == read.json()["read_at"]
    after = (
        await notify.client.get("/v1/inbox/unread-count", headers=notify.tokens.headers(official))
    ).json()
    assert after == before
    assert (await broadcasts_of(notify, citizen))[0]["read_at"] == read.json()["read_at"]

    # Cancelled: it leaves every inbox.
    await notify.publish(
        MAINTENANCE_CANCELLED,
        MaintenanceCancelled(
            window_id=window_id, starts_at=event.starts_at, cancelled_by="sys-admin", occurred_at=utcnow()
        ),
        key=str(window_id),
    )

    async def withdrawn() -> bool:
        return not await broadcasts_of(notify, citizen) and not await broadcasts_of(notify, official)

    await eventually(withdrawn, message="notice withdrawn")
    gone = await notify.client.post(f"/v1/inbox/{notice['id']}/read", headers=notify.tokens.headers(citizen))
    assert gone.status_code == 404


async def test_a_notice_is_shown_until_the_expected_end_and_merges_into_the_inbox_order(
    notify: Notify,
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    dossier_id = uuid.uuid4()
    older = await notify.publish(DOSSIER_SUBMITTED, submitted(dossier_id, citizen), key=str(dossier_id))
    await notify.processed(older)
    past, current = uuid.uuid4(), uuid.uuid4()
    ended = scheduled(past, starts_in=timedelta(hours=-5), lasts=timedelta(hours=1))
    await notify.publish(MAINTENANCE_SCHEDULED, ended, key=str(past))
    live = await notify.publish(
        MAINTENANCE_SCHEDULED,
        scheduled(current, starts_in=timedelta(days=1), lasts=timedelta(hours=2)),
        key=str(current),
    )
    await notify.processed(live)
    newer_id = uuid.uuid4()
    newer = await notify.publish(DOSSIER_SUBMITTED, submitted(newer_id, citizen), key=str(newer_id))
    await notify.processed(newer)

    async def three() -> list[dict[str, Any]] | None:
        items = await notify.inbox(citizen)
        return items if len(items) == 3 else None

    items = await eventually(three, message="two entries and one notice")
    # Newest first across the user's own entries and the broadcast; the ended window is not shown.
    assert [(i["broadcast"], i["dossier_id"]) for i in items] == [
        (False, str(newer_id)),
        (True, None),
        (False, str(dossier_id)),
    ]
    headers = notify.tokens.headers(citizen)
    first = await notify.client.get("/v1/inbox", params={"limit": 1}, headers=headers)
    second = await notify.client.get(
        "/v1/inbox", params={"limit": 1, "cursor": first.json()["next_cursor"]}, headers=headers
    )
    third = await notify.client.get(
        "/v1/inbox", params={"limit": 1, "cursor": second.json()["next_cursor"]}, headers=headers
    )
    pages = [first.json(), second.json(), third.json()]
    assert [p["items"][0]["id"] for p in pages] == [i["id"] for i in items]
    assert third.json()["next_cursor"] is None
    unread = await notify.client.get("/v1/inbox/unread-count", headers=headers)
    assert unread.json() == {"unread": 3}


async def test_r_ops_1_an_extended_window_updates_the_notice_and_shows_it_unread_again(
    notify: Notify,
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    headers = notify.tokens.headers(citizen)
    window_id = uuid.uuid4()
    event = scheduled(window_id, starts_in=timedelta(days=3), lasts=timedelta(hours=4))
    await notify.publish(MAINTENANCE_SCHEDULED, event, key=str(window_id))

    async def this_window() -> list[dict[str, Any]]:
        # Other windows of this module may be announced too: this one starts in three days.
        when = f"{event.starts_at.astimezone(LOCAL_TZ):%d/%m/%Y}"
        return [n for n in await broadcasts_of(notify, citizen) if when in n["body"]]

    (notice,) = await eventually(this_window, message="notice in the inbox")
    assert (await notify.client.post(f"/v1/inbox/{notice['id']}/read", headers=headers)).status_code == 200

    def extended(hours: int, message: str) -> MaintenanceExtended:
        return MaintenanceExtended(
            window_id=window_id,
            starts_at=event.starts_at,
            previous_expected_end_at=event.expected_end_at,
            expected_end_at=event.starts_at + timedelta(hours=hours),
            message_vi=message,
            extended_by="sys-admin",
            occurred_at=utcnow(),
        )

    later = extended(7, "Kéo dài thêm ba giờ.")
    await notify.publish(MAINTENANCE_EXTENDED, later, key=str(window_id))
    new_end = f"{later.expected_end_at.astimezone(LOCAL_TZ):%H:%M}"

    async def revised() -> dict[str, Any]:
        (current,) = await this_window()
        assert current["body"].endswith("Kéo dài thêm ba giờ.") and new_end in current["body"]
        return current

    current = await eventually(revised, message="notice revised")
    assert current["id"] == notice["id"] and current["read_at"] is None  # news: unread again
    # An older revision replayed afterwards (an outbox replayed to a new broker) changes nothing.
    stale = await notify.publish(
        MAINTENANCE_EXTENDED, extended(5, "Kéo dài thêm một giờ."), key=str(window_id)
    )
    await notify.processed(stale)
    assert (await this_window())[0]["body"] == current["body"]
