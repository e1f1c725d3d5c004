"""A payment as the API shows it: the order with its tries, receipt, refunds and how to transfer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.banktransfer.models import AgencyAccount, KnownAgency
from payments.orders import repository
from payments.orders.models import PaymentOrder, PaymentTransaction
from payments.orders.rules import failure_reason, is_payable
from payments.orders.schemas import (
    BankTransferInstructions,
    FeeLineRead,
    PaymentRead,
    ReceiptRead,
    RefundBrief,
    TransactionRead,
)
from payments.receipts.document import ReceiptDocument, render_receipt
from payments.receipts.models import Receipt
from payments.refunds import service as refunds
from servicekit.i18n import current_language


async def receipt_of(session: AsyncSession, order: PaymentOrder) -> Receipt | None:
    receipt: Receipt | None = (
        await session.scalars(select(Receipt).where(Receipt.payment_id == order.id))
    ).first()
    return receipt


async def receipt_pdf(session: AsyncSession, order: PaymentOrder, receipt: Receipt) -> bytes:
    agency = await session.get(KnownAgency, order.agency_code)
    txn = await session.get(PaymentTransaction, receipt.transaction_id)
    assert txn is not None
    document = ReceiptDocument(
        number=receipt.number,
        agency_name=agency.name if agency else order.agency_code,
        dossier_code=receipt.dossier_code,
        payer_name=receipt.payer_name,
        lines=tuple((line["name"], line["amount"]) for line in receipt.fee_lines if line["amount"] > 0),
        total=receipt.amount,
        method=receipt.method,
        transaction_ref=txn.provider_transaction_no or txn.txn_ref,
        paid_at=receipt.issued_at,
        collector_name=(receipt.issued_by_name or receipt.issued_by)
        if receipt.method == "desk_cash"
        else None,
    )
    return render_receipt(document)


async def read(session: AsyncSession, order: PaymentOrder) -> PaymentRead:
    txns = await repository.transactions(session, order.id)
    receipt = await receipt_of(session, order)
    refund_rows = await refunds.for_payment(session, order.id)
    instructions = None
    if is_payable(order.status) and order.amount > 0:
        account = await session.get(AgencyAccount, order.agency_code)
        if account is not None:
            instructions = BankTransferInstructions(
                bank_name=account.bank_name,
                branch=account.branch,
                account_number=account.account_number,
                account_holder=account.account_holder,
                amount=order.amount,
                description=f"{order.payment_reference} {order.dossier_code or ''}".strip(),
            )
    lang = current_language.get()
    return PaymentRead(
        id=order.id,
        dossier_id=order.dossier_id,
        dossier_code=order.dossier_code,
        agency_code=order.agency_code,
        procedure_code=order.procedure_code,
        procedure_version=order.procedure_version,
        applicant_subject=order.applicant_subject,
        payment_due=order.payment_due,
        channel=order.channel,
        status=order.status,
        failure_code=order.failure_code,
        failure_reason=failure_reason(order.failure_code, lang) if order.failure_code else None,
        amount=order.amount,
        fee_lines=[FeeLineRead(**line) for line in order.fee_lines],
        exemptions=list(order.exemptions),
        description=order.description,
        payment_reference=order.payment_reference,
        bank_transfer=instructions,
        paid_amount=order.paid_amount,
        refunded_amount=order.refunded_amount,
        refundable_amount=order.refundable,
        method=order.method,
        paid_at=order.paid_at,
        expires_at=order.expires_at,
        created_at=order.created_at,
        updated_at=order.updated_at,
        version=order.version,
        receipt=ReceiptRead.model_validate(receipt) if receipt else None,
        transactions=[TransactionRead.model_validate(t) for t in txns],
        refunds=[RefundBrief.model_validate(r) for r in refund_rows],
    )
