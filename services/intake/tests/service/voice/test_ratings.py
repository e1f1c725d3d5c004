"""Satisfaction ratings through intake's API (R-FB-5): after a result, by the applicant only, one per
dossier, editable for a limited time, each saved change a ``rating.submitted`` on the dossier topic."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from sqlalchemy import select

from contracts.events import DOSSIER_TOPIC, RATING_SUBMITTED
from contracts.lifecycle import DossierStatus
from servicekit.app import runtime_of
from services.intake.tests.service.voice.support import BHXH_QN, EVE_OF_HOLIDAYS, SO_TU_PHAP, Voice

GOOD = {
    "overall": "satisfied",
    "ease_of_use": "very_satisfied",
    "timeliness": "satisfied",
    "officer_attitude": "very_satisfied",
}


async def outbox_revisions(voice: Voice, dossier_id: uuid.UUID) -> list[int]:
    """The revisions emitted for a dossier, read where they are written (the outbox)."""
    runtime = runtime_of(voice.app)
    outbox = runtime.tables.outbox
    async with runtime.db.transaction() as session:
        rows = await session.execute(
            select(outbox.c.value)
            .where(outbox.c.key == str(dossier_id), outbox.c.event_type == RATING_SUBMITTED)
            .order_by(outbox.c.id)
        )
        return [json.loads(value)["revision"] for (value,) in rows]


async def test_r_fb_5_not_before_a_result(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    owner = f"citizen-{uuid.uuid4()}"
    for status in (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.REFUSED):
        dossier_id = await voice.dossier(owner, status=status)
        refused = await voice.client.put(f"/v1/ratings/{dossier_id}", json=GOOD, headers=voice.citizen(owner))
        assert refused.status_code == 409, status
        assert refused.json()["code"] == "rating_not_open" and "kết quả" in refused.json()["detail"]
        english = await voice.client.put(
            f"/v1/ratings/{dossier_id}", json=GOOD, headers=voice.citizen(owner) | {"Accept-Language": "en"}
        )
        assert "once it has a result" in english.json()["detail"]
        assert await outbox_revisions(voice, dossier_id) == []


async def test_r_fb_5_only_the_applicant_rates_their_dossier(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    owner = f"citizen-{uuid.uuid4()}"
    dossier_id = await voice.dossier(owner, status=DossierStatus.RESOLVED)
    other = await voice.client.put(f"/v1/ratings/{dossier_id}", json=GOOD, headers=voice.citizen())
    assert other.status_code == 404 and other.json()["code"] == "dossier_not_found"
    missing = await voice.client.put(f"/v1/ratings/{uuid.uuid4()}", json=GOOD, headers=voice.citizen(owner))
    assert missing.status_code == 404 and missing.json()["code"] == "dossier_not_found"
    official = await voice.client.put(f"/v1/ratings/{dossier_id}", json=GOOD, headers=voice.officer(BHXH_QN))
    assert official.status_code == 403
    assert (await voice.client.get(f"/v1/ratings/{dossier_id}", headers=voice.citizen())).status_code == 404
    bad = await voice.client.put(
        f"/v1/ratings/{dossier_id}", json={**GOOD, "overall": "so-so"}, headers=voice.citizen(owner)
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "overall"
    incomplete = await voice.client.put(
        f"/v1/ratings/{dossier_id}", json={"overall": "satisfied"}, headers=voice.citizen(owner)
    )
    assert incomplete.status_code == 422
    assert {e["field"] for e in incomplete.json()["errors"]} == {
        "ease_of_use",
        "timeliness",
        "officer_attitude",
    }
    assert await outbox_revisions(voice, dossier_id) == []


async def test_r_fb_5_one_rating_per_dossier_editable_for_seven_days_each_change_an_event(
    voice: Voice,
) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    owner = f"citizen-{uuid.uuid4()}"
    citizen = voice.citizen(owner)
    dossier_id = await voice.dossier(owner, status=DossierStatus.RETURNED)
    url = f"/v1/ratings/{dossier_id}"
    assert (await voice.client.get(url, headers=citizen)).json()["code"] == "rating_not_found"

    first = await voice.ok("PUT", url, json={**GOOD, "comment": "Nhanh gọn."}, headers=citizen, status=201)
    assert first["revision"] == 1 and first["editable"] is True
    assert first["overall"] == {"level": "satisfied", "label": "Hài lòng"}
    assert first["officer_attitude"]["label"] == "Rất hài lòng"

    voice.clock.advance(timedelta(days=3))
    changed = await voice.ok("PUT", url, json={**GOOD, "timeliness": "unsatisfied"}, headers=citizen)
    assert (
        changed["revision"] == 2
        and changed["id"] == first["id"]
        and changed["timeliness"]["label"] == "Chưa hài lòng"
    )
    assert changed["first_submitted_at"] == first["first_submitted_at"] and changed["comment"] is None
    # The same rating again is no new revision.
    same = await voice.ok("PUT", url, json={**GOOD, "timeliness": "unsatisfied"}, headers=citizen)
    assert same["revision"] == 2
    # A stale If-Match (the ETag read before the change) is refused.
    stale = await voice.client.put(url, json=GOOD, headers=citizen | {"If-Match": '"1"'})
    assert stale.status_code == 412

    voice.clock.advance(timedelta(days=4, seconds=1))  # 7 days and a second after the first rating
    closed = await voice.client.put(url, json={**GOOD, "overall": "unsatisfied"}, headers=citizen)
    assert closed.status_code == 409 and closed.json()["code"] == "rating_edit_closed"
    kept = await voice.ok("GET", url, headers=citizen)
    assert kept["revision"] == 2 and kept["overall"]["level"] == "satisfied" and kept["editable"] is False

    assert await outbox_revisions(voice, dossier_id) == [1, 2]
    events = await voice.events(
        DOSSIER_TOPIC,
        lambda e: e.type == RATING_SUBMITTED and e.data["dossier_id"] == str(dossier_id),
        count=2,
    )
    assert [e.data["revision"] for e in events] == [1, 2]
    assert {e.data["rating_id"] for e in events} == {first["id"]}
    assert events[1].data["timeliness"] == "unsatisfied" and events[1].key == str(dossier_id)
    assert events[1].data["first_submitted_at"] == events[0].data["first_submitted_at"]
    assert events[0].data["agency_code"] == BHXH_QN and events[0].data["dossier_code"]
    assert "comment" not in events[0].data


async def test_r_fb_5_the_agency_reads_its_dossiers_ratings(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    owner = f"citizen-{uuid.uuid4()}"
    dossier_id = await voice.dossier(owner, status=DossierStatus.RESOLVED)
    await voice.ok("PUT", f"/v1/ratings/{dossier_id}", json=GOOD, headers=voice.citizen(owner), status=201)
    officer = voice.officer(BHXH_QN)
    assert (await voice.ok("GET", f"/v1/ratings/{dossier_id}", headers=officer))["dossier_id"] == str(
        dossier_id
    )
    assert str(dossier_id) in [
        r["dossier_id"]
        for r in (await voice.ok("GET", "/v1/ratings", headers=officer, params={"limit": 100}))["items"]
    ]
    assert (
        await voice.client.get(f"/v1/ratings/{dossier_id}", headers=voice.officer(SO_TU_PHAP))
    ).status_code == 404
    mine = await voice.ok("GET", "/v1/ratings", headers=voice.citizen(owner))
    assert [r["dossier_id"] for r in mine["items"]] == [str(dossier_id)]

    form = await voice.ok("GET", "/v1/ratings/form")
    assert [c["code"] for c in form["criteria"]] == [
        "overall",
        "ease_of_use",
        "timeliness",
        "officer_attitude",
    ]
    assert [lv["label"] for lv in form["levels"]] == ["Rất hài lòng", "Hài lòng", "Chưa hài lòng"]
    assert form["edit_days"] == 7
