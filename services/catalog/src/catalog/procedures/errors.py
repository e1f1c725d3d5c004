"""Errors of procedures and their versions."""

from __future__ import annotations

from servicekit.errors import Conflict, FieldError, NotFound, ServiceError
from servicekit.i18n import Text


class ProcedureNotFound(NotFound):
    code = "procedure_not_found"
    title = Text("Không tìm thấy thủ tục", "Procedure not found")
    detail = Text("Không có thủ tục mã {procedure_code}.", "There is no procedure {procedure_code}.")


class ProcedureNotInForce(NotFound):
    code = "procedure_not_in_force"
    title = Text("Thủ tục chưa có hiệu lực", "Procedure not in force")
    detail = Text(
        "Thủ tục {procedure_code} không có phiên bản nào đang có hiệu lực hôm nay.",
        "Procedure {procedure_code} has no version in force today.",
    )


class VersionNotFound(NotFound):
    code = "procedure_version_not_found"
    title = Text("Không tìm thấy phiên bản thủ tục", "Procedure version not found")
    detail = Text(
        "Thủ tục {procedure_code} không có phiên bản {version}.",
        "Procedure {procedure_code} has no version {version}.",
    )


class ProcedureExists(Conflict):
    code = "procedure_exists"
    title = Text("Thủ tục đã tồn tại", "Procedure already exists")
    detail = Text(
        "Đã có thủ tục mã {procedure_code}; hãy tạo phiên bản mới của thủ tục đó.",
        "Procedure {procedure_code} exists; create a new version of it instead.",
    )


class VersionImmutable(Conflict):
    code = "procedure_version_immutable"
    title = Text("Phiên bản đã công bố không được sửa", "Published version is immutable")
    detail = Text(
        "Phiên bản {version} của thủ tục {procedure_code} đã {status_label}; không sửa được. "
        "Hãy tạo phiên bản nháp mới (POST /v1/procedures/{procedure_code}/versions).",
        "Version {version} of procedure {procedure_code} is {status}; it cannot change. "
        "Create a new draft version (POST /v1/procedures/{procedure_code}/versions).",
    )


class DraftExists(Conflict):
    code = "procedure_draft_exists"
    title = Text("Đã có bản nháp", "A draft already exists")
    detail = Text(
        "Thủ tục {procedure_code} đang có bản nháp phiên bản {version}; hãy sửa hoặc hủy bản nháp đó.",
        "Procedure {procedure_code} already has draft version {version}; edit or discard it.",
    )


class ProcedureInvalid(ServiceError):
    status = 422
    code = "procedure_invalid"
    title = Text("Nội dung thủ tục không hợp lệ", "Invalid procedure")
    detail = Text("Nội dung thủ tục chưa đúng; xem danh sách lỗi.", "The procedure is not valid; see errors.")


class ProcedureIncomplete(ServiceError):
    status = 422
    code = "procedure_incomplete"
    title = Text("Thủ tục chưa đủ thông tin để công bố", "Procedure incomplete")
    detail = Text(
        "Chưa công bố được: còn thiếu hoặc chưa đúng các thông tin bắt buộc (R-CAT-1, R-CAT-2); "
        "xem danh sách lỗi.",
        "Cannot publish: required information (R-CAT-1, R-CAT-2) is missing or inconsistent; see errors.",
    )


class ValidityConflict(ServiceError):
    status = 422
    code = "procedure_validity_overlap"
    title = Text("Thời gian hiệu lực bị chồng lấn", "Overlapping validity")
    detail = Text(
        "Thời gian hiệu lực chồng lấn với phiên bản {other} đã công bố; hãy chọn ngày bắt đầu hiệu lực khác.",
        "The validity period overlaps published version {other}; choose another start date.",
    )


class FeeQuoteInvalid(ServiceError):
    status = 422
    code = "fee_quote_invalid"
    title = Text("Yêu cầu tính phí không hợp lệ", "Invalid fee quote request")


MESSAGES = {
    "required": Text("Thông tin bắt buộc khi công bố (R-CAT-1).", "Required to publish (R-CAT-1)."),
    "required_stated": Text(
        "Phải nêu rõ; dùng danh sách rỗng nếu không có (R-CAT-1).",
        "Must be stated; use an empty list for none (R-CAT-1).",
    ),
    "online_mode_mismatch": Text(
        "Không khớp với mức độ {level} (mức 4 = toàn trình, mức 3 = một phần).",
        "Does not match level {level} (level 4 = full, level 3 = partial).",
    ),
    "level2_needs_form": Text(
        "Từ mức độ 2 phải có biểu mẫu để tải về (R-CAT-2).",
        "Level 2 and above need a downloadable form (R-CAT-2).",
    ),
    "level3_online_submission": Text(
        "Từ mức độ 3 phải cho phép nộp trực tuyến (R-CAT-2).",
        "Level 3 and above accept online submission (R-CAT-2).",
    ),
    "level3_interactive_form": Text(
        "Từ mức độ 3, tờ khai phải có biểu mẫu điện tử tương tác (R-CAT-2).",
        "Level 3 and above need an interactive e-form for each form (R-CAT-2).",
    ),
    "file_types_required": Text("Nêu các định dạng tệp được chấp nhận.", "State the accepted file types."),
    "max_size_required": Text(
        "Nêu dung lượng tệp tối đa (R-CAT-4).", "State the maximum file size (R-CAT-4)."
    ),
    "level4_online_result": Text(
        "Mức độ 4 phải trả kết quả trực tuyến (R-CAT-2).", "Level 4 returns results online (R-CAT-2)."
    ),
    "level4_online_payment": Text(
        "Mức độ 4 có thu phí phải cho phép thanh toán trực tuyến (R-CAT-2).",
        "Level 4 with fees must allow online payment (R-CAT-2).",
    ),
    "unknown_form": Text(
        "Không có biểu mẫu {value} trong phiên bản này.", "There is no form {value} in this version."
    ),
    "step_order": Text(
        "Các bước phải đánh số liên tục từ 1.", "Steps must be numbered 1, 2, 3… without gaps."
    ),
    "step_budget_exceeded": Text(
        "Tổng thời hạn các bước ({budget} ngày) vượt thời hạn giải quyết ({limit} ngày).",
        "The steps' budgets ({budget} days) exceed the time limit ({limit} days).",
    ),
    "method_missing": Text(
        "Thiếu cách thức thực hiện cho kênh nộp {channel}.", "No method is described for channel {channel}."
    ),
    "unknown_agency": Text("Không có cơ quan mã {value}.", "There is no agency {value}."),
    "inactive_agency": Text("Cơ quan {value} đã ngừng hoạt động.", "Agency {value} is inactive."),
    "unknown_field": Text("Không có lĩnh vực mã {value}.", "There is no field {value}."),
    "invalid_period": Text(
        "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.", "valid_to must not be before valid_from."
    ),
    "unknown_fee": Text("Thủ tục không có khoản phí {value}.", "The procedure has no fee {value}."),
}


def field_error(field: str, problem: str, **params: object) -> FieldError:
    return FieldError(field, problem, MESSAGES[problem].render(None, **params))
