"""Errors of bank transfers and statements."""

from __future__ import annotations

from servicekit.errors import NotFound, ServiceError
from servicekit.i18n import Text


class AccountNotFound(NotFound):
    code = "bank_account_not_found"
    detail = Text(
        "Cơ quan {agency_code} chưa công bố tài khoản thu phí, lệ phí.",
        "Agency {agency_code} has not published an account for fees.",
    )


class StatementInvalid(ServiceError):
    status = 422
    code = "statement_invalid"
    title = Text("Tệp sao kê không đọc được", "Unreadable statement")
    detail = Text(
        "Tệp sao kê không đúng định dạng CSV đã công bố; xem danh sách lỗi theo dòng.",
        "The statement is not in the documented CSV format; see the errors by line.",
    )


class StatementAccountMismatch(ServiceError):
    status = 422
    code = "statement_account_mismatch"
    title = Text("Sao kê của tài khoản khác", "Statement of another account")
    detail = Text(
        "Sao kê của tài khoản {found}, không phải tài khoản {expected} của cơ quan.",
        "The statement is of account {found}, not the agency's account {expected}.",
    )


class StatementNotFound(NotFound):
    code = "statement_not_found"
    detail = Text("Không có bản sao kê này.", "There is no such statement.")
