"""Errors of accounts. Sign-in failures are one generic answer: they never tell which accounts exist."""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound, RateLimited, ServiceError
from servicekit.i18n import Text

SIGN_IN_FAILED = Text(
    "Không đăng nhập được: thông tin đăng nhập không đúng hoặc tài khoản tạm thời không sử dụng được.",
    "Sign-in failed: the credentials are wrong or the account cannot be used at the moment.",
)


class InvalidCredentials(ServiceError):
    status = 401
    code = "invalid_credentials"
    title = Text("Đăng nhập không thành công", "Sign-in failed")
    detail = SIGN_IN_FAILED


class SignInRateLimited(RateLimited):
    code = "sign_in_rate_limited"
    detail = Text(
        "Có quá nhiều lần đăng nhập; hãy thử lại sau ít phút.", "Too many sign-in attempts; try again later."
    )


class AccountNotFound(NotFound):
    code = "account_not_found"
    title = Text("Không tìm thấy tài khoản", "Account not found")
    detail = Text("Không có tài khoản này trong phạm vi bạn quản lý.", "No such account in your scope.")


class WeakPassword(ServiceError):
    status = 422
    code = "weak_password"
    title = Text("Mật khẩu chưa đủ mạnh", "Password too weak")
    detail = Text(
        "Mật khẩu cần ít nhất 10 ký tự, gồm ít nhất hai loại (chữ thường, chữ hoa, số, ký hiệu) "
        "và khác tên đăng nhập.",
        "A password needs at least 10 characters of at least two kinds (lower, upper, digit, symbol), "
        "and must differ from the sign-in name.",
    )


class UsernameTaken(Conflict):
    code = "username_taken"
    title = Text("Tên đăng nhập đã được dùng", "Sign-in name taken")
    detail = Text("Tên tài khoản cán bộ này đã tồn tại.", "This official account name already exists.")
