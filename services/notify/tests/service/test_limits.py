"""Rate limits per channel and recipient for event-driven notices: over the limit, an optional notice
is recorded as skipped with the reason (visible, never sent); a legal notice always goes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.events import DOSSIER_PROCESSING_STARTED, DOSSIER_RECEIVED, DossierProcessingStarted
from servicekit.db import utcnow
from services.notify.tests.service.support import AGENCY, Notify, received, unique_email


@pytest.fixture(scope="module")
def served_settings() -> dict[str, Any]:
    return {"email_limit_per_recipient": 2, "email_limit_window_seconds": 3600}


def _processing(subject: str) -> DossierProcessingStarted:
    return DossierProcessingStarted(
        dossier_id=uuid.uuid4(),
        dossier_code=f"{AGENCY}-261123-{uuid.uuid4().int % 10000:04d}",
        agency_code=AGENCY,
        procedure_code="1.005129",
        applicant_subject=subject,
        occurred_at=utcnow(),
    )


async def test_optional_notices_over_the_limit_are_skipped_and_legal_ones_still_go(served: Notify) -> None:
    email = unique_email()
    citizen = await served.register(email=email)
    for _ in range(3):
        event = _processing(citizen)
        await served.publish(DOSSIER_PROCESSING_STARTED, event, key=str(event.dossier_id))
    emails = await served.wait_messages(citizen, 3, channel="email")
    statuses = sorted(m["status"] for m in emails)
    assert statuses.count("skipped") == 1, statuses
    skipped = next(m for m in emails if m["status"] == "skipped")
    assert skipped["last_error"] == "rate limit: at most 2 email message(s) per 3600 s"
    assert skipped["attempts"] == 0
    assert len(await served.wait_messages(citizen, 3, channel="in_app", status="delivered")) == 3

    legal = received(citizen)
    await served.publish(DOSSIER_RECEIVED, legal, key=str(legal.dossier_id))
    code = legal.dossier_code
    await served.sink.wait_for(to=email, timeout=20, predicate=lambda m: code in (m.subject or ""))
    reception = [
        m for m in await served.messages(citizen, channel="email") if m["template_code"] == "dossier.received"
    ]
    done = await served.wait_status(reception[0]["id"], "delivered")
    assert done["legal_notice"] is True and done["attempts"] == 1
