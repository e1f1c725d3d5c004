"""Every table of the payments service, imported so Alembic sees them."""

from payments.banktransfer.models import AgencyAccount, BankStatement, KnownAgency, StatementLine
from payments.db import Base, metadata, tables
from payments.dossiers.models import Dossier
from payments.gateways.models import GatewayCallback
from payments.orders.models import PaymentOrder, PaymentTransaction
from payments.receipts.models import Receipt, ReceiptSequence
from payments.reconciliation.models import Discrepancy, ReconciliationRun
from payments.refunds.models import Refund

__all__ = [
    "AgencyAccount",
    "BankStatement",
    "Base",
    "Discrepancy",
    "Dossier",
    "GatewayCallback",
    "KnownAgency",
    "PaymentOrder",
    "PaymentTransaction",
    "Receipt",
    "ReceiptSequence",
    "ReconciliationRun",
    "Refund",
    "StatementLine",
    "metadata",
    "tables",
]
