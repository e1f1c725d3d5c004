"""Codes VNPay 2.1.0 uses, with their meaning (Vietnamese, English)."""

from __future__ import annotations

#: vnp_ResponseCode of a payment (return URL and IPN).
PAYMENT_RESPONSE: dict[str, tuple[str, str]] = {
    "00": ("Giao dịch thành công", "Approved"),
    "07": ("Trừ tiền thành công, giao dịch bị nghi ngờ", "Debited, transaction suspected of fraud"),
    "09": ("Thẻ/Tài khoản chưa đăng ký dịch vụ InternetBanking", "Not enrolled in internet banking"),
    "10": ("Xác thực thông tin thẻ/tài khoản không đúng quá 3 lần", "Verification failed 3 times"),
    "11": ("Đã hết hạn chờ thanh toán", "Payment window expired"),
    "12": ("Thẻ/Tài khoản bị khóa", "Card/account locked"),
    "13": ("Nhập sai mật khẩu xác thực giao dịch (OTP)", "Wrong OTP"),
    "24": ("Khách hàng hủy giao dịch", "Cancelled by the customer"),
    "51": ("Tài khoản không đủ số dư", "Insufficient balance"),
    "65": ("Tài khoản đã vượt quá hạn mức giao dịch trong ngày", "Daily limit exceeded"),
    "75": ("Ngân hàng thanh toán đang bảo trì", "Bank under maintenance"),
    "79": ("Nhập sai mật khẩu thanh toán quá số lần quy định", "Wrong payment password too many times"),
    "99": ("Các lỗi khác", "Other error"),
}

#: Errors the payment page shows for a bad redirect (VNPay's Error.html?code=…).
PAGE_ERROR: dict[str, tuple[str, str]] = {
    "01": ("Giao dịch đã tồn tại", "Transaction already exists"),
    "02": ("Merchant không hợp lệ (kiểm tra lại vnp_TmnCode)", "Invalid merchant (vnp_TmnCode)"),
    "03": ("Dữ liệu gửi sang không đúng định dạng", "Data in the wrong format"),
    "11": ("Đã hết hạn chờ thanh toán", "Payment window expired"),
    "70": ("Sai chữ ký", "Wrong checksum"),
}

#: vnp_ResponseCode of the merchant API (querydr, refund).
API_RESPONSE: dict[str, str] = {
    "00": "Yêu cầu thành công",
    "02": "Mã định danh kết nối không hợp lệ (kiểm tra lại TmnCode)",
    "03": "Dữ liệu gửi sang không đúng định dạng",
    "91": "Không tìm thấy giao dịch yêu cầu",
    "94": "Yêu cầu trùng lặp trong thời gian giới hạn của API",
    "95": "Giao dịch này không thành công bên VNPAY. VNPAY từ chối xử lý yêu cầu",
    "97": "Checksum không hợp lệ",
    "99": "Các lỗi khác",
}

#: vnp_TransactionStatus.
TXN_SUCCESS = "00"
TXN_PENDING = "01"
TXN_FAILED = "02"

#: vnp_TransactionType in the merchant API and the report.
TYPE_PAYMENT = "01"
TYPE_FULL_REFUND = "02"
TYPE_PARTIAL_REFUND = "03"

#: RspCode a merchant's IPN endpoint answers; after these VNPay stops retrying.
IPN_FINAL_ANSWERS = frozenset({"00", "01", "02", "04", "97"})
