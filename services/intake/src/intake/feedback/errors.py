"""Errors of feedback (problem+json, Vietnamese by default, English with Accept-Language: en)."""

from __future__ import annotations

from servicekit.errors import Conflict, Forbidden, NotFound, RateLimited, ServiceError, ServiceUnavailable
from servicekit.i18n import Text


class FeedbackNotFound(NotFound):
    code = "feedback_not_found"
    title = Text("Không tìm thấy phản ánh, kiến nghị", "Feedback not found")
    detail = Text(
        "Không có phản ánh, kiến nghị {feedback_id} trong phạm vi bạn được xem.",
        "No feedback {feedback_id} visible to you.",
    )


class CitedDossierNotFound(NotFound):
    """The same answer whether the dossier does not exist or is someone else's (no probing of ids)."""

    code = "dossier_not_found"
    title = Text("Không tìm thấy hồ sơ", "Dossier not found")
    detail = Text(
        "Không có hồ sơ {dossier_id} của bạn; chỉ người nộp hồ sơ được phản ánh về hồ sơ của mình.",
        "You have no dossier {dossier_id}; only its applicant may give feedback about a dossier.",
    )


class DossierNotFiled(Conflict):
    code = "dossier_not_filed"
    title = Text("Hồ sơ chưa được nộp", "Dossier not filed")
    detail = Text(
        "Hồ sơ còn là bản nháp, chưa gửi tới cơ quan nào; hãy phản ánh về thủ tục hoặc cơ quan.",
        "The dossier is still a draft and with no agency; give feedback about the procedure or agency.",
    )


class TargetUnknown(ServiceError):
    status = 422
    code = "feedback_target_unknown"
    title = Text("Không xác định được nơi nhận phản ánh", "Unknown feedback target")
    detail = Text(
        "Thủ tục hoặc cơ quan được nêu không có trong danh mục; xem danh sách lỗi.",
        "The procedure or agency named is not in the catalogue; see errors.",
    )


class ContactRequired(ServiceError):
    status = 422
    code = "contact_required"
    title = Text("Thiếu thông tin liên hệ", "Contact details required")
    detail = Text(
        "Khi không đăng nhập, cần ghi họ tên và thư điện tử hoặc số điện thoại để nhận trả lời.",
        "Without signing in, give your name and an email address or phone number to receive the answer.",
    )


class ChannelNotAllowed(Forbidden):
    code = "feedback_channel_not_allowed"
    detail = Text(
        "Chỉ cán bộ của cơ quan được ghi nhận phản ánh nhận qua điện thoại, thư điện tử hoặc tại Bộ phận "
        "Một cửa, và chỉ cho cơ quan của mình.",
        "Only an official of the agency may record feedback received by phone, email or at the desk, "
        "and only for their own agency.",
    )


class NotAHandler(Forbidden):
    code = "not_feedback_handler"
    detail = Text(
        "Chỉ cán bộ tiếp nhận, chuyên viên hoặc lãnh đạo của cơ quan {agency_code} được xử lý phản ánh này.",
        "Only a desk officer, specialist or head of agency {agency_code} may handle this feedback.",
    )


class NotASupervisor(Forbidden):
    code = "not_feedback_supervisor"
    detail = Text(
        "Chỉ lãnh đạo hoặc quản trị của cơ quan {agency_code} được xem số liệu trách nhiệm trả lời.",
        "Only the heads or administrators of agency {agency_code} may read its accountability figures.",
    )


class AlreadyAnswered(Conflict):
    code = "feedback_already_answered"
    title = Text("Phản ánh đã được trả lời", "Feedback already answered")
    detail = Text(
        "Phản ánh, kiến nghị này đã được trả lời lúc {answered_at}.",
        "This feedback was answered at {answered_at}.",
    )


class NotAnswered(Conflict):
    code = "feedback_not_answered"
    title = Text("Phản ánh chưa được trả lời", "Feedback not answered")
    detail = Text(
        "Chỉ công khai được phản ánh, kiến nghị đã có câu trả lời.",
        "Only answered feedback can be published.",
    )


class ConsentMissing(Conflict):
    code = "publication_without_consent"
    title = Text("Người gửi chưa đồng ý công khai", "No consent to publish")
    detail = Text(
        "Người gửi không đồng ý công khai nội dung phản ánh; không được đưa lên mục Hỏi đáp.",
        "The submitter did not consent to publication; it cannot appear in the public Q&A.",
    )


class ForwardToSameAgency(ServiceError):
    status = 422
    code = "forward_to_same_agency"
    title = Text("Chuyển phản ánh không hợp lệ", "Invalid forward")
    detail = Text(
        "Phản ánh đang thuộc cơ quan {agency_code}; hãy chọn cơ quan có thẩm quyền khác.",
        "The feedback is already with agency {agency_code}; choose the competent agency.",
    )


class SubmissionsLimited(RateLimited):
    code = "feedback_rate_limited"
    detail = Text(
        "Bạn đã gửi nhiều phản ánh trong thời gian ngắn; hãy thử lại sau.",
        "You sent a lot of feedback in a short time; try again later.",
    )


class CatalogUnavailable(ServiceUnavailable):
    code = "catalog_unavailable"
    detail = Text(
        "Chưa tra cứu được danh mục cơ quan, thủ tục; hãy thử lại sau ít phút.",
        "The catalogue of agencies and procedures cannot be reached; try again in a few minutes.",
    )

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "30"})
