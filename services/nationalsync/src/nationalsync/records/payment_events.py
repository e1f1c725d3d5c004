"""How payment events change the national record (R-FMT-4 status 6 and DanhSachLePhi). Payment events
travel on their own topic and may overtake the dossier events they follow (see ``rules``). Pure."""

from __future__ import annotations

from dataclasses import replace

from contracts.events import PaymentEvent, PaymentRequested, PaymentSucceeded, PaymentWaived
from contracts.lifecycle import DossierStatus, NationalStatus
from nationalsync.records.progress import SYSTEM_ACTOR, ProgressStep
from nationalsync.records.state import Fee, RecordState
from nationalsync.records.steps import step, vnd

_S = DossierStatus

#: Statuses from which a payment order puts the dossier in awaiting payment (6).
_PAYABLE = frozenset({_S.SUBMITTED, _S.RECEIVED, _S.PROCESSING, _S.SUPPLEMENT_REQUESTED})


def payment_requested(state: RecordState, p: PaymentRequested) -> tuple[RecordState, ProgressStep | None]:
    state = replace(
        state,
        fees=tuple(Fee(line.name, line.amount) for line in p.fee_lines),
        fees_paid=False,
        payment_id=p.payment_id,
    )
    newer = state.status_at is None or p.occurred_at >= state.status_at
    if (state.status is None or state.status in _PAYABLE) and newer:
        state = replace(
            state,
            status=_S.AWAITING_PAYMENT,
            status_at=p.occurred_at,
            status_from_payment=True,
            status_before_payment=state.status,
        )
    content = f"Yêu cầu thực hiện nghĩa vụ tài chính: {vnd(p.amount)}"
    # The step is the request, whatever status a later event (arrived first) already recorded.
    status = NationalStatus.FINANCIAL_OBLIGATION_REQUESTED
    return state, step(state, p.occurred_at, content, status=status, actor_name=SYSTEM_ACTOR)


def payment_succeeded(state: RecordState, p: PaymentSucceeded) -> tuple[RecordState, ProgressStep | None]:
    state = _paid(state, p)
    content = f"Đã thực hiện nghĩa vụ tài chính: {vnd(p.amount)}"
    return state, step(state, p.paid_at, content, actor_name=state.applicant_name or SYSTEM_ACTOR)


def payment_waived(state: RecordState, p: PaymentWaived) -> tuple[RecordState, ProgressStep | None]:
    """Exemptions cover every fee: as if paid, and the record lists no fee to pay."""
    state = replace(_paid(state, p), fees=())
    return state, step(state, p.occurred_at, f"Miễn phí, lệ phí: {p.reason}", actor_name=SYSTEM_ACTOR)


def _paid(state: RecordState, p: PaymentEvent) -> RecordState:
    state = replace(state, fees_paid=True)
    waiting = (
        state.status is _S.AWAITING_PAYMENT
        and state.status_from_payment
        and state.payment_id in (None, p.payment_id)
        and (state.status_at is None or p.occurred_at >= state.status_at)
    )
    if waiting:
        # Back to where the order found the dossier (an order we saw first was issued on reception),
        # a status of the dossier's own again: the next dossier event replaces it, whatever its time.
        state = replace(
            state,
            status=state.status_before_payment or _S.RECEIVED,
            status_at=p.occurred_at,
            status_from_payment=False,
            status_before_payment=None,
        )
    return state
