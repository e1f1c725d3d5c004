"""How each event changes a dossier's national record and which progress step it adds (R-FMT-4).

Pure: ``apply_event(state, event_type, payload)`` returns the new state, whether the national record
changed (a record push is due) and the step for the progress log, if any.

Ordering: dossier events of one dossier arrive in order (one partition, keyed by dossier id), so
they set the status as they come. Payment events travel on another topic and may overtake them:
a payment status (6, awaiting payment) is compared by `occurred_at` with the dossier status it
would replace, and a dossier event older than the payment status it meets only records where the
dossier returns once paid. So an older status is never put over a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DOSSIER_SUPPLEMENTED,
    DOSSIER_WITHDRAWN,
    PAYMENT_REQUESTED,
    PAYMENT_SUCCEEDED,
    PAYMENT_WAIVED,
    PROCESS_PROGRESSED,
    DossierDocument,
    DossierEvent,
    DossierExtended,
    DossierProcessingStarted,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierReturned,
    DossierStopped,
    DossierSubmitted,
    DossierSupplemented,
    DossierSupplementRequested,
    DossierWithdrawn,
    PaymentEvent,
)
from contracts.lifecycle import Channel, DossierStatus
from nationalsync.records import payment_events, process_events
from nationalsync.records.progress import SYSTEM_ACTOR, ProgressStep
from nationalsync.records.state import Document, RecordState
from nationalsync.records.steps import day, step

#: Names given to documents a producer identified only by id.
SUPPLEMENT_DOCUMENT_NAME = "Giấy tờ bổ sung"
RESULT_DOCUMENT_NAME = "Kết quả giải quyết thủ tục hành chính"

_S = DossierStatus


@dataclass(frozen=True)
class Applied:
    state: RecordState
    #: The national record changed: a record push is due.
    record_changed: bool
    #: The step this event adds to the national progress log.
    step: ProgressStep | None


#: Event types that change a national record.
HANDLED_TYPES: tuple[str, ...] = (
    DOSSIER_SUBMITTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DOSSIER_SUPPLEMENTED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_WITHDRAWN,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_EXTENDED,
    PAYMENT_REQUESTED,
    PAYMENT_SUCCEEDED,
    PAYMENT_WAIVED,
    PROCESS_PROGRESSED,
)


def apply_event(current: RecordState | None, event_type: str, payload: BaseModel) -> Applied:
    """The record after `payload` (an event of `event_type`), given the record before (None: new)."""
    handler = _HANDLERS.get(event_type)
    if handler is None:
        raise ValueError(f"nationalsync does not handle {event_type}")
    if isinstance(payload, DossierEvent):
        base = _merge_common(current, payload)
    elif isinstance(payload, PaymentEvent):
        base = current or RecordState(dossier_id=payload.dossier_id, agency_code=payload.agency_code)
        if payload.dossier_code and not base.dossier_code:
            base = replace(base, dossier_code=payload.dossier_code)
    else:
        raise TypeError(f"unexpected payload {type(payload).__name__}")
    state, step = handler(base, payload)
    changed = current is None or state.national_view() != current.national_view()
    if step is not None and state.national_status is None:
        step = None  # the hub needs TrangThai on every step: nothing to log before a status is known
    return Applied(state=state, record_changed=changed, step=step)


# --------------------------------------------------------------------------- dossier events


def _merge_common(current: RecordState | None, event: DossierEvent) -> RecordState:
    state = current or RecordState(dossier_id=event.dossier_id, agency_code=event.agency_code)
    return replace(
        state,
        agency_code=event.agency_code,
        procedure_code=event.procedure_code,
        dossier_code=event.dossier_code or state.dossier_code,
    )


def _enter(
    state: RecordState, status: DossierStatus, at: datetime, *, refused_at_desk: bool = False
) -> RecordState:
    """A dossier event moves the dossier to `status`, unless a newer payment status stands."""
    if state.status_from_payment and state.status_at is not None and at < state.status_at:
        return replace(state, status_before_payment=status)
    return replace(
        state,
        status=status,
        status_at=at,
        status_from_payment=False,
        status_before_payment=None,
        refused_at_desk=refused_at_desk,
    )


def _submitted(state: RecordState, p: DossierSubmitted) -> tuple[RecordState, ProgressStep | None]:
    state = replace(
        state,
        procedure_version=p.procedure_version,
        applicant_name=p.applicant_name,
        applicant_kind=p.applicant_kind,
        channel=p.channel,
        submitted_at=p.submitted_at,
        documents=_union(state.documents, _documents(p.documents)),
    )
    state = _enter(state, _S.SUBMITTED, p.occurred_at)
    where = {
        Channel.ONLINE: "trực tuyến trên Cổng Dịch vụ công",
        Channel.DESK: "trực tiếp tại Bộ phận Một cửa",
        Channel.POSTAL: "qua dịch vụ bưu chính công ích",
    }[p.channel]
    return state, step(state, p.submitted_at, f"Nộp hồ sơ {where}", actor_name=p.applicant_name)


def _received(state: RecordState, p: DossierReceived) -> tuple[RecordState, ProgressStep | None]:
    state = replace(
        state,
        procedure_version=p.procedure_version,
        channel=state.channel or p.channel,
        received_at=p.received_at,
        appointment_date=p.appointment_date,
    )
    state = _enter(state, _S.RECEIVED, p.occurred_at)
    content = f"Tiếp nhận hồ sơ, hẹn trả kết quả ngày {day(p.appointment_date)}"
    return state, step(
        state, p.received_at, content, start=p.received_at, end=p.appointment_date, **_actor(p.received_by)
    )


def _refused(state: RecordState, p: DossierRefused) -> tuple[RecordState, ProgressStep | None]:
    state = _enter(state, _S.REFUSED, p.occurred_at, refused_at_desk=p.at_desk)
    what = "Từ chối tiếp nhận hồ sơ" if p.at_desk else "Từ chối giải quyết hồ sơ"
    return state, step(state, p.occurred_at, f"{what}: {'; '.join(p.reasons)}", actor_subject=p.decided_by)


def _supplement_requested(
    state: RecordState, p: DossierSupplementRequested
) -> tuple[RecordState, ProgressStep | None]:
    state = _enter(state, _S.SUPPLEMENT_REQUESTED, p.occurred_at)
    items = "; ".join(f"{item.name} ({item.reason})" for item in p.items)
    content = f"Yêu cầu bổ sung, hoàn thiện hồ sơ: {items}"
    return state, step(state, p.occurred_at, content, actor_subject=p.requested_by)


def _supplemented(state: RecordState, p: DossierSupplemented) -> tuple[RecordState, ProgressStep | None]:
    supplied = _documents(p.documents) or tuple(
        Document(str(i), SUPPLEMENT_DOCUMENT_NAME) for i in p.attachment_ids
    )
    state = replace(state, documents=_union(state.documents, supplied))
    state = _enter(state, p.next_status, p.occurred_at)
    return state, step(
        state, p.supplemented_at, "Người nộp đã bổ sung, hoàn thiện hồ sơ", actor_name=state.applicant_name
    )


def _processing_started(
    state: RecordState, p: DossierProcessingStarted
) -> tuple[RecordState, ProgressStep | None]:
    state = replace(state, due_date=p.due_date or state.due_date)
    state = _enter(state, _S.PROCESSING, p.occurred_at)
    end = p.due_date or state.appointment_date
    return state, step(
        state,
        p.occurred_at,
        "Chuyển cơ quan có thẩm quyền giải quyết",
        start=p.occurred_at,
        end=end,
        actor_name=SYSTEM_ACTOR,
    )


def _withdrawn(state: RecordState, p: DossierWithdrawn) -> tuple[RecordState, ProgressStep | None]:
    state = _enter(state, _S.WITHDRAWN, p.occurred_at)
    content = "Người nộp yêu cầu rút hồ sơ" + (f": {p.reason}" if p.reason else "")
    return state, step(state, p.occurred_at, content, actor_name=state.applicant_name)


def _resolved(state: RecordState, p: DossierResolved) -> tuple[RecordState, ProgressStep | None]:
    results = _documents(p.result_documents) or tuple(
        Document(str(i), RESULT_DOCUMENT_NAME) for i in p.result_document_ids
    )
    state = replace(
        state,
        appointment_date=p.appointment_date,
        resolved_at=p.occurred_at,
        result_documents=_union(state.result_documents, results),
    )
    state = _enter(state, _S.RESOLVED, p.occurred_at)
    timing = "đúng hạn" if p.on_time else "quá hạn"
    return state, step(
        state, p.occurred_at, f"Đã giải quyết xong hồ sơ ({timing})", actor_subject=p.decided_by
    )


def _returned(state: RecordState, p: DossierReturned) -> tuple[RecordState, ProgressStep | None]:
    state = replace(state, returned_at=p.occurred_at)
    state = _enter(state, _S.RETURNED, p.occurred_at)
    how = {
        Channel.DESK: "tại Bộ phận Một cửa",
        Channel.ONLINE: "trực tuyến",
        Channel.POSTAL: "qua dịch vụ bưu chính công ích",
    }[p.return_channel]
    return state, step(state, p.occurred_at, f"Trả kết quả {how}", **_actor(p.returned_by))


def _stopped(state: RecordState, p: DossierStopped) -> tuple[RecordState, ProgressStep | None]:
    state = _enter(state, _S.STOPPED, p.occurred_at)
    return state, step(state, p.occurred_at, f"Dừng giải quyết hồ sơ: {p.reason}", actor_subject=p.decided_by)


def _extended(state: RecordState, p: DossierExtended) -> tuple[RecordState, ProgressStep | None]:
    state = replace(state, appointment_date=p.new_appointment_date)
    content = (
        f"Gia hạn thời gian giải quyết, hẹn trả kết quả mới ngày {day(p.new_appointment_date)}: {p.reason}"
    )
    return state, step(state, p.occurred_at, content, end=p.new_appointment_date, actor_name=SYSTEM_ACTOR)


_Handler = Callable[[RecordState, Any], tuple[RecordState, ProgressStep | None]]
_HANDLERS: dict[str, _Handler] = {
    DOSSIER_SUBMITTED: _submitted,
    DOSSIER_RECEIVED: _received,
    DOSSIER_REFUSED: _refused,
    DOSSIER_SUPPLEMENT_REQUESTED: _supplement_requested,
    DOSSIER_SUPPLEMENTED: _supplemented,
    DOSSIER_PROCESSING_STARTED: _processing_started,
    DOSSIER_WITHDRAWN: _withdrawn,
    DOSSIER_RESOLVED: _resolved,
    DOSSIER_RETURNED: _returned,
    DOSSIER_STOPPED: _stopped,
    DOSSIER_EXTENDED: _extended,
    PAYMENT_REQUESTED: payment_events.payment_requested,
    PAYMENT_SUCCEEDED: payment_events.payment_succeeded,
    PAYMENT_WAIVED: payment_events.payment_waived,
    PROCESS_PROGRESSED: process_events.progressed,
}
assert set(_HANDLERS) == set(HANDLED_TYPES)


# --------------------------------------------------------------------------- helpers


def _actor(subject: str | None) -> dict[str, Any]:
    """An officer when the event names one, else the system did it."""
    return {"actor_subject": subject} if subject else {"actor_name": SYSTEM_ACTOR}


def _documents(documents: tuple[DossierDocument, ...]) -> tuple[Document, ...]:
    return tuple(Document(str(d.document_id), d.name, d.component_code) for d in documents)


def _union(known: tuple[Document, ...], new: tuple[Document, ...]) -> tuple[Document, ...]:
    seen = {d.document_id for d in known}
    return known + tuple(d for d in new if d.document_id not in seen)
