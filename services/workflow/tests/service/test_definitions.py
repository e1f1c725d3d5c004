"""Process definitions as data (R-PROC-2/5/6/9): validated against the rules and the published time limit,
versioned (one in force per procedure version, instances keep theirs), managed by the agency's admins."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from services.workflow.tests.service.support import (
    CITY,
    FINANCE_DEPT,
    JUSTICE_DEPT,
    MINISTRY,
    PROVINCE,
    WARD,
    Workflow,
    local,
)

BASE: dict[str, Any] = {
    "agency_code": CITY,
    "procedure_code": "1.009994",  # giấy phép xây dựng, 15 working days
    "procedure_version": 1,
    "name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "route": "single",
    "legal_limit_days": 15,
    "stages": [
        {
            "agency_code": CITY,
            "limit_days": 15,
            "steps": [
                {
                    "code": "tham_dinh",
                    "kind": "appraisal",
                    "title": "Thẩm định",
                    "role": "specialist",
                    "working_days": 10,
                },
                {
                    "code": "xac_minh",
                    "kind": "verification",
                    "title": "Kiểm tra hiện trạng",
                    "role": "specialist",
                    "working_days": 2,
                },
                {
                    "code": "lanh_dao",
                    "kind": "approval",
                    "title": "Phê duyệt",
                    "role": "agency_leader",
                    "working_days": 2,
                },
                {
                    "code": "ket_qua",
                    "kind": "result",
                    "title": "Cấp giấy phép",
                    "role": "specialist",
                    "working_days": 1,
                },
            ],
        }
    ],
}


def admin(wf: Workflow, agency: str = CITY) -> dict[str, str]:
    return wf.tokens.headers(f"admin-{agency}", kind="official", roles=["agency_admin"], agencies=[agency])


def changed(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(BASE)
    body.update(changes)
    return body


async def problems(wf: Workflow, body: dict[str, Any], **headers: str) -> list[tuple[str, str]]:
    response = await wf.client.post(
        "/v1/process-definitions", json=body, headers={**admin(wf, body["agency_code"]), **headers}
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "process_definition_invalid"
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


async def test_definitions_are_checked_against_the_rules(wf: Workflow) -> None:
    over = changed()
    over["stages"][0]["steps"][0]["working_days"] = 11
    assert await problems(wf, over) == [("stages.0.steps", "steps_exceed_stage_limit")]

    mismatch = changed(legal_limit_days=20)
    mismatch["stages"][0]["limit_days"] = 20
    assert ("legal_limit_days", "legal_limit_mismatch") in await problems(wf, mismatch)

    roles = changed()
    roles["stages"][0]["steps"][2]["role"] = "specialist"
    found = await problems(wf, roles)
    assert ("stages.0.steps.2.role", "role_not_allowed") in found
    assert ("stages.0.steps", "leader_approval_required") in found

    no_result = changed()
    no_result["stages"][0]["steps"] = no_result["stages"][0]["steps"][:3]
    assert ("stages.0.steps", "result_step_last") in await problems(wf, no_result)

    elsewhere = changed()
    elsewhere["stages"][0]["agency_code"] = FINANCE_DEPT
    assert ("stages.0.agency_code", "first_stage_not_receiving_agency") in await problems(wf, elsewhere)

    # Sequential: the stages' limits within the legal limit; the other agencies' parts end with approval.
    chain = changed(route="sequential")
    part = {
        "agency_code": FINANCE_DEPT,
        "task": "Ý kiến",
        "limit_days": 3,
        "steps": [
            {
                "code": "tc_tham_dinh",
                "kind": "appraisal",
                "title": "Thẩm định",
                "role": "specialist",
                "working_days": 2,
            },
            {
                "code": "tc_duyet",
                "kind": "approval",
                "title": "Duyệt",
                "role": "unit_head",
                "working_days": 1,
            },
        ],
    }
    chain["stages"] = [part | {"agency_code": CITY}, chain["stages"][0] | {"agency_code": FINANCE_DEPT}]
    found = await problems(wf, chain)
    assert ("stages", "stages_exceed_legal_limit") in found
    assert ("stages.0.steps.0.code", "duplicate_step_code") not in found

    # Cross-level: to a higher administrative level only (a ward is lower than a city).
    down = changed(route="cross_level")
    down["stages"] = [
        {**part, "agency_code": CITY, "limit_days": 3},
        {
            **BASE["stages"][0],
            "agency_code": WARD,
            "limit_days": 12,
            "steps": [{**s, "working_days": min(s["working_days"], 3)} for s in BASE["stages"][0]["steps"]],
        },
    ]
    assert ("stages.1.agency_code", "not_higher_level") in await problems(wf, down)
    up = copy.deepcopy(down)
    up["stages"][1]["agency_code"] = PROVINCE
    created = await wf.client.post("/v1/process-definitions", json=up, headers=admin(wf))
    assert created.status_code == 201, created.text

    # Parallel: exactly one lead, and no part longer than the lead's limit.
    parallel = changed(route="parallel")
    parallel["stages"] = [BASE["stages"][0], {**part, "limit_days": 16}]
    found = await problems(wf, parallel)
    assert ("stages", "one_lead_required") in found
    assert ("stages.1.limit_days", "stage_exceeds_legal_limit") in found

    unknown = changed()
    unknown["stages"][0]["steps"][0]["unit_code"] = "000.77.31.H49"
    assert ("stages.0.steps.0.unit_code", "unknown_agency") in await problems(wf, unknown)
    outside = changed()
    outside["stages"][0]["steps"][0]["unit_code"] = JUSTICE_DEPT
    assert ("stages.0.steps.0.unit_code", "unit_not_in_agency") in await problems(wf, outside)

    # In English on request; shapes refused before any rule (half days only, known kinds).
    english = await wf.client.post(
        "/v1/process-definitions", json=over, headers={**admin(wf), "Accept-Language": "en"}
    )
    assert "more than the stage's limit of 15" in english.json()["errors"][0]["message"]
    shape = changed()
    shape["stages"][0]["steps"][0]["working_days"] = 1.25
    shape["stages"][0]["steps"][1]["kind"] = "coffee"
    bad = await wf.client.post("/v1/process-definitions", json=shape, headers=admin(wf))
    assert bad.status_code == 422 and bad.json()["code"] == "validation_failed"
    assert {e["field"] for e in bad.json()["errors"]} == {
        "stages.0.steps.0.working_days",
        "stages.0.steps.1.kind",
    }


async def test_only_the_agencys_admins_manage_its_definitions(wf: Workflow) -> None:
    specialist = wf.tokens.headers("sp", kind="official", roles=["specialist"], agencies=[CITY])
    assert (await wf.client.post("/v1/process-definitions", json=BASE, headers=specialist)).status_code == 403
    other = await wf.client.post("/v1/process-definitions", json=BASE, headers=admin(wf, MINISTRY))
    assert other.status_code == 403 and other.json()["code"] == "not_definition_admin"
    created = await wf.client.post("/v1/process-definitions", json=BASE, headers=admin(wf))
    assert created.status_code == 201
    url = f"/v1/process-definitions/{created.json()['id']}"
    stranger = wf.tokens.headers("x", kind="official", roles=["agency_admin"], agencies=[MINISTRY])
    assert (await wf.client.get(url, headers=stranger)).status_code == 404
    assert (await wf.client.get(url, headers=specialist)).status_code == 200
    # Edits need the ETag.
    fields = ("name", "route", "legal_limit_days", "stages")
    content = {k: v for k, v in changed(name="Mới").items() if k in fields}
    assert (await wf.client.put(url, json=content, headers=admin(wf))).status_code == 428
    stale = await wf.client.put(url, json=content, headers={**admin(wf), "If-Match": '"9"'})
    assert stale.status_code == 412
    edited = await wf.client.put(
        url, json=content, headers={**admin(wf), "If-Match": created.headers["etag"]}
    )
    assert edited.status_code == 200 and edited.json()["name"] == "Mới"


async def test_activation_keeps_one_in_force_and_instances_keep_theirs(wf: Workflow) -> None:
    procedure = {"procedure_code": "1.001612", "legal_limit_days": 3}

    def plan(first_step: str) -> dict[str, Any]:
        return changed(
            **procedure,
            stages=[
                {
                    "agency_code": CITY,
                    "limit_days": 3,
                    "steps": [
                        {
                            "code": "tham_dinh",
                            "kind": "appraisal",
                            "title": first_step,
                            "role": "specialist",
                            "working_days": 2,
                        },
                        {
                            "code": "lanh_dao",
                            "kind": "approval",
                            "title": "Phê duyệt",
                            "role": "agency_leader",
                            "working_days": 0.5,
                        },
                        {
                            "code": "ket_qua",
                            "kind": "result",
                            "title": "Kết quả",
                            "role": "specialist",
                            "working_days": 0.5,
                        },
                    ],
                }
            ],
        )

    async def create_and_activate(body: dict[str, Any]) -> dict[str, Any]:
        created = await wf.client.post("/v1/process-definitions", json=body, headers=admin(wf))
        assert created.status_code == 201, created.text
        active = await wf.client.post(
            f"/v1/process-definitions/{created.json()['id']}/activate",
            headers={**admin(wf), "If-Match": created.headers["etag"]},
        )
        assert active.status_code == 200, active.text
        return active.json()  # type: ignore[no-any-return]

    first = await create_and_activate(plan("Thẩm định (bản 1)"))
    assert first["revision"] == 1 and first["status"] == "active"
    old = await wf.receive(
        agency=CITY,
        procedure_code="1.001612",
        received_at=local(2026, 3, 2, 9),
        appointment_date=date(2026, 3, 5),
    )
    second = await create_and_activate(plan("Thẩm định (bản 2)"))
    assert second["revision"] == 2
    listed = await wf.client.get(
        "/v1/process-definitions", params={"procedure_code": "1.001612"}, headers=admin(wf)
    )
    assert {d["revision"]: d["status"] for d in listed.json()["items"]} == {1: "retired", 2: "active"}
    new = await wf.receive(
        agency=CITY,
        procedure_code="1.001612",
        received_at=local(2026, 3, 2, 9, 5),
        appointment_date=date(2026, 3, 5),
    )
    assert old["definition_id"] == first["id"] and old["open_tasks"][0]["title"] == "Thẩm định (bản 1)"
    assert new["definition_id"] == second["id"] and new["open_tasks"][0]["title"] == "Thẩm định (bản 2)"
    # An active definition is not edited in place.
    again = await wf.client.post(
        f"/v1/process-definitions/{second['id']}/activate",
        headers={**admin(wf), "If-Match": f'"{second["version"]}"'},
    )
    assert again.status_code == 409 and again.json()["code"] == "process_definition_not_draft"
