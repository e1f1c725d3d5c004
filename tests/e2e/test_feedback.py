"""Issue 9, citizens' voice, on the whole stack through the gateway: feedback about a dossier and a
procedure routed to the agency and due 3 working days later on its calendar (R-FB-4), answered by the
desk, the answer reaching the submitter (notify: inbox, or the email given without an account) and,
with consent, the public Q&A; a satisfaction rating after the result (R-FB-5), changed once, counted
by the catalogue's statistics with its latest levels."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from contracts.events import DOSSIER_RESOLVED, DossierResolved
from intake.feedback import rules
from servicekit.calendar import VN_TZ, WorkingCalendar
from servicekit.db import utcnow
from servicekit.testing import TokenFactory, eventually
from tests.e2e.notify_support import emit, wait_mails
from tests.e2e.support import AGENCY, PROCEDURE, file_and_receive, officer

pytestmark = pytest.mark.e2e


async def agency_calendar(gateway: httpx.AsyncClient, agency: str, around: date) -> WorkingCalendar:
    """The agency's calendar as the catalogue publishes it (national days off, swaps, its own)."""
    response = await gateway.get(
        f"/v1/agencies/{agency}/calendar",
        params={
            "from": (around - timedelta(days=14)).isoformat(),
            "to": (around + timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return WorkingCalendar(
        extra_days_off=[date.fromisoformat(d["day"]) for d in body["days_off"] if d["reason"] == "declared"],
        working_days=[date.fromisoformat(d["day"]) for d in body["working_weekend_days"]],
    )


async def dossier_status(
    gateway: httpx.AsyncClient, headers: dict[str, str], dossier_id: str, status: str
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        response = await gateway.get(f"/v1/dossiers/{dossier_id}", headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body if body["status"]["value"] == status else None

    result: dict[str, Any] = await eventually(probe, timeout=60, message=f"dossier {dossier_id} {status}")
    return result


async def test_r_fb_4_feedback_is_routed_answered_and_published_through_the_gateway(
    stack: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    citizen = e2e_tokens.headers(subject)
    dossier = await file_and_receive(gateway, e2e_tokens, subject)

    about_dossier = await gateway.post(
        "/v1/feedback",
        json={
            "target": "dossier",
            "dossier_id": dossier["id"],
            "title": "Xin hướng dẫn bổ sung",
            "content": "Tôi cần nộp thêm giấy tờ gì không?",
        },
        headers=citizen,
    )
    assert about_dossier.status_code == 201, about_dossier.text
    mine = about_dossier.json()
    assert mine["agency_code"] == AGENCY and mine["dossier_code"] == dossier["code"]
    # R-FB-4: 3 working days after reception on the agency's calendar, as the catalogue publishes it.
    now = utcnow()
    calendar = await agency_calendar(gateway, AGENCY, now.astimezone(VN_TZ).date())
    expected = rules.deadline(calendar, now)
    assert (mine["received_on"], mine["due_date"]) == (
        expected.received_on.isoformat(),
        expected.due_date.isoformat(),
    )
    stranger = await gateway.get(
        f"/v1/feedback/{mine['id']}", headers=e2e_tokens.headers(f"citizen-{uuid.uuid4()}")
    )
    assert stranger.status_code == 404 and stranger.json()["code"] == "feedback_not_found"

    # Without an account: no token through the gateway, a name and an email instead.
    email = f"binh.{uuid.uuid4().hex[:10]}@example.vn"
    anonymous = await gateway.post(
        "/v1/feedback",
        json={
            "target": "procedure",
            "procedure_code": PROCEDURE,
            "kind": "proposal",
            "title": "Đề nghị cho nộp bản chụp chứng chỉ",
            "content": f"Tôi là Trần Thị Bình ({email}), đề nghị cho nộp bản chụp thay bản sao chứng thực.",
            "publish_consent": True,
            "contact": {"name": "Trần Thị Bình", "email": email},
        },
    )
    assert anonymous.status_code == 201, anonymous.text
    theirs = anonymous.json()
    assert theirs["agency_code"] == AGENCY and theirs["submitter"]["subject"] is None

    desk = officer(e2e_tokens)
    queue = await gateway.get("/v1/feedback", params={"status": "received", "limit": 100}, headers=desk)
    assert {mine["id"], theirs["id"]} <= {f["id"] for f in queue.json()["items"]}
    other_desk = officer(e2e_tokens, "000.00.00.H49")
    refused = await gateway.post(
        f"/v1/feedback/{theirs['id']}/answer", json={"answer": "x"}, headers=other_desk
    )
    assert refused.status_code == 404

    answer = "Cơ quan tiếp thu; từ tháng sau cho phép nộp bản chụp có đối chiếu bản chính."
    answered = await gateway.post(
        f"/v1/feedback/{theirs['id']}/answer", json={"answer": answer, "publish": True}, headers=desk
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["answer"]["on_time"] is True and answered.json()["published"] is True
    # The public Q&A, without a token: the question and answer, no name, no email.
    public = await gateway.get(f"/v1/feedback/public/{theirs['id']}")
    assert public.status_code == 200, public.text
    assert (
        public.json()["answer"] == answer and email not in public.text and "Trần Thị Bình" not in public.text
    )
    listed = await gateway.get("/v1/feedback/public", params={"procedure_code": PROCEDURE, "limit": 100})
    assert theirs["id"] in [q["id"] for q in listed.json()["items"]]
    # notify writes to the address given (no account to look up).
    (mail,) = await wait_mails(stack, email, 1, timeout=60)
    assert answer in (mail.get("text") or "") and "Trần Thị Bình" in (mail.get("text") or "")

    await gateway.post(f"/v1/feedback/{mine['id']}/answer", json={"answer": "Hồ sơ đã đủ."}, headers=desk)

    async def told() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = (await gateway.get("/v1/inbox", headers=citizen)).json()["items"]
        return [i for i in items if i["title"] == "Phản ánh, kiến nghị của Ông/Bà đã được trả lời"]

    assert await eventually(told, timeout=60, message="the answer in the citizen's inbox")
    followed = (await gateway.get(f"/v1/feedback/{mine['id']}", headers=citizen)).json()
    assert followed["status"] == "answered" and [h["action"] for h in followed["history"]] == [
        "submitted",
        "answered",
    ]


async def test_r_fb_5_a_rating_after_the_result_feeds_the_statistics_with_its_latest_levels(
    stack: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    citizen = e2e_tokens.headers(subject)
    dossier = await file_and_receive(gateway, e2e_tokens, subject)
    # Workflow (a real process here) starts processing on the reception.
    await dossier_status(gateway, citizen, dossier["id"], "processing")
    rating = {
        "overall": "satisfied",
        "ease_of_use": "satisfied",
        "timeliness": "satisfied",
        "officer_attitude": "satisfied",
    }
    early = await gateway.put(f"/v1/ratings/{dossier['id']}", json=rating, headers=citizen)
    assert early.status_code == 409 and early.json()["code"] == "rating_not_open"

    # The agency's leader approves (workflow's dossier.resolved, as its approval step emits it).
    await emit(
        stack,
        DOSSIER_RESOLVED,
        DossierResolved(
            dossier_id=uuid.UUID(dossier["id"]),
            dossier_code=dossier["code"],
            agency_code=AGENCY,
            procedure_code=PROCEDURE,
            applicant_subject=subject,
            occurred_at=utcnow(),
            decided_by=f"leader-{uuid.uuid4()}",
            appointment_date=date.fromisoformat(dossier["appointment_date"]),
            on_time=True,
        ),
        key=dossier["id"],
    )
    await dossier_status(gateway, citizen, dossier["id"], "resolved")

    dashboard = officer(e2e_tokens)

    async def satisfaction() -> dict[str, Any]:
        response = await gateway.get(f"/v1/statistics/agencies/{AGENCY}/units", headers=dashboard)
        assert response.status_code == 200, response.text
        (unit,) = [u for u in response.json()["items"] if u["code"] == AGENCY]
        return unit["satisfaction"]  # type: ignore[no-any-return]

    before = await satisfaction()
    stranger = await gateway.put(
        f"/v1/ratings/{dossier['id']}", json=rating, headers=e2e_tokens.headers(f"citizen-{uuid.uuid4()}")
    )
    assert stranger.status_code == 404
    first = await gateway.put(f"/v1/ratings/{dossier['id']}", json=rating, headers=citizen)
    assert first.status_code == 201, first.text
    changed = await gateway.put(
        f"/v1/ratings/{dossier['id']}",
        json={**rating, "overall": "very_satisfied"},
        headers=citizen | {"If-Match": first.headers["etag"]},
    )
    assert changed.status_code == 200 and changed.json()["revision"] == 2

    async def counted() -> dict[str, Any] | None:
        now = await satisfaction()
        moved = now["ratings"] == before["ratings"] + 1
        latest = now["overall"]["very_satisfied"] == before["overall"]["very_satisfied"] + 1
        return now if moved and latest else None

    after = await eventually(counted, timeout=60, message="the rating in the agency's statistics")
    # Counted once, with its latest levels.
    assert after["overall"]["satisfied"] == before["overall"]["satisfied"]
    assert after["ease_of_use"]["satisfied"] == before["ease_of_use"]["satisfied"] + 1
