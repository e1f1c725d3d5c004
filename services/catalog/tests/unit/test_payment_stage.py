"""When an online payment falls due (R-PAY-3, R-CAT-2 level 4): before processing unless the version says
before the result is returned; intake copies it into dossier.received's payment_due."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from catalog.procedures.content import PaymentStage, ProcedureContent
from catalog.procedures.rules import completeness_errors
from services.catalog.tests.service.support import COMPLETE


def test_r_pay_3_an_online_payment_falls_due_before_processing_unless_the_version_says_otherwise() -> None:
    content = ProcedureContent.model_validate(copy.deepcopy(COMPLETE))
    assert content.payment_stage is None
    assert content.effective_payment_stage is PaymentStage.BEFORE_PROCESSING


def test_r_pay_3_a_version_may_ask_for_payment_before_the_result_is_returned() -> None:
    content = ProcedureContent.model_validate(copy.deepcopy(COMPLETE) | {"payment_stage": "before_return"})
    assert content.effective_payment_stage is PaymentStage.BEFORE_RETURN
    assert completeness_errors(content, {"TK01"}) == []
    assert content.model_dump(mode="json")["payment_stage"] == "before_return"


def test_a_payment_stage_without_online_payment_is_refused() -> None:
    with pytest.raises(ValidationError, match="payment_stage"):
        ProcedureContent.model_validate({"online_payment": False, "payment_stage": "before_processing"})


def test_an_unknown_payment_stage_is_refused() -> None:
    with pytest.raises(ValidationError):
        ProcedureContent.model_validate({"online_payment": True, "payment_stage": "after_return"})
