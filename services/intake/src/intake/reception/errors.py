"""Errors of the desk."""

from __future__ import annotations

from servicekit.errors import Conflict, ServiceError
from servicekit.i18n import Text


class NotAwaitingDecision(Conflict):
    code = "dossier_not_awaiting_decision"
    title = Text("Hồ sơ không chờ tiếp nhận", "Dossier not awaiting a decision")
    detail = Text(
        "Hồ sơ đang ở trạng thái “{status}”; bộ phận một cửa chỉ xử lý hồ sơ đã nộp, chờ tiếp nhận.",
        "The dossier is “{status}”; the desk decides only on dossiers submitted and awaiting reception.",
    )


class NotAtThisDesk(ServiceError):
    status = 403
    code = "not_agency_officer"
    title = Text("Không thuộc cơ quan của bạn", "Not your agency")
    detail = Text(
        "Thủ tục do cơ quan {agency} giải quyết; bạn không tiếp nhận hồ sơ cho cơ quan này.",
        "The procedure is decided by {agency}; you do not receive dossiers for it.",
    )


class PostalAddressMissing(ServiceError):
    status = 422
    code = "postal_address_missing"
    title = Text("Thiếu địa chỉ nhận kết quả", "Postal address missing")
    detail = Text(
        "Người nộp đăng ký nhận kết quả qua bưu chính nhưng chưa có địa chỉ.",
        "The applicant asked for the result by post but gave no address.",
    )


class NotResolved(Conflict):
    code = "dossier_not_resolved"
    title = Text("Hồ sơ chưa có kết quả", "No result yet")
    detail = Text(
        "Hồ sơ đang ở trạng thái “{status}”; chỉ trả kết quả khi hồ sơ đã xử lý xong.",
        "The dossier is “{status}”; a result is returned once the dossier is resolved.",
    )


class PaymentPending(Conflict):
    code = "payment_pending"
    title = Text("Chưa hoàn thành nghĩa vụ tài chính", "Fees not paid")
    detail = Text(
        "Phí, lệ phí phải nộp trước khi trả kết quả chưa được thanh toán.",
        "The fees due before the result is returned have not been paid.",
    )


class OnlineReturnUnavailable(ServiceError):
    status = 422
    code = "online_return_unavailable"
    title = Text("Không trả kết quả trực tuyến được", "Online return not available")
    detail = Text(
        "Trả kết quả trực tuyến cần thủ tục mức độ 4 và bản điện tử của kết quả (R-RES-1).",
        "An online return needs a level-4 procedure and the electronic result (R-RES-1).",
    )
