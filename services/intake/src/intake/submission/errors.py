"""Errors of submission."""

from __future__ import annotations

from servicekit.errors import Conflict, ServiceError
from servicekit.i18n import Text


class DossierIncomplete(ServiceError):
    status = 422
    code = "dossier_incomplete"
    title = Text("Hồ sơ chưa đầy đủ", "Dossier incomplete")
    detail = Text(
        "Hồ sơ còn thiếu hoặc sai các mục dưới đây; hãy bổ sung rồi nộp lại.",
        "The dossier lacks or has errors in the items below; complete them and submit again.",
    )


class NotSubmittable(Conflict):
    code = "dossier_not_submittable"
    title = Text("Hồ sơ không nộp được", "Dossier cannot be submitted")
    detail = Text(
        "Hồ sơ đang ở trạng thái “{status}”; chỉ bản nháp mới được nộp.",
        "The dossier is “{status}”; only a draft can be submitted.",
    )


class SignatureRequired(ServiceError):
    status = 422
    code = "signature_required"
    title = Text("Cần chữ ký số", "Digital signature required")
    detail = Text(
        "Hồ sơ của tổ chức được xác thực bằng chữ ký số (R-ID-3): hãy ký tờ khai và gửi kèm.",
        "An organisation authenticates its dossier with a digital signature: sign the declaration, send it.",
    )


class ConfirmationMissing(ServiceError):
    status = 422
    code = "confirmation_required"
    title = Text("Cần xác nhận nộp hồ sơ", "Confirmation required")
    detail = Text(
        "Gửi mã OTP đã nhận hoặc tờ khai đã ký số để xác nhận nộp hồ sơ (chỉ một trong hai).",
        "Send the OTP code you received or the digitally signed declaration (exactly one of them).",
    )


class SignatureSignerMismatch(ServiceError):
    status = 422
    code = "signature_signer_mismatch"
    title = Text("Người ký không phải tổ chức nộp hồ sơ", "Signer is not the applicant")
    detail = Text(
        "Chứng thư số không thuộc tổ chức có mã số thuế {tax_code} (R-ID-5).",
        "The certificate does not belong to the organisation with tax code {tax_code}.",
    )


class NotSupplementable(Conflict):
    code = "dossier_not_supplementable"
    title = Text("Hồ sơ không ở trạng thái bổ sung", "Nothing to supplement")
    detail = Text(
        "Hồ sơ đang ở trạng thái “{status}”; chỉ bổ sung khi có yêu cầu bổ sung, hoàn thiện hồ sơ.",
        "The dossier is “{status}”; supplements answer a supplement request only.",
    )


class NotWithdrawable(Conflict):
    code = "dossier_not_withdrawable"
    title = Text("Không rút được hồ sơ", "Dossier cannot be withdrawn")
    detail = Text(
        "Hồ sơ đang ở trạng thái “{status}”: chỉ rút được hồ sơ đã nộp và chưa có kết quả; bản nháp thì xóa.",
        "The dossier is “{status}”: only a filed dossier without a result can be withdrawn; delete a draft.",
    )
