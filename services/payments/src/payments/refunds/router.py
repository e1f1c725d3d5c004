"""Refunds over HTTP (R-PAY-4): ask for one on a payment, follow it, record a payout by hand."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from payments import access
from payments.deps import OutboxDep, SessionDep
from payments.dossiers import service as dossiers
from payments.orders import repository
from payments.orders.errors import PaymentNotFound
from payments.paging import after_id
from payments.refunds import service
from payments.refunds.errors import RefundAvailableChanged, RefundNotFound
from payments.refunds.models import Refund, RefundCause
from payments.refunds.schemas import PayoutRecord, RefundCreate, RefundPage, RefundRead
from servicekit.auth import PrincipalDep
from servicekit.http import PageParamsDep, check_if_match, encode_cursor

router = APIRouter(tags=["refunds"])


@router.post(
    "/v1/payments/{payment_id}/refunds",
    status_code=201,
    response_model=RefundRead,
    summary="Hoàn phí, lệ phí đã nộp",
    description=(
        "Lãnh đạo hoặc quản trị của cơ quan. Cần `If-Match` (ETag của yêu cầu thanh toán) và "
        "`refund_amount_available` đúng bằng số còn được hoàn: khác thì 412. Không hoàn khi kết quả đã có "
        "mà người nộp chưa nhận (R-PAY-4). Hoàn qua cổng thanh toán, hoặc cán bộ chi trả và ghi nhận."
    ),
)
async def create_refund(
    payment_id: uuid.UUID,
    body: RefundCreate,
    request: Request,
    session: SessionDep,
    outbox: OutboxDep,
    principal: PrincipalDep,
) -> JSONResponse:
    order = await repository.get(session, payment_id, lock=True)
    if order is None or not access.may_view(
        principal, agency_code=order.agency_code, applicant_subject=order.applicant_subject
    ):
        raise PaymentNotFound()
    access.ensure_acts_for(principal, order.agency_code, access.REFUND_ROLES)
    check_if_match(request, order.version)
    if body.refund_amount_available != order.refundable:
        raise RefundAvailableChanged(available=order.refundable)
    dossier = await dossiers.get(session, order.dossier_id)
    refund = await service.create_refund(
        session,
        outbox,
        order,
        amount=body.amount,
        cause=RefundCause(body.cause),
        reason=body.reason,
        actor=principal.subject,
        result_produced=bool(dossier and dossier.result_produced),
    )
    return JSONResponse(
        RefundRead.model_validate(refund).model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/v1/refunds/{refund.id}", "ETag": order.etag},
    )


async def _visible(session: SessionDep, principal: PrincipalDep, refund: Refund) -> None:
    order = await repository.get(session, refund.payment_id)
    if order is None or not access.may_view(
        principal, agency_code=order.agency_code, applicant_subject=order.applicant_subject
    ):
        raise RefundNotFound()


@router.get("/v1/refunds", response_model=RefundPage, summary="Các khoản hoàn của một yêu cầu thanh toán")
async def list_refunds(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParamsDep,
    payment_id: Annotated[uuid.UUID, Query(description="Yêu cầu thanh toán")],
) -> RefundPage:
    order = await repository.get(session, payment_id)
    if order is None or not access.may_view(
        principal, agency_code=order.agency_code, applicant_subject=order.applicant_subject
    ):
        raise PaymentNotFound()
    statement = select(Refund).where(Refund.payment_id == payment_id)
    after = after_id(page.cursor)
    if after is not None:
        statement = statement.where(Refund.id > after)
    rows = list((await session.scalars(statement.order_by(Refund.id).limit(page.limit + 1))).all())
    items = rows[: page.limit]
    next_cursor = encode_cursor([items[-1].id]) if len(rows) > page.limit and items else None
    return RefundPage(items=[RefundRead.model_validate(r) for r in items], next_cursor=next_cursor)


@router.get("/v1/refunds/{refund_id}", response_model=RefundRead, summary="Một khoản hoàn")
async def get_refund(refund_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> RefundRead:
    refund = await service.get(session, refund_id)
    await _visible(session, principal, refund)
    return RefundRead.model_validate(refund)


@router.post(
    "/v1/refunds/{refund_id}/payout",
    response_model=RefundRead,
    summary="Ghi nhận đã chi trả khoản hoàn (chuyển khoản, tiền mặt)",
)
async def record_payout(
    refund_id: uuid.UUID, body: PayoutRecord, session: SessionDep, outbox: OutboxDep, principal: PrincipalDep
) -> RefundRead:
    found = await service.get(session, refund_id)
    await _visible(session, principal, found)
    order = await repository.get(session, found.payment_id, lock=True)
    assert order is not None
    access.ensure_acts_for(principal, order.agency_code, access.REFUND_ROLES | {access.RECEPTION})
    refund = await service.get(session, refund_id, lock=True)
    await service.record_payout(
        session, outbox, order, refund, actor=principal.subject, reference=body.reference
    )
    return RefundRead.model_validate(refund)
