"""What every gateway adapter gives the service, whatever the gateway: a verdict on one payment, the
result of a refund, the gateway's report of a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class Verdict(StrEnum):
    PAID = "paid"
    FAILED = "failed"
    PENDING = "pending"  # not settled yet, or unknown to the gateway: decide nothing


@dataclass(frozen=True)
class PaymentOutcome:
    """What the gateway says became of one payment (from an IPN, a query or a report)."""

    txn_ref: str
    verdict: Verdict
    amount: int | None  # VND
    response_code: str | None = None
    provider_status: str | None = None
    provider_transaction_no: str | None = None
    bank_code: str | None = None
    paid_at: datetime | None = None
    failure_code: str | None = None


class RefundVerdict(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # refused for good
    RETRY = "retry"  # not reached, or a temporary error


@dataclass(frozen=True)
class RefundOutcome:
    verdict: RefundVerdict
    provider_reference: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class ReportRow:
    """One line of the gateway's daily transaction report."""

    txn_ref: str
    provider_transaction_no: str
    kind: str  # payment | refund
    amount: int  # VND
    status: str
    paid_at: datetime | None


class GatewayUnavailable(Exception):
    """The gateway could not be reached or answered something unreadable or unsigned."""


@dataclass(frozen=True)
class Checkout:
    """Where to send the payer, and the try's own dates at the gateway."""

    url: str
    create_date: str
    expires_at: datetime


class OnlineGateway(Protocol):
    """What the service needs of an online payment gateway, whichever it is (VNPay today)."""

    name: str

    @property
    def has_report(self) -> bool:
        """Whether the gateway publishes a daily report to reconcile with."""

    def checkout(
        self,
        *,
        txn_ref: str,
        amount: int,
        order_info: str,
        client_ip: str,
        locale: str,
        bank_code: str | None,
    ) -> Checkout:
        """A signed redirect sending the payer to pay ``amount`` VND for ``txn_ref``."""

    async def query(self, *, txn_ref: str, create_date: str) -> PaymentOutcome:
        """The gateway's own word on one payment (server to server)."""

    async def refund(
        self,
        *,
        request_id: str,
        txn_ref: str,
        create_date: str,
        amount: int,
        full: bool,
        transaction_no: str | None,
        actor: str,
    ) -> RefundOutcome:
        """Give back ``amount`` VND of a payment; ``request_id`` is the same on every retry."""

    async def report(self, day: date) -> list[ReportRow]:
        """Every successful payment and refund of ``day`` (Vietnam's calendar)."""

    async def close(self) -> None: ...
