"""Publishing needs every R-CAT-1 field and the R-CAT-2 level rules; all problems come at once."""

from __future__ import annotations

import copy
from typing import Any

from catalog.procedures.content import ProcedureContent
from catalog.procedures.rules import (
    REQUIRED_NON_EMPTY,
    REQUIRED_STATED,
    completeness_errors,
    requires_payment,
)
from services.catalog.tests.service.support import COMPLETE


def check(forms: set[str] | None = None, **changes: Any) -> list[tuple[str, str]]:
    data = copy.deepcopy(COMPLETE) | changes
    content = ProcedureContent.model_validate(data)
    return [
        (field, problem)
        for field, problem, _ in completeness_errors(content, {"TK01"} if forms is None else forms)
    ]


def test_a_complete_level_4_procedure_has_no_problems() -> None:
    assert check() == []


def test_r_cat_1_every_required_field_is_reported_when_missing() -> None:
    problems = completeness_errors(ProcedureContent(), set())
    fields = {field for field, _, _ in problems}
    assert {f"content.{name}" for name in (*REQUIRED_NON_EMPTY, *REQUIRED_STATED)} <= fields


def test_r_cat_1_requirements_and_fees_may_be_none_but_must_be_stated() -> None:
    assert check(requirements=[], fees=[], online_payment=False) == []
    assert ("content.requirements", "required_stated") in check(requirements=None)
    assert ("content.fees", "required_stated") in check(fees=None)
    assert ("content.steps", "required") in check(steps=[])


def test_r_cat_2_level_2_needs_a_downloadable_form() -> None:
    problems = check(forms=set(), level=2, components=[COMPLETE["components"][1]])
    assert ("content.components", "level2_needs_form") in problems


def test_r_cat_2_level_3_takes_online_submission_with_interactive_forms_and_announced_file_limits() -> None:
    attachment = {"code": "TP2", "name": "Giấy tờ", "kind": "attachment", "originals": 1}
    form_without_eform = {"code": "TP3", "name": "Tờ khai", "kind": "form", "originals": 1}
    problems = check(
        level=3,
        submission_channels=["desk"],
        components=[*COMPLETE["components"][:1], attachment, form_without_eform],
    )
    assert ("content.submission_channels", "level3_online_submission") in problems
    assert ("content.components.1.accepted_file_types", "file_types_required") in problems
    assert ("content.components.1.max_file_size_mb", "max_size_required") in problems  # R-CAT-4
    assert ("content.components.2.form_code", "level3_interactive_form") in problems


def test_r_cat_2_level_4_returns_results_online_and_takes_payment_online_when_fees_are_due() -> None:
    problems = check(result_channels=["desk"], online_payment=False)
    assert ("content.result_channels", "level4_online_result") in problems
    assert ("content.online_payment", "level4_online_payment") in problems
    assert ("content.online_payment", "level4_online_payment") not in check(fees=[], online_payment=False)


def test_both_vocabularies_must_agree_toan_trinh_is_level_4_mot_phan_level_3() -> None:
    assert check(online_mode="full") == []
    assert ("content.online_mode", "online_mode_mismatch") in check(online_mode="partial")


def test_forms_named_by_components_must_exist_in_the_version() -> None:
    assert ("content.components.0.form_code", "unknown_form") in check(forms={"TK09"})


def test_step_budgets_fit_within_the_time_limit_and_steps_are_numbered() -> None:
    assert ("content.steps", "step_budget_exceeded") in check(processing_days=0)
    steps = copy.deepcopy(COMPLETE["steps"])
    steps[2]["order"] = 5
    assert ("content.steps", "step_order") in check(steps=steps)


def test_every_submission_channel_has_its_method_described() -> None:
    problems = check(submission_channels=["desk", "online", "postal"])
    assert ("content.methods", "method_missing") in problems


def test_requires_payment_when_any_fee_is_due() -> None:
    assert requires_payment(ProcedureContent.model_validate(COMPLETE))
    assert not requires_payment(ProcedureContent(fees=[]))
