"""The in-app inbox: a submitted dossier gives its applicant one entry "Hồ sơ đã được gửi" (R-NOTI-3),
once however often the event is delivered, visible only to them, marked read per message."""

from __future__ import annotations

import uuid
from typing import Any

from contracts.events import DOSSIER_SUBMITTED, DossierSubmitted
from contracts.lifecycle import ApplicantKind
from contracts.lifecycle import Channel as DossierChannel
from servicekit.db import utcnow
from servicekit.testing import eventually
from services.notify.tests.service.support import AGENCY, Notify


def submitted(dossier_id: uuid.UUID, subject: str) -> DossierSubmitted:
    return DossierSubmitted(
        dossier_id=dossier_id,
        agency_code=AGENCY,
        procedure_code="1.005129",
        applicant_subject=subject,
        occurred_at=utcnow(),
        procedure_version=1,
        channel=DossierChannel.ONLINE,
        applicant_kind=ApplicantKind.CITIZEN,
        applicant_name="Nguyễn Văn An",
        submitted_at=utcnow(),
    )


async def test_each_submission_gives_one_entry_to_its_applicant_only(notify: Notify) -> None:
    owner, other = f"citizen-{uuid.uuid4()}", f"citizen-{uuid.uuid4()}"
    dossier_id = uuid.uuid4()
    event_id = await notify.publish(DOSSIER_SUBMITTED, submitted(dossier_id, owner), key=str(dossier_id))
    await notify.publish(
        DOSSIER_SUBMITTED, submitted(dossier_id, owner), key=str(dossier_id), event_id=event_id
    )

    await eventually(lambda: notify.inbox(owner), message="entry in the inbox")
    # A second, later event proves the redelivery before it was already processed (and skipped).
    second = uuid.uuid4()
    await notify.publish(DOSSIER_SUBMITTED, submitted(second, owner), key=str(second))
    items = await eventually(lambda: _at_least(notify.inbox(owner), 2), message="second entry")
    assert [i["dossier_id"] for i in items] == [str(second), str(dossier_id)]
    assert items[0]["title"] == "Hồ sơ đã được gửi"
    assert items[0]["kind"] == "dossier.submitted"
    assert "1.005129" in items[0]["body"] and AGENCY in items[0]["body"]
    assert await notify.inbox(other) == []

    headers, stranger = notify.tokens.headers(owner), notify.tokens.headers(other)
    unread = await notify.client.get("/v1/inbox/unread-count", headers=headers)
    assert unread.json() == {"unread": 2}
    stolen = await notify.client.post(f"/v1/inbox/{items[0]['id']}/read", headers=stranger)
    assert stolen.status_code == 404
    read = await notify.client.post(f"/v1/inbox/{items[0]['id']}/read", headers=headers)
    assert read.status_code == 200 and read.json()["read_at"]
    again = await notify.client.post(f"/v1/inbox/{items[0]['id']}/read", headers=headers)
    assert again.json()["read_at"] == read.json()["read_at"]
    unread = await notify.client.get("/v1/inbox/unread-count", headers=headers)
    assert unread.json() == {"unread": 1}


async def _at_least(probe: Any, n: int) -> list[dict[str, Any]] | None:
    items: list[dict[str, Any]] = await probe
    return items if len(items) >= n else None


async def test_the_inbox_needs_a_signed_in_user(notify: Notify) -> None:
    response = await notify.client.get("/v1/inbox")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
