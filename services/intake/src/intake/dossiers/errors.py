"""Errors of the dossier aggregate."""

from __future__ import annotations

from servicekit.errors import NotFound
from servicekit.i18n import Text


class DossierNotFound(NotFound):
    code = "dossier_not_found"
    title = Text("Không tìm thấy hồ sơ", "Dossier not found")
    detail = Text(
        "Không có hồ sơ {dossier_id} trong phạm vi bạn được xem.", "No dossier {dossier_id} visible to you."
    )
