"""Pure rules of process definitions (R-PROC-2/5/6/9)."""

from __future__ import annotations

from typing import Any

from workflow.definitions.content import DefinitionContent
from workflow.definitions.rules import KnownAgency, problems

AGENCIES = {
    "000.00.00.H49": KnownAgency("000.00.00.H49", None, "province"),
    "000.00.31.H49": KnownAgency("000.00.31.H49", "000.00.00.H49", "district"),
    "000.01.31.H49": KnownAgency("000.01.31.H49", "000.00.31.H49", "commune"),
    "000.00.05.H49": KnownAgency("000.00.05.H49", "000.00.00.H49", "province"),
    "000.00.11.H49": KnownAgency("000.00.11.H49", "000.00.00.H49", "province"),
    "001.00.31.H49": KnownAgency("001.00.31.H49", "000.00.31.H49", None),
}


def step(code: str, kind: str, role: str, days: float, **extra: Any) -> dict[str, Any]:
    return {"code": code, "kind": kind, "title": code, "role": role, "working_days": days, **extra}


def deciding(prefix: str, days: float) -> list[dict[str, Any]]:
    return [
        step(f"{prefix}1", "appraisal", "specialist", days - 1),
        step(f"{prefix}2", "approval", "agency_leader", 0.5),
        step(f"{prefix}3", "result", "specialist", 0.5),
    ]


def part(prefix: str, days: float) -> list[dict[str, Any]]:
    return [
        step(f"{prefix}1", "appraisal", "specialist", days - 1),
        step(f"{prefix}2", "approval", "unit_head", 1),
    ]


def codes(
    content: dict[str, Any], receiving: str = "000.00.31.H49", limit: int | None = None
) -> set[tuple[str, str]]:
    found = problems(
        DefinitionContent.model_validate(content),
        receiving_agency=receiving,
        published_limit=limit,
        agencies=AGENCIES,
    )
    return {(e["field"], e["code"]) for e in found}


def test_a_single_agency_definition_within_its_limit_is_valid() -> None:
    content = {
        "name": "x",
        "legal_limit_days": 3,
        "stages": [{"agency_code": "000.00.31.H49", "limit_days": 3, "steps": deciding("a", 3)}],
    }
    assert codes(content, limit=3) == set()
    assert codes(content, limit=5) == {("legal_limit_days", "legal_limit_mismatch")}


def test_a_unit_of_the_stage_agency_may_take_a_step() -> None:
    steps = deciding("a", 3)
    steps[0]["unit_code"] = "001.00.31.H49"  # a division of the city
    content = {
        "name": "x",
        "legal_limit_days": 3,
        "stages": [{"agency_code": "000.00.31.H49", "limit_days": 3, "steps": steps}],
    }
    assert codes(content) == set()
    steps[0]["unit_code"] = "000.00.05.H49"
    assert codes(content) == {("stages.0.steps.0.unit_code", "unit_not_in_agency")}


def test_r_proc_5_sequential_stages_fit_the_legal_limit() -> None:
    content = {
        "name": "x",
        "route": "sequential",
        "legal_limit_days": 10,
        "stages": [
            {"agency_code": "000.00.11.H49", "limit_days": 3, "steps": part("a", 3)},
            {"agency_code": "000.00.05.H49", "limit_days": 3, "steps": part("b", 3)},
            {"agency_code": "000.00.31.H49", "limit_days": 5, "steps": deciding("c", 5)},
        ],
    }
    assert codes(content, receiving="000.00.11.H49") == {("stages", "stages_exceed_legal_limit")}
    content["stages"][2]["limit_days"] = 4
    content["stages"][2]["steps"] = deciding("c", 4)
    assert codes(content, receiving="000.00.11.H49") == set()
    assert ("stages.0.agency_code", "first_stage_not_receiving_agency") in codes(
        content, receiving="000.00.05.H49"
    )


def test_r_proc_5_parallel_needs_one_lead_and_parts_within_its_limit() -> None:
    content = {
        "name": "x",
        "route": "parallel",
        "legal_limit_days": 5,
        "stages": [
            {"agency_code": "000.00.05.H49", "lead": True, "limit_days": 4, "steps": deciding("a", 4)},
            {"agency_code": "000.00.11.H49", "limit_days": 5, "steps": part("b", 5)},
        ],
    }
    assert codes(content, receiving="000.00.05.H49") == {("stages.1.limit_days", "part_exceeds_lead_limit")}
    content["stages"][0]["lead"] = False
    assert ("stages", "one_lead_required") in codes(content, receiving="000.00.05.H49")


def test_r_proc_6_cross_level_goes_up() -> None:
    content = {
        "name": "x",
        "route": "cross_level",
        "legal_limit_days": 12,
        "stages": [
            {"agency_code": "000.01.31.H49", "limit_days": 3, "steps": part("a", 3)},
            {"agency_code": "000.00.31.H49", "limit_days": 9, "steps": deciding("b", 9)},
        ],
    }
    assert codes(content, receiving="000.01.31.H49") == set()
    content["stages"] = list(reversed(content["stages"]))
    content["stages"][0]["steps"], content["stages"][1]["steps"] = part("a", 9), deciding("b", 3)
    assert ("stages.1.agency_code", "not_higher_level") in codes(content, receiving="000.00.31.H49")


def test_step_shapes() -> None:
    steps = [step("a", "verification", "specialist", 1), step("b", "result", "specialist", 1, optional=True)]
    content = {
        "name": "x",
        "legal_limit_days": 3,
        "stages": [{"agency_code": "000.00.31.H49", "limit_days": 3, "steps": steps}],
    }
    found = codes(content)
    assert ("stages.0.steps.0.kind", "first_step_appraisal") in found
    assert ("stages.0.steps.1.optional", "optional_not_allowed") in found
    assert ("stages.0.steps", "leader_approval_required") in found
