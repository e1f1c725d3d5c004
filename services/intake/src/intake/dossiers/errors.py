"""Errors of the dossier aggregate."""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound, ServiceError
from servicekit.i18n import Text


class DossierNotFound(NotFound):
    code = "dossier_not_found"
    title = Text("Không tìm thấy hồ sơ", "Dossier not found")
    detail = Text(
        "Không có hồ sơ {dossier_id} trong phạm vi bạn được xem.", "No dossier {dossier_id} visible to you."
    )


class DossierNotEditable(Conflict):
    code = "dossier_not_editable"
    title = Text("Hồ sơ không sửa được", "Dossier cannot be changed")
    detail = Text(
        "Hồ sơ đang ở trạng thái “{status}”: chỉ sửa được bản nháp hoặc hồ sơ đang được yêu cầu bổ sung.",
        "The dossier is “{status}”: only drafts and dossiers asked to be supplemented can be changed.",
    )


class DossierInvalid(ServiceError):
    status = 422
    code = "dossier_invalid"
    title = Text("Dữ liệu hồ sơ không hợp lệ", "Invalid dossier data")
    detail = Text("Một số trường chưa đúng; xem danh sách lỗi.", "Some fields are invalid; see errors.")


class ApplicantNotAdmitted(ServiceError):
    status = 422
    code = "applicant_not_admitted"
    title = Text("Không thuộc đối tượng thực hiện", "Applicant not admitted")
    detail = Text(
        "Thủ tục {procedure_code} không nhận hồ sơ của {kind}, hoặc không nhận hồ sơ trực tuyến.",
        "Procedure {procedure_code} takes no dossiers from a {kind}, or none online.",
    )
