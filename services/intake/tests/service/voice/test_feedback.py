"""Feedback and petitions through intake's API (R-FB-4): routing to the responsible agency, the
3-working-day deadline on the agency's calendar, who may send, see and answer, accountability,
publication with consent, and the events on the feedback topic."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from contracts.events import FEEDBACK_ANSWERED, FEEDBACK_FORWARDED, FEEDBACK_SUBMITTED, FEEDBACK_TOPIC
from contracts.lifecycle import DossierStatus
from services.intake.tests.service.voice.support import (
    BHXH_QN,
    EVE_OF_HOLIDAYS,
    HONG_GAI,
    KHAI_SINH,
    SO_BHXH,
    SO_TU_PHAP,
    VN,
    Voice,
)


def about_procedure(**extra: Any) -> dict[str, Any]:
    return {
        "target": "procedure",
        "procedure_code": SO_BHXH,
        "kind": "report",
        "title": "Chậm cấp sổ bảo hiểm xã hội",
        "content": "Hồ sơ của tôi đã quá hạn hẹn trả nhưng chưa có kết quả.",
        **extra,
    }


async def submit(
    voice: Voice, body: dict[str, Any], headers: dict[str, str], status: int = 201
) -> dict[str, Any]:
    return await voice.ok("POST", "/v1/feedback", json=body, headers=headers, status=status)  # type: ignore[no-any-return]


async def test_r_fb_4_feedback_on_a_procedure_goes_to_its_agency_due_three_working_days_after_the_holidays(
    voice: Voice,
) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    citizen = voice.citizen()
    created = await submit(voice, about_procedure(), citizen)
    assert created["agency_code"] == BHXH_QN and created["agency_name"]
    assert created["procedure_name"] and created["status"] == "received"
    # Received Wednesday 29/4; 30/4 and 1/5 are holidays, 2-3/5 a weekend: Mon 4, Tue 5, Wed 6.
    assert created["received_on"] == "2026-04-29" and created["due_date"] == "2026-05-06"
    assert [h["action"] for h in created["history"]] == ["submitted"]

    events = await voice.events(FEEDBACK_TOPIC, lambda e: e.data.get("feedback_id") == created["id"])
    assert events[0].type == FEEDBACK_SUBMITTED and events[0].key == created["id"]
    assert events[0].data["agency_code"] == BHXH_QN and events[0].data["due_date"] == "2026-05-06"
    assert events[0].data["submitter_subject"] is not None

    mine = await voice.ok("GET", "/v1/feedback", headers=citizen)
    assert [f["id"] for f in mine["items"]] == [created["id"]]
    queue = await voice.ok("GET", "/v1/feedback", headers=voice.officer(BHXH_QN))
    assert created["id"] in [f["id"] for f in queue["items"]]


async def test_r_fb_4_the_agencys_own_declared_day_off_moves_the_due_date(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    body = {
        "target": "agency",
        "agency_code": SO_TU_PHAP,
        "title": "Góp ý",
        "content": "Niêm yết thủ tục.",
        "kind": "proposal",
    }
    created = await submit(voice, body, voice.citizen())
    # Sở Tư pháp declared Tuesday 5/5 a day off: Mon 4, Wed 6, Thu 7.
    assert created["agency_code"] == SO_TU_PHAP and created["due_date"] == "2026-05-07"


async def test_feedback_about_a_dossier_only_from_its_applicant(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    owner = f"citizen-{uuid.uuid4()}"
    dossier_id = await voice.dossier(
        owner, status=DossierStatus.PROCESSING, agency=HONG_GAI, procedure=KHAI_SINH
    )
    body = {
        "target": "dossier",
        "dossier_id": str(dossier_id),
        "title": "Chậm",
        "content": "Chưa có kết quả.",
    }
    created = await submit(voice, body, voice.citizen(owner))
    assert created["agency_code"] == HONG_GAI and created["procedure_code"] == KHAI_SINH
    assert created["dossier_code"] and created["dossier_id"] == str(dossier_id)

    # Another citizen, an anonymous sender: the same 404 as for a dossier that does not exist.
    for headers in (voice.citizen(), voice.from_address("198.51.100.90")):
        body_anon = (
            {**body, "contact": {"name": "Lê Văn Ba", "email": "ba@example.vn"}}
            if "X-Forwarded-For" in headers
            else body
        )
        refused = await voice.client.post("/v1/feedback", json=body_anon, headers=headers)
        assert refused.status_code == 404 and refused.json()["code"] == "dossier_not_found"
        assert refused.headers["content-type"] == "application/problem+json"
    # R-LOOK-1: the owner finds the feedback results of the dossier.
    results = await voice.ok(
        "GET", "/v1/feedback", params={"dossier_id": str(dossier_id)}, headers=voice.citizen(owner)
    )
    assert [f["id"] for f in results["items"]] == [created["id"]]
    unknown = await voice.client.post(
        "/v1/feedback", json={**body, "dossier_id": str(uuid.uuid4())}, headers=voice.citizen(owner)
    )
    assert unknown.status_code == 404

    draft = await voice.dossier(owner, status=DossierStatus.DRAFT)
    not_filed = await voice.client.post(
        "/v1/feedback", json={**body, "dossier_id": str(draft)}, headers=voice.citizen(owner)
    )
    assert not_filed.status_code == 409 and not_filed.json()["code"] == "dossier_not_filed"


async def test_bad_feedback_is_a_problem_in_vietnamese_or_english_and_stores_nothing(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    officer = voice.officer(BHXH_QN)
    before = len((await voice.ok("GET", "/v1/feedback", headers=officer, params={"limit": 100}))["items"])

    no_contact = await voice.client.post(
        "/v1/feedback", json=about_procedure(), headers=voice.from_address("198.51.100.1")
    )
    assert no_contact.status_code == 422
    problem = no_contact.json()
    assert problem["code"] == "contact_required" and problem["errors"][0]["field"] == "contact"
    assert "thư điện tử" in problem["detail"]

    unknown = await voice.client.post(
        "/v1/feedback",
        json=about_procedure(procedure_code="9.999999"),
        headers=voice.citizen() | {"Accept-Language": "en"},
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "feedback_target_unknown"
    assert (
        unknown.json()["errors"][0]["field"] == "procedure_code" and "catalogue" in unknown.json()["detail"]
    )

    missing = await voice.client.post(
        "/v1/feedback", json={"target": "agency", "title": "x", "content": "y"}, headers=voice.citizen()
    )
    assert missing.status_code == 422 and missing.json()["code"] == "validation_failed"

    # Only an agency's official records feedback that came by phone, and only for their agency.
    phone = about_procedure(channel="phone", contact={"name": "Lê Văn Ba", "phone": "0912000111"})
    citizen_phone = await voice.client.post("/v1/feedback", json=phone, headers=voice.citizen())
    assert citizen_phone.status_code == 403 and citizen_phone.json()["code"] == "feedback_channel_not_allowed"
    other_agency = await voice.client.post("/v1/feedback", json=phone, headers=voice.officer(SO_TU_PHAP))
    assert other_agency.status_code == 403
    after = len((await voice.ok("GET", "/v1/feedback", headers=officer, params={"limit": 100}))["items"])
    assert after == before

    recorded = await submit(voice, phone, officer)
    assert recorded["channel"] == "phone" and recorded["submitter"] == {
        "subject": None,
        "name": "Lê Văn Ba",
        "email": None,
        "phone": "0912000111",
    }


async def test_feedback_without_an_account_is_rate_limited_per_address_and_per_contact(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    contact = {"name": "Trần Thị Bình", "email": f"binh-{uuid.uuid4().hex[:6]}@example.vn"}
    address = voice.from_address("203.0.113.10")
    for _ in range(3):
        await submit(voice, about_procedure(contact=contact), address)
    limited = await voice.client.post("/v1/feedback", json=about_procedure(contact=contact), headers=address)
    assert limited.status_code == 429 and limited.json()["code"] == "feedback_rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    # Another address may still write, until the same contact has written 4 times a day.
    elsewhere = voice.from_address("203.0.113.11")
    await submit(voice, about_procedure(contact=contact), elsewhere)
    per_contact = await voice.client.post(
        "/v1/feedback", json=about_procedure(contact=contact), headers=elsewhere
    )
    assert per_contact.status_code == 429
    # A signed-in citizen is not held by the address's limit.
    await submit(voice, about_procedure(), voice.citizen() | address)


async def test_r_fb_4_only_an_official_of_the_routed_agency_sees_and_answers_it(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    citizen = voice.citizen()
    created = await submit(voice, about_procedure(), citizen)
    url = f"/v1/feedback/{created['id']}"
    for stranger in (voice.citizen(), voice.officer(SO_TU_PHAP)):
        assert (await voice.client.get(url, headers=stranger)).status_code == 404
    wrong_agency = await voice.client.post(
        f"{url}/answer", json={"answer": "Đã xử lý."}, headers=voice.officer(SO_TU_PHAP)
    )
    assert wrong_agency.status_code == 404 and wrong_agency.json()["code"] == "feedback_not_found"
    catalog_admin = await voice.client.post(
        f"{url}/answer",
        json={"answer": "Đã xử lý."},
        headers=voice.officer(BHXH_QN, roles=("catalog_admin",)),
    )
    assert catalog_admin.status_code == 403 and catalog_admin.json()["code"] == "not_feedback_handler"
    by_citizen = await voice.client.post(f"{url}/answer", json={"answer": "Tự trả lời"}, headers=citizen)
    assert by_citizen.status_code == 403
    unchanged = await voice.ok("GET", url, headers=citizen)
    assert unchanged["status"] == "received" and unchanged["answer"] is None


async def test_r_fb_4_the_answer_records_who_when_and_whether_on_time_and_tells_the_submitter(
    voice: Voice,
) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    contact = {"name": "Đỗ Văn Cường", "email": "cuong@example.vn", "phone": "0987654321"}
    on_time = await submit(voice, about_procedure(contact=contact), voice.from_address("203.0.113.40"))
    late_citizen = voice.citizen()
    late = await submit(voice, about_procedure(), late_citizen)
    head = voice.officer(BHXH_QN, roles=("agency_leader",), name="Vũ Văn Lãnh")
    desk_subject = f"officer-{uuid.uuid4()}"
    desk = voice.officer(BHXH_QN, subject=desk_subject, name="Phạm Thị Tiếp Nhận")

    voice.clock.set(datetime(2026, 5, 6, 16, 0, tzinfo=VN))  # the due date itself
    answered = await voice.ok(
        "POST",
        f"/v1/feedback/{on_time['id']}/answer",
        json={"answer": "Sổ đã được cấp ngày 5/5."},
        headers=desk,
    )
    assert answered["status"] == "answered" and answered["answer"]["on_time"] is True
    assert (
        answered["answer"]["answered_by"] == desk_subject
        and answered["answer"]["answered_by_name"] == "Phạm Thị Tiếp Nhận"
    )
    assert [h["action"] for h in answered["history"]][-1] == "answered"
    again = await voice.client.post(
        f"/v1/feedback/{on_time['id']}/answer", json={"answer": "Lần hai"}, headers=desk
    )
    assert again.status_code == 409 and again.json()["code"] == "feedback_already_answered"

    voice.clock.set(datetime(2026, 5, 8, 9, 0, tzinfo=VN))  # Friday: Thu 7 and Fri 8 are past the due date
    answered_late = await voice.ok(
        "POST", f"/v1/feedback/{late['id']}/answer", json={"answer": "Xin lỗi vì chậm."}, headers=desk
    )
    assert answered_late["answer"]["on_time"] is False and answered_late["answer"]["working_days_late"] == 2
    # The submitter sees who answered by name, not the official's account.
    seen = await voice.ok("GET", f"/v1/feedback/{late['id']}", headers=late_citizen)
    assert (
        seen["answer"]["answered_by"] is None and seen["answer"]["answered_by_name"] == "Phạm Thị Tiếp Nhận"
    )

    events = await voice.events(
        FEEDBACK_TOPIC,
        lambda e: e.type == FEEDBACK_ANSWERED and e.data["feedback_id"] in (on_time["id"], late["id"]),
        count=2,
    )
    by_id = {e.data["feedback_id"]: e.data for e in events}
    assert by_id[on_time["id"]]["on_time"] is True and by_id[on_time["id"]]["answered_by"] == desk_subject
    # Only a submitter without an account has their contact carried, for notify to reach them.
    assert (
        by_id[on_time["id"]]["contact_email"] == "cuong@example.vn"
        and by_id[on_time["id"]]["submitter_subject"] is None
    )
    assert by_id[late["id"]]["contact_email"] is None and by_id[late["id"]]["submitter_subject"]
    assert by_id[late["id"]]["working_days_late"] == 2

    report = await voice.ok(
        "GET",
        "/v1/feedback/accountability",
        params={"agency_code": BHXH_QN, "from": "2026-04-29", "to": "2026-04-29"},
        headers=head,
    )
    officer = next(o for o in report["officers"] if o["subject"] == desk_subject)
    assert officer == {
        "subject": desk_subject,
        "name": "Phạm Thị Tiếp Nhận",
        "answered": 2,
        "on_time": 1,
        "late": 1,
    }
    assert report["answered_on_time"] >= 1 and report["answered_late"] >= 1
    assert report["received"] == report["answered"] + report["pending"]
    denied = await voice.client.get(
        "/v1/feedback/accountability", params={"agency_code": BHXH_QN}, headers=desk
    )
    assert denied.status_code == 403 and denied.json()["code"] == "not_feedback_supervisor"


async def test_r_fb_4_published_only_with_consent_and_without_personal_data(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    citizen = voice.citizen(name="Nguyễn Thị Hoa")
    content = "Tôi là Nguyễn Thị Hoa (0912345678), hồ sơ nộp hôm 20/4 vì sao phải nộp bản sao chứng thực?"
    no_consent = await submit(voice, about_procedure(content=content), citizen)
    consent = await submit(voice, about_procedure(content=content, publish_consent=True), citizen)
    desk = voice.officer(BHXH_QN)

    refused = await voice.client.post(
        f"/v1/feedback/{no_consent['id']}/answer",
        json={"answer": "Không cần bản sao.", "publish": True},
        headers=desk,
    )
    assert refused.status_code == 409 and refused.json()["code"] == "publication_without_consent"
    assert (await voice.ok("GET", f"/v1/feedback/{no_consent['id']}", headers=desk))["status"] == "received"
    await voice.ok(
        "POST", f"/v1/feedback/{no_consent['id']}/answer", json={"answer": "Không cần bản sao."}, headers=desk
    )
    not_consented = await voice.client.put(
        f"/v1/feedback/{no_consent['id']}/publication", json={"published": True}, headers=desk
    )
    assert not_consented.status_code == 409

    answer = "Chào bà Nguyễn Thị Hoa, theo Nghị định 45/2020 chỉ cần bản chụp; liên hệ 0203 3835 999."
    published = await voice.ok(
        "POST", f"/v1/feedback/{consent['id']}/answer", json={"answer": answer, "publish": True}, headers=desk
    )
    assert published["published"] and published["public_url"] == f"/v1/feedback/public/{consent['id']}"
    public = await voice.ok("GET", "/v1/feedback/public", params={"procedure_code": SO_BHXH})
    assert [q["id"] for q in public["items"]].count(consent["id"]) == 1
    assert no_consent["id"] not in [q["id"] for q in public["items"]]
    shown = await voice.ok("GET", f"/v1/feedback/public/{consent['id']}")
    text = str(shown)
    assert "Nguyễn Thị Hoa" not in text and "0912345678" not in text and "3835" not in text
    assert "bản sao chứng thực" in shown["question"] and "Nghị định 45/2020" in shown["answer"]
    assert not {"submitter", "contact_email", "dossier_code", "answered_by"} & set(shown)
    assert (await voice.client.get(f"/v1/feedback/public/{no_consent['id']}")).status_code == 404

    # The submitter withdraws consent: it leaves the public Q&A at once.
    withdrawn = await voice.ok(
        "PUT", f"/v1/feedback/{consent['id']}/consent", json={"publish_consent": False}, headers=citizen
    )
    assert withdrawn["published"] is False and withdrawn["history"][-1]["action"] == "unpublished"
    assert (await voice.client.get(f"/v1/feedback/public/{consent['id']}")).status_code == 404
    officer_consent = await voice.client.put(
        f"/v1/feedback/{consent['id']}/consent", json={"publish_consent": True}, headers=desk
    )
    assert officer_consent.status_code == 403


async def test_r_fb_4_forwarded_to_the_competent_agency_with_its_own_deadline(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    citizen = voice.citizen()
    created = await submit(voice, about_procedure(), citizen)
    bhxh = voice.officer(BHXH_QN)
    same = await voice.client.post(
        f"/v1/feedback/{created['id']}/forward", json={"agency_code": BHXH_QN, "reason": "x"}, headers=bhxh
    )
    assert same.status_code == 422 and same.json()["code"] == "forward_to_same_agency"

    voice.clock.set(datetime(2026, 5, 4, 9, 0, tzinfo=VN))  # Monday
    forwarded = await voice.ok(
        "POST",
        f"/v1/feedback/{created['id']}/forward",
        json={"agency_code": SO_TU_PHAP, "reason": "Nội dung về chứng thực bản sao"},
        headers=bhxh,
    )
    # Sở Tư pháp's 3 working days from Monday 4/5 skip its own day off (Tue 5): Wed 6, Thu 7, Fri 8.
    assert forwarded["agency_code"] == SO_TU_PHAP and forwarded["due_date"] == "2026-05-08"
    assert (await voice.client.get(f"/v1/feedback/{created['id']}", headers=bhxh)).status_code == 404
    seen = await voice.ok("GET", f"/v1/feedback/{created['id']}", headers=voice.officer(SO_TU_PHAP))
    assert seen["history"][-1]["action"] == "forwarded" and seen["history"][-1]["actor_subject"]
    mine = await voice.ok("GET", f"/v1/feedback/{created['id']}", headers=citizen)
    assert mine["history"][-1]["actor_subject"] is None and mine["agency_code"] == SO_TU_PHAP
    events = await voice.events(
        FEEDBACK_TOPIC, lambda e: e.type == FEEDBACK_FORWARDED and e.data["feedback_id"] == created["id"]
    )
    assert events[0].data["from_agency_code"] == BHXH_QN and events[0].data["agency_code"] == SO_TU_PHAP
