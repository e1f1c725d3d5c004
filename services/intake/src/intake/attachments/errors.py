"""Errors of files and attachments."""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound, ServiceError
from servicekit.i18n import Text


class FileTooLarge(ServiceError):
    status = 413
    code = "file_too_large"
    title = Text("Tệp quá lớn", "File too large")
    detail = Text(
        "Tệp vượt quá dung lượng tối đa {limit_mb} MB cho thành phần này.",
        "The file is larger than the {limit_mb} MB allowed for this component.",
    )


class FileTypeNotAccepted(ServiceError):
    status = 415
    code = "file_type_not_accepted"
    title = Text("Loại tệp không được chấp nhận", "File type not accepted")
    detail = Text(
        "Thành phần này nhận các loại tệp: {accepted}.",
        "This component accepts these file types: {accepted}.",
    )


class FileContentMismatch(ServiceError):
    status = 415
    code = "file_content_mismatch"
    title = Text("Nội dung tệp không đúng loại", "File content does not match its type")
    detail = Text(
        "Tệp “{filename}” có đuôi .{extension} nhưng nội dung không phải tệp {extension} ({detected}).",
        "The file “{filename}” is named .{extension} but its content is not ({detected}).",
    )


class EmptyFile(ServiceError):
    status = 422
    code = "file_empty"
    title = Text("Tệp rỗng", "Empty file")
    detail = Text("Tệp không có nội dung.", "The file has no content.")


class UnknownComponent(ServiceError):
    status = 422
    code = "unknown_component"
    title = Text("Không có thành phần hồ sơ này", "No such dossier component")
    detail = Text(
        "Thủ tục không có thành phần hồ sơ {component_code} cần đính kèm tệp.",
        "The procedure has no component {component_code} that takes a file.",
    )


class AttachmentNotFound(NotFound):
    code = "attachment_not_found"
    title = Text("Không tìm thấy tệp đính kèm", "Attachment not found")


class DocumentNotFound(NotFound):
    code = "document_not_found"
    title = Text("Không tìm thấy giấy tờ", "Document not found")
    detail = Text(
        "Không có giấy tờ {document_id} trong kho giấy tờ của bạn.",
        "No document {document_id} in your store.",
    )


class UploadNotFound(NotFound):
    code = "upload_not_found"
    title = Text("Không tìm thấy phiên tải lên", "Upload not found")


class UploadExpired(ServiceError):
    status = 410
    code = "upload_expired"
    title = Text("Phiên tải lên đã hết hạn", "Upload expired")
    detail = Text("Phiên tải lên đã hết hạn; hãy bắt đầu lại.", "The upload expired; start again.")


class UploadOffsetMismatch(Conflict):
    code = "upload_offset_mismatch"
    title = Text("Sai vị trí tải lên", "Wrong upload offset")
    detail = Text(
        "Máy chủ đã nhận {received} byte; hãy gửi tiếp từ vị trí đó.",
        "The server has {received} bytes; continue from there.",
    )


class UploadFinished(Conflict):
    code = "upload_finished"
    title = Text("Phiên tải lên đã hoàn tất", "Upload already finished")


class NotYourDossierFiles(ServiceError):
    status = 409
    code = "documents_not_editable"
    title = Text("Không thay đổi được giấy tờ", "Documents cannot be changed")
    detail = Text(
        "Giấy tờ của hồ sơ ở trạng thái “{status}” không thay đổi được.",
        "The documents of a dossier that is “{status}” cannot be changed.",
    )
