"""Errors of tasks and processing actions (problem+json, Vietnamese first)."""

from __future__ import annotations

from servicekit.errors import Conflict, Forbidden, NotFound, ServiceError
from servicekit.i18n import Text


class TaskNotFound(NotFound):
    code = "task_not_found"
    title = Text("Không tìm thấy công việc", "Task not found")


class ProcessNotFound(NotFound):
    code = "process_not_found"
    title = Text("Không tìm thấy quy trình xử lý", "Process not found")


class DocumentNotFound(NotFound):
    code = "document_not_found"
    title = Text("Không tìm thấy tài liệu", "Document not found")


class NoticeNotFound(NotFound):
    code = "notice_not_found"
    title = Text("Không tìm thấy thông báo", "Notice not found")


class RoleRequired(Forbidden):
    code = "role_required"
    detail = Text(
        "Bước này do {role} của đơn vị {agency_code} thực hiện.",
        "This step is for the {role} of unit {agency_code}.",
    )


class NotAssignee(Forbidden):
    code = "not_assignee"
    detail = Text("Công việc này đã được giao cho cán bộ khác.", "This task is assigned to another officer.")


class UnitHeadRequired(Forbidden):
    code = "unit_head_required"
    detail = Text(
        "Chỉ lãnh đạo đơn vị {agency_code} được phân công xử lý.",
        "Only the head of unit {agency_code} assigns its tasks.",
    )


class ManagerRequired(Forbidden):
    code = "manager_required"
    detail = Text(
        "Chỉ lãnh đạo đơn vị hoặc lãnh đạo cơ quan tham gia giải quyết hồ sơ được thực hiện thao tác này.",
        "Only a unit head or agency leader of an agency processing the dossier may do this.",
    )


class LeaderRequired(Forbidden):
    code = "leader_required"
    detail = Text(
        "Chỉ lãnh đạo cơ quan tiếp nhận hoặc cơ quan quyết định được dừng giải quyết hồ sơ.",
        "Only a leader of the receiving or deciding agency may stop processing.",
    )


class TaskNotOpen(Conflict):
    code = "task_not_open"
    detail = Text(
        "Công việc này không còn chờ xử lý (trạng thái {status}).", "This task is not open ({status})."
    )


class ProcessNotProcessing(Conflict):
    code = "process_not_processing"
    detail = Text(
        "Hồ sơ không ở trạng thái đang xử lý (hiện tại: {stage}).",
        "The dossier is not in processing ({stage}).",
    )


class WrongStepKind(Conflict):
    code = "wrong_step"
    detail = Text(
        "Thao tác này không thực hiện được ở bước {kind}.", "This action does not belong to a {kind} step."
    )


class TaskNotAssigned(Conflict):
    code = "task_not_assigned"
    detail = Text(
        "Lãnh đạo đơn vị cần phân công cán bộ xử lý trước (R-PROC-2).",
        "The unit head must assign an officer first (R-PROC-2).",
    )


class AssigneeNotEligible(ServiceError):
    status = 422
    code = "assignee_not_eligible"
    title = Text("Không giao được cho cán bộ này", "Assignee not eligible")
    detail = Text(
        "Cán bộ {subject} không phải {role} của đơn vị {agency_code} đã dùng hệ thống.",
        "Officer {subject} is not a known {role} of unit {agency_code}.",
    )


class ConsultationsPending(Conflict):
    code = "consultations_pending"
    detail = Text(
        "Còn {count} ý kiến được hỏi chưa trả lời và chưa quá hạn (R-PROC-4).",
        "{count} consultation(s) are unanswered and not yet past their deadline (R-PROC-4).",
    )


class VerificationRequired(Conflict):
    code = "verification_required"
    detail = Text(
        "Cần ghi nhận kết quả xác minh trước khi hoàn thành bước này.",
        "Record the verification before completing this step.",
    )


class ConsultationRequired(Conflict):
    code = "consultation_required"
    detail = Text(
        "Cần gửi ít nhất một yêu cầu lấy ý kiến trước khi hoàn thành bước này.",
        "Send at least one consultation request before completing this step.",
    )


class PartsPending(Conflict):
    code = "parts_pending"
    detail = Text(
        "Còn cơ quan phối hợp chưa gửi kết quả phần việc: {agencies} (R-PROC-5).",
        "Participating agencies have not returned their part yet: {agencies} (R-PROC-5).",
    )


class ProposalRequired(Conflict):
    code = "proposal_required"
    detail = Text("Chưa có đề xuất giải quyết để phê duyệt.", "There is no proposed decision to approve.")


class ResultRequired(Conflict):
    code = "result_required"
    detail = Text(
        "Cần ghi nhận văn bản kết quả trước khi chuyển Bộ phận Một cửa.",
        "Record the result document before handing the result to the desk.",
    )


class SupplementWindowClosed(Conflict):
    code = "supplement_window_closed"
    detail = Text(
        "Đã quá 3 ngày làm việc kể từ ngày tiếp nhận; không thể yêu cầu bổ sung (R-PROC-3).",
        "More than 3 working days have passed since reception; no supplement request (R-PROC-3).",
    )


class SupplementAlreadyRequested(Conflict):
    code = "supplement_already_requested"
    detail = Text(
        "Hồ sơ đã được yêu cầu bổ sung một lần (R-PROC-3).",
        "A supplement was already requested once (R-PROC-3).",
    )


class ExtensionAlreadyUsed(Conflict):
    code = "extension_already_used"
    detail = Text(
        "Hồ sơ đã được gia hạn một lần; không được gia hạn lần thứ hai (R-PROC-8).",
        "The date was already moved once; it cannot be moved again (R-PROC-8).",
    )


class ExtensionTooLate(Conflict):
    code = "extension_too_late"
    detail = Text(
        "Phải gia hạn chậm nhất 1 ngày làm việc trước ngày hẹn trả {due_date} (R-PROC-8).",
        "An extension must be recorded at least one working day before {due_date} (R-PROC-8).",
    )


class ExtensionDateInvalid(ServiceError):
    status = 422
    code = "extension_date_invalid"
    title = Text("Ngày hẹn mới không hợp lệ", "Invalid new date")


class ConsultationDeadlineInvalid(ServiceError):
    status = 422
    code = "consultation_deadline_invalid"
    title = Text("Thời hạn lấy ý kiến không hợp lệ", "Invalid consultation deadline")


class ConsultationTargetInvalid(ServiceError):
    status = 422
    code = "consultation_target_invalid"
    title = Text("Đơn vị được hỏi ý kiến không hợp lệ", "Invalid consulted unit")


class DocumentInvalid(ServiceError):
    status = 422
    code = "document_invalid"
    title = Text("Tài liệu không hợp lệ", "Invalid document")


class DocumentTooLarge(ServiceError):
    status = 413
    code = "document_too_large"
    title = Text("Tài liệu quá lớn", "Document too large")
    detail = Text("Tài liệu vượt quá {limit} byte.", "The document is larger than {limit} bytes.")


class ProposalReasonsRequired(ServiceError):
    status = 422
    code = "refusal_reasons_required"
    title = Text("Thiếu lý do từ chối", "Refusal reasons required")
    detail = Text(
        "Đề xuất từ chối phải nêu rõ lý do (R-PROC-7).",
        "A proposed refusal must state its reasons (R-PROC-7).",
    )


class ReturnCommentRequired(ServiceError):
    status = 422
    code = "return_comment_required"
    title = Text("Thiếu ý kiến khi trả lại", "Comment required")
    detail = Text(
        "Khi trả lại để thẩm định lại, cần ghi rõ ý kiến.",
        "Sending a dossier back needs a comment saying why.",
    )


class NotYetReceived(Conflict):
    code = "process_not_received"
    detail = Text(
        "Hồ sơ chưa được Bộ phận Một cửa tiếp nhận; chưa có quá trình giải quyết.",
        "The desk has not received the dossier yet; there is no processing to show.",
    )
