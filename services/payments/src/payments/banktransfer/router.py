"""Bank transfers (R-PAY-3): the account each agency publishes, and the statements officers import."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from payments import access
from payments.banktransfer import service
from payments.banktransfer.errors import AccountNotFound, StatementNotFound
from payments.banktransfer.models import AgencyAccount, BankStatement, StatementLine
from payments.banktransfer.schemas import AccountRead, StatementLineRead, StatementRead
from payments.deps import OutboxDep, SessionDep
from servicekit.auth import PrincipalDep
from servicekit.errors import PayloadTooLarge

router = APIRouter(prefix="/v1/payment-gateways/bank-transfer", tags=["bank-transfer"])
MAX_STATEMENT_BYTES = 5 * 1024 * 1024
STATEMENT_ROLES = frozenset({access.RECEPTION, access.AGENCY_ADMIN, access.LEADER})


@router.get(
    "/accounts/{agency_code}",
    response_model=AccountRead,
    summary="Tài khoản thu phí, lệ phí của cơ quan",
    description="Do cơ quan công bố trong Danh mục (catalog); cập nhật theo sự kiện agency.updated.",
)
async def get_account(agency_code: str, session: SessionDep, principal: PrincipalDep) -> AccountRead:
    account = await session.get(AgencyAccount, agency_code)
    if account is None:
        raise AccountNotFound(agency_code=agency_code)
    return AccountRead.model_validate(account)


@router.post(
    "/statements",
    status_code=201,
    response_model=StatementRead,
    summary="Nhập sao kê tài khoản (CSV) để đối chiếu chuyển khoản",
    description=(
        "Thân yêu cầu là tệp CSV (`Content-Type: text/csv`) theo định dạng trong docs/payments.md. Mỗi khoản "
        "ghi có có mã thanh toán đúng số tiền được ghi nhận đã nộp đúng một lần; nhập lại cùng dòng không "
        "ghi nhận lần nữa; sai số tiền: ghi nhận chênh lệch, không ghi có."
    ),
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
)
async def import_statement(
    request: Request,
    session: SessionDep,
    outbox: OutboxDep,
    principal: PrincipalDep,
    agency_code: Annotated[str, Query(max_length=32)],
    file_name: Annotated[str | None, Query(max_length=200)] = None,
) -> JSONResponse:
    access.ensure_acts_for(principal, agency_code, STATEMENT_ROLES)
    content = await request.body()
    if len(content) > MAX_STATEMENT_BYTES:
        raise PayloadTooLarge()
    statement = await service.import_statement(
        session,
        outbox,
        agency_code=agency_code,
        content=content,
        file_name=file_name,
        actor=principal.subject,
    )
    read = await _read(session, statement)
    return JSONResponse(
        read.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/v1/payment-gateways/bank-transfer/statements/{statement.id}"},
    )


async def _read(session: SessionDep, statement: BankStatement) -> StatementRead:
    lines = (
        await session.scalars(
            select(StatementLine)
            .where(StatementLine.statement_id == statement.id)
            .order_by(StatementLine.line_number)
        )
    ).all()
    return StatementRead(
        **{k: getattr(statement, k) for k in StatementRead.model_fields if k != "items"},
        items=[StatementLineRead.model_validate(line) for line in lines],
    )


@router.get("/statements/{statement_id}", response_model=StatementRead, summary="Kết quả nhập một sao kê")
async def get_statement(
    statement_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> StatementRead:
    statement = await session.get(BankStatement, statement_id)
    if statement is None or not access.acts_for(principal, statement.agency_code, STATEMENT_ROLES):
        raise StatementNotFound()
    return await _read(session, statement)
