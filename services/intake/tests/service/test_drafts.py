"""Drafts (issue 6 scope 1): a citizen starts a dossier for the procedure in force, pre-filled from what the
administration knows (R-CAT-4, R-ID-2), saves it in parts under ETag/If-Match, and sees every field
problem in Vietnamese (English on request). Nobody else sees a draft."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from intake.dossiers.models import Dossier, DossierHistory
from servicekit.app import runtime_of
from servicekit.documents.testing import pdf_text
from services.intake.tests.support import BHXH_QN, DEMO_CITIZEN, SO_BHXH, Suite, idem

FORM = "TK1-TS"


async def dossiers_of(suite: Suite, subject: str) -> int:
    async with runtime_of(suite.app).db.transaction() as session:
        count = await session.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.applicant_subject == subject)
        )
    return int(count or 0)


async def new_draft(suite: Suite, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await suite.client.post(
        "/v1/dossiers", json={"procedure_code": SO_BHXH} | body, headers=headers | idem()
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_a_draft_is_prefilled_from_the_applicants_profile(suite: Suite) -> None:
    subject = await suite.identity.account_id(DEMO_CITIZEN)
    headers = suite.citizen(subject, name="Nguyễn Văn An")
    response = await suite.client.post(
        "/v1/dossiers", json={"procedure_code": SO_BHXH}, headers=headers | idem()
    )
    assert response.status_code == 201, response.text
    draft = response.json()
    assert response.headers["location"] == f"/v1/dossiers/{draft['id']}"
    assert response.headers["etag"] == f'"{draft["version"]}"'
    assert draft["status"]["value"] == "draft" and draft["code"] is None
    # R-CAT-5: filed under the version in force, with its name and deciding agency.
    assert draft["procedure"] == {"code": SO_BHXH, "version": 1, "name": draft["procedure"]["name"]}
    assert draft["procedure"]["name"].startswith("Cấp lại, đổi, điều chỉnh thông tin trên sổ bảo hiểm xã hội")
    assert draft["agency"]["code"] == BHXH_QN
    # R-CAT-4 / R-ID-2: what the profile holds is filled in, not typed again.
    person = draft["forms"][FORM]["nguoi_yeu_cau"]
    assert person == {
        "ho_ten": "Nguyễn Văn An",
        "so_dinh_danh": "001090012345",
        "ngay_sinh": "1990-05-17",
        "noi_cu_tru": "Số 1 Tràng Tiền, phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội",
        "dien_thoai": "0912345678",
        "email": "an.nguyen@example.vn",
    }
    # What only the applicant knows is still missing, field by field, in Vietnamese.
    problems = {e["field"]: e["message"] for e in draft["form_errors"]}
    assert problems == {
        f"forms.{FORM}.ma_so_bhxh": "Trường này là bắt buộc.",
        f"forms.{FORM}.noi_dung": "Trường này là bắt buộc.",
    }

    offered = await suite.client.get(f"/v1/dossiers/{draft['id']}/prefill", headers=headers)
    assert offered.status_code == 200
    by_path = {(i["path"], i["source"]): i for i in offered.json()["items"]}
    assert by_path[("nguoi_yeu_cau.so_dinh_danh", "profile")]["value"] == "001090012345"
    assert by_path[("nguoi_yeu_cau.so_dinh_danh", "profile")]["label"] == "Thông tin tài khoản"


async def test_nothing_is_prefilled_when_the_applicant_asks_so(suite: Suite) -> None:
    subject = await suite.identity.account_id(DEMO_CITIZEN)
    draft = await new_draft(suite, suite.citizen(subject), prefill=False)
    assert draft["forms"] == {}


async def test_partial_saves_need_the_current_etag(suite: Suite) -> None:
    headers = suite.citizen()
    draft = await new_draft(suite, headers, prefill=False)
    path = f"/v1/dossiers/{draft['id']}"
    data = {"forms": {FORM: {"ma_so_bhxh": "12345", "noi_dung": "Cấp lại sổ"}}}

    missing = await suite.client.patch(path, json=data, headers=headers)
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    first = await suite.client.patch(path, json=data, headers=headers | {"If-Match": '"1"'})
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"2"'
    # Saved even though not valid yet: each problem is named with its field (R-CAT-4).
    problems = {e["field"]: (e["code"], e["message"]) for e in first.json()["form_errors"]}
    assert problems[f"forms.{FORM}.ma_so_bhxh"] == ("pattern", "Không đúng định dạng.")
    assert problems[f"forms.{FORM}.nguoi_yeu_cau"] == ("required", "Trường này là bắt buộc.")

    # Someone else saved meanwhile (another tab): the stale ETag is refused and nothing changes.
    stale = await suite.client.patch(
        path, json={"forms": {FORM: {"ly_do": "mất sổ"}}}, headers=headers | {"If-Match": '"1"'}
    )
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    again = (await suite.client.get(path, headers=headers)).json()
    assert again["forms"][FORM] == data["forms"][FORM]
    assert again["version"] == 2

    english = await suite.client.patch(
        path,
        json={"forms": {FORM: {"ma_so_bhxh": "0123456789", "noi_dung": "Sổ mới"}}},
        headers=headers | {"If-Match": '"2"', "Accept-Language": "en"},
    )
    messages = {e["field"]: e["message"] for e in english.json()["form_errors"]}
    assert messages[f"forms.{FORM}.noi_dung"] == "Must be one of the allowed values."
    assert f"forms.{FORM}.ma_so_bhxh" not in messages


async def test_unknown_forms_and_bad_shapes_are_refused_and_change_nothing(suite: Suite) -> None:
    headers = suite.citizen()
    draft = await new_draft(suite, headers, prefill=False)
    path = f"/v1/dossiers/{draft['id']}"
    for body, field in (
        ({"forms": {"TK-KHAC": {"a": 1}}}, "forms.TK-KHAC"),
        ({"forms": {FORM: ["not", "an", "object"]}}, f"forms.{FORM}"),
        ({"result_channel": "pigeon"}, "result_channel"),
        ({"surprise": True}, "surprise"),
    ):
        response = await suite.client.patch(path, json=body, headers=headers | {"If-Match": '"1"'})
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in {e["field"] for e in response.json()["errors"]}, response.json()
    assert (await suite.client.get(path, headers=headers)).json()["version"] == 1


async def test_only_the_applicant_sees_and_changes_a_draft(suite: Suite) -> None:
    owner = suite.citizen()
    draft = await new_draft(suite, owner, prefill=False)
    path = f"/v1/dossiers/{draft['id']}"
    # An officer of the deciding agency sees dossiers once filed, never a draft.
    for outsider in (suite.citizen(), suite.officer(BHXH_QN), suite.citizen(kind="organisation")):
        seen = await suite.client.get(path, headers=outsider)
        assert seen.status_code == 404 and seen.json()["code"] == "dossier_not_found"
        changed = await suite.client.patch(
            path, json={"forms": {FORM: {"ly_do": "x"}}}, headers=outsider | {"If-Match": '"1"'}
        )
        assert changed.status_code in (403, 404), changed.text
        assert (await suite.client.get(f"{path}/history", headers=outsider)).status_code == 404
    assert (await suite.client.get(path, headers=owner)).json()["version"] == 1
    mine = (await suite.client.get("/v1/dossiers", headers=owner)).json()["items"]
    assert [d["id"] for d in mine] == [draft["id"]]


async def test_a_draft_is_deleted_with_its_etag_and_leaves_nothing(suite: Suite) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    headers = suite.citizen(subject)
    draft = await new_draft(suite, headers, prefill=False)
    path = f"/v1/dossiers/{draft['id']}"
    assert (await suite.client.delete(path, headers=headers)).status_code == 428
    assert (await suite.client.delete(path, headers=headers | {"If-Match": '"1"'})).status_code == 204
    assert (await suite.client.get(path, headers=headers)).status_code == 404
    assert await dossiers_of(suite, subject) == 0


async def test_procedures_that_take_no_such_dossier_are_refused(suite: Suite) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    headers = suite.citizen(subject)
    cases: list[tuple[dict[str, Any], dict[str, str], str]] = [
        ({"procedure_code": "9.999999"}, headers, "procedure_unavailable"),
        ({"procedure_code": SO_BHXH, "procedure_version": 7}, headers, "procedure_unavailable"),
        ({"procedure_code": SO_BHXH, "agency_code": "000.00.00.G12"}, headers, "dossier_invalid"),
        # R-CAT-2: a level-1 procedure is information only; nothing is filed online.
        ({"procedure_code": "2.000815.000.01.31.H49"}, headers, "applicant_not_admitted"),
        # The household business registration is for citizens (applicant_kinds).
        ({"procedure_code": "1.001612"}, suite.citizen(kind="organisation"), "applicant_not_admitted"),
    ]
    for body, who, code in cases:
        response = await suite.client.post("/v1/dossiers", json=body, headers=who | idem())
        assert response.status_code == 422, (body, response.text)
        assert response.json()["code"] == code, (body, response.json())
    assert await dossiers_of(suite, subject) == 0


async def test_creating_a_draft_takes_an_idempotency_key_and_replays(suite: Suite) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    headers = suite.citizen(subject)
    missing = await suite.client.post("/v1/dossiers", json={"procedure_code": SO_BHXH}, headers=headers)
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_required"
    key = idem()
    first = await suite.client.post("/v1/dossiers", json={"procedure_code": SO_BHXH}, headers=headers | key)
    again = await suite.client.post("/v1/dossiers", json={"procedure_code": SO_BHXH}, headers=headers | key)
    assert first.json()["id"] == again.json()["id"] and again.headers["idempotent-replayed"] == "true"
    other = await suite.client.post(
        "/v1/dossiers", json={"procedure_code": SO_BHXH, "prefill": False}, headers=headers | key
    )
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert await dossiers_of(suite, subject) == 1


async def test_validation_lists_everything_missing_at_once(suite: Suite) -> None:
    headers = suite.citizen()
    draft = await new_draft(suite, headers, prefill=False)
    result = (await suite.client.get(f"/v1/dossiers/{draft['id']}/validation", headers=headers)).json()
    assert result["complete"] is False
    # The e-form (TK1-TS) is required; the attachment TP2 is only needed in some cases.
    assert [(e["field"], e["code"]) for e in result["errors"]] == [(f"forms.{FORM}", "form_missing")]
    assert result["errors"][0]["message"].startswith("Chưa khai tờ khai: Tờ khai tham gia")


async def test_every_change_is_in_the_history(suite: Suite) -> None:
    headers = suite.citizen(name="Trần Văn Bảo")
    draft = await new_draft(suite, headers, prefill=False)
    path = f"/v1/dossiers/{draft['id']}"
    await suite.client.patch(
        path, json={"forms": {FORM: {"ly_do": "mất sổ"}}}, headers=headers | {"If-Match": '"1"'}
    )
    entries = (await suite.client.get(f"{path}/history", headers=headers)).json()["items"]
    assert [(e["action"], e["to_status"], e["actor_name"]) for e in entries] == [
        ("draft_created", "draft", "Trần Văn Bảo"),
        ("forms_saved", None, "Trần Văn Bảo"),
    ]
    async with runtime_of(suite.app).db.transaction() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(DossierHistory)
            .where(DossierHistory.dossier_id == uuid.UUID(draft["id"]))
        )
    assert count == 2


async def test_the_entered_data_can_be_printed(suite: Suite) -> None:
    # R-CAT-4: the user can save or print what was entered, labelled as the form labels it.
    headers = suite.citizen(name="Nguyễn Thị Mai")
    draft = await new_draft(
        suite,
        headers,
        prefill=False,
        forms={
            FORM: {
                "nguoi_yeu_cau": {"ho_ten": "Nguyễn Thị Mai", "ngay_sinh": "1988-04-09"},
                "ma_so_bhxh": "0123456789",
            }
        },
    )
    printed = await suite.client.get(f"/v1/dossiers/{draft['id']}/forms/{FORM}/printout", headers=headers)
    assert printed.status_code == 200 and printed.headers["content-type"] == "application/pdf"
    text = pdf_text(printed.content)
    assert "Nguyễn Thị Mai" in text and "Mã số bảo hiểm xã hội" in text and "0123456789" in text
    assert "09/04/1988" in text and "(chưa nhập)" in text
    again = await suite.client.get(f"/v1/dossiers/{draft['id']}/forms/{FORM}/printout", headers=headers)
    assert again.content == printed.content  # the same version prints the same bytes
    assert (
        await suite.client.get(f"/v1/dossiers/{draft['id']}/forms/TK-X/printout", headers=headers)
    ).status_code == 404
    assert (
        await suite.client.get(f"/v1/dossiers/{draft['id']}/forms/{FORM}/printout", headers=suite.citizen())
    ).status_code == 404


async def test_text_that_cannot_be_printed_is_refused(suite: Suite) -> None:
    headers = suite.citizen()
    draft = await new_draft(suite, headers, prefill=False)
    response = await suite.client.patch(
        f"/v1/dossiers/{draft['id']}",
        json={"forms": {FORM: {"ly_do": "mất\x07 sổ"}}},
        headers=headers | {"If-Match": '"1"'},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": f"forms.{FORM}.ly_do",
            "code": "unprintable",
            "message": "Có ký tự điều khiển không in được; hãy gõ lại nội dung.",
        }
    ]
