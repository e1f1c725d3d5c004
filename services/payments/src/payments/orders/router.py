"""Payment orders over HTTP: list, issue, read, pay online, re-quote, cancel, cash at the desk, receipt."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from payments import access
from payments.db import tables
from payments.deps import OutboxDep, SessionDep, WiringDep
from payments.dossiers import service as dossiers
from payments.orders import repository, service, views
from payments.orders.errors import DossierUnknown, NotPayable, PaymentNotFound
from payments.orders.models import OrderStatus, PaymentOrder
from payments.orders.repository import OrderFilters
from payments.orders.schemas import (
    Cancellation,
    CashPayment,
    CheckoutCreate,
    CheckoutRead,
    PaymentCreate,
    PaymentPage,
    PaymentRead,
    PaymentSummary,
    ReceiptRead,
    Requote,
)
from servicekit.auth import Principal, PrincipalDep
from servicekit.errors import Forbidden, NotFound
from servicekit.http import Idempotency, PageParamsDep, check_if_match, idempotency_dependency
from servicekit.i18n import Text

router = APIRouter(prefix="/v1/payments", tags=["payments"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]


class ReceiptNotFound(NotFound):
    code = "receipt_not_found"
    detail = Text("Yêu cầu thanh toán này chưa có biên lai.", "This payment has no receipt yet.")


async def load(
    session: AsyncSession, principal: Principal, payment_id: uuid.UUID, *, lock: bool = False
) -> PaymentOrder:
    """The order if the caller may see it; 404 otherwise (another citizen's or agency's)."""
    order = await repository.get(session, payment_id, lock=lock)
    if order is None or not access.may_view(
        principal, agency_code=order.agency_code, applicant_subject=order.applicant_subject
    ):
        raise PaymentNotFound()
    return order


def _headers(order: PaymentOrder) -> dict[str, str]:
    return {"ETag": order.etag, "Location": f"/v1/payments/{order.id}"}


@router.get("", response_model=PaymentPage, summary="Danh sách yêu cầu thanh toán")
async def list_payments(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParamsDep,
    dossier_id: uuid.UUID | None = None,
    status: OrderStatus | None = None,
    agency_code: Annotated[str | None, Query(max_length=32)] = None,
) -> PaymentPage:
    """Người nộp thấy của mình; cán bộ thấy của cơ quan mình; quản trị hệ thống thấy tất cả."""
    filters = OrderFilters(dossier_id=dossier_id, status=status.value if status else None)
    if principal.is_applicant:
        filters = OrderFilters(**{**vars(filters), "applicant_subject": principal.subject})
    elif access.is_system_admin(principal):
        filters = OrderFilters(**{**vars(filters), "agency_codes": [agency_code] if agency_code else None})
    elif principal.kind == "official" and principal.roles & access.AGENCY_STAFF:
        agencies = [a for a in principal.agencies if agency_code in (None, a)]
        filters = OrderFilters(**{**vars(filters), "agency_codes": agencies})
    else:
        raise Forbidden()
    rows, next_cursor = await repository.page(session, filters, limit=page.limit, cursor=page.cursor)
    return PaymentPage(items=[PaymentSummary.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "",
    status_code=201,
    response_model=PaymentRead,
    summary="Tạo yêu cầu thanh toán cho một hồ sơ đã tiếp nhận",
    description=(
        "Người nộp (thanh toán trực tuyến) hoặc cán bộ tiếp nhận của cơ quan (thu tại quầy, có thể ghi đối "
        "tượng miễn, giảm). Gửi `Idempotency-Key`: cùng khóa và cùng nội dung trả lại đúng yêu cầu đã tạo; "
        "khác nội dung: 409."
    ),
)
async def create_payment(
    body: PaymentCreate,
    session: SessionDep,
    outbox: OutboxDep,
    wiring: WiringDep,
    principal: PrincipalDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    dossier = await dossiers.get(session, body.dossier_id)
    if dossier is None:
        raise DossierUnknown()
    if principal.is_applicant:
        if dossier.applicant_subject != principal.subject:
            raise DossierUnknown()  # someone else's dossier: as if it did not exist
        if body.exemptions:
            raise Forbidden(
                Text("Đối tượng miễn, giảm do cán bộ tiếp nhận xác nhận.", "An officer confirms exemptions.")
            )
        channel = "online"
    else:
        if not access.may_view(principal, agency_code=dossier.agency_code, applicant_subject=""):
            raise DossierUnknown()
        access.ensure_acts_for(principal, dossier.agency_code, frozenset({access.RECEPTION}))
        channel = "desk"
    order = await service.issue_for_dossier(
        session,
        outbox,
        wiring.fees,
        body.dossier_id,
        channel=channel,
        actor=principal.subject,
        ttl_days=wiring.settings.order_ttl_days,
        exemptions=body.exemptions,
        quantities=body.quantities,
    )
    read = await views.read(session, order)
    return await idempotency.respond(session, 201, read, headers=_headers(order))


@router.get("/{payment_id}", response_model=PaymentRead, summary="Một yêu cầu thanh toán")
async def get_payment(
    payment_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, response: Response
) -> PaymentRead:
    order = await load(session, principal, payment_id)
    response.headers["ETag"] = order.etag
    return await views.read(session, order)


@router.post(
    "/{payment_id}/checkout",
    status_code=201,
    response_model=CheckoutRead,
    summary="Thanh toán trực tuyến qua VNPay",
    description=(
        "Trả về địa chỉ có chữ ký để chuyển người nộp tới trang thanh toán của VNPay; kết quả được xác nhận "
        "qua IPN. Chỉ người nộp hồ sơ. Mỗi lần gọi là một lần thanh toán mới (hỗ trợ `Idempotency-Key`)."
    ),
)
async def checkout(
    payment_id: uuid.UUID,
    body: CheckoutCreate,
    request: Request,
    session: SessionDep,
    wiring: WiringDep,
    principal: PrincipalDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    order = await load(session, principal, payment_id, lock=True)
    if not principal.is_applicant:
        raise Forbidden(Text("Chỉ người nộp hồ sơ thanh toán trực tuyến.", "Only the applicant pays online."))
    client_ip = (request.headers.get("x-forwarded-for", "").split(",")[0].strip()) or (
        request.client.host if request.client else "127.0.0.1"
    )
    txn = await service.checkout(
        session,
        order,
        wiring.gateways[body.gateway],
        client_ip=client_ip,
        locale=body.locale,
        bank_code=body.bank_code,
        actor=principal.subject,
    )
    assert txn.redirect_url is not None and txn.expires_at is not None
    read = CheckoutRead(
        transaction_id=txn.id, txn_ref=txn.txn_ref, redirect_url=txn.redirect_url, expires_at=txn.expires_at
    )
    return await idempotency.respond(session, 201, read)


@router.post(
    "/{payment_id}/exemptions",
    response_model=PaymentRead,
    summary="Áp dụng đối tượng miễn, giảm (cán bộ tiếp nhận)",
    description="Tính lại theo biểu phí của thủ tục; cần `If-Match`. Miễn toàn bộ: hồ sơ không phải chờ nộp.",
)
async def requote(
    payment_id: uuid.UUID,
    body: Requote,
    request: Request,
    response: Response,
    session: SessionDep,
    outbox: OutboxDep,
    wiring: WiringDep,
    principal: PrincipalDep,
) -> PaymentRead:
    order = await load(session, principal, payment_id, lock=True)
    access.ensure_acts_for(principal, order.agency_code, frozenset({access.RECEPTION}))
    check_if_match(request, order.version)
    await service.requote(
        session, outbox, wiring.fees, order, exemptions=body.exemptions, quantities=body.quantities
    )
    response.headers["ETag"] = order.etag
    return await views.read(session, order)


@router.post(
    "/{payment_id}/cancellation", response_model=PaymentRead, summary="Hủy yêu cầu thanh toán chưa nộp"
)
async def cancel(
    payment_id: uuid.UUID,
    body: Cancellation,
    response: Response,
    session: SessionDep,
    outbox: OutboxDep,
    principal: PrincipalDep,
) -> PaymentRead:
    order = await load(session, principal, payment_id, lock=True)
    access.ensure_acts_for(principal, order.agency_code, access.REFUND_ROLES | {access.RECEPTION})
    if not await service.cancel(session, outbox, order, code="cancelled_by_officer"):
        raise NotPayable(status=order.status)
    order.failure_reason = body.reason
    response.headers["ETag"] = order.etag
    return await views.read(session, order)


@router.post(
    "/{payment_id}/cash",
    status_code=201,
    response_model=ReceiptRead,
    summary="Ghi nhận tiền mặt nộp tại Bộ phận Một cửa",
    description=(
        "Cán bộ tiếp nhận của cơ quan; số tiền phải đúng số phải nộp; cấp biên lai. Hỗ trợ `Idempotency-Key`."
    ),
)
async def cash(
    payment_id: uuid.UUID,
    body: CashPayment,
    session: SessionDep,
    outbox: OutboxDep,
    principal: PrincipalDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    order = await load(session, principal, payment_id, lock=True)
    access.ensure_acts_for(principal, order.agency_code, frozenset({access.RECEPTION}))
    await service.record_cash(
        session,
        outbox,
        order,
        amount=body.amount,
        payer_name=body.payer_name,
        actor=principal.subject,
        actor_name=principal.name,
    )
    receipt = await views.receipt_of(session, order)
    assert receipt is not None
    return await idempotency.respond(
        session,
        201,
        ReceiptRead.model_validate(receipt),
        headers={"Location": f"/v1/payments/{order.id}/receipt"},
    )


@router.get(
    "/{payment_id}/receipt.pdf",
    summary="Biên lai thu phí, lệ phí (PDF)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def receipt_pdf(payment_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> Response:
    order = await load(session, principal, payment_id)
    found = await views.receipt_of(session, order)
    if found is None:
        raise ReceiptNotFound()
    content = await views.receipt_pdf(session, order, found)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="bien-lai-{found.number}.pdf"'},
    )


@router.get("/{payment_id}/receipt", response_model=ReceiptRead, summary="Biên lai thu phí, lệ phí")
async def receipt(payment_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> ReceiptRead:
    order = await load(session, principal, payment_id)
    found = await views.receipt_of(session, order)
    if found is None:
        raise ReceiptNotFound()
    return ReceiptRead.model_validate(found)
