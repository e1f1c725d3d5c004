"""Errors when the catalogue does not have, or cannot give, what a dossier needs."""

from __future__ import annotations

from servicekit.errors import FieldError, ServiceError, ServiceUnavailable
from servicekit.i18n import Text


class CatalogUnavailable(ServiceUnavailable):
    code = "catalog_unavailable"
    detail = Text(
        "Chưa đọc được danh mục thủ tục; vui lòng thử lại sau ít phút.",
        "The procedure catalogue could not be read; please try again in a few minutes.",
    )


class ProcedureUnavailable(ServiceError):
    """The procedure (version) does not exist, is not published, or is not in force."""

    status = 422
    code = "procedure_unavailable"
    title = Text("Thủ tục không nhận hồ sơ", "Procedure not available")
    detail = Text(
        "Thủ tục {procedure_code} (phiên bản {version}) không tồn tại hoặc không còn hiệu lực.",
        "Procedure {procedure_code} (version {version}) does not exist or is not in force.",
    )

    def __init__(self, *, procedure_code: str, version: int | str | None, field: str) -> None:
        message = Text("Không có thủ tục đang hiệu lực này.", "No such procedure in force.").render()
        super().__init__(
            errors=[FieldError(field, self.code, message)],
            procedure_code=procedure_code,
            version=version if version is not None else "đang hiệu lực",
        )
