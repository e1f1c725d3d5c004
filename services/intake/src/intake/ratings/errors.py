"""Errors of ratings (problem+json, Vietnamese by default, English with Accept-Language: en)."""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound
from servicekit.i18n import Text


class RatedDossierNotFound(NotFound):
    """The same answer whether the dossier does not exist or is someone else's (no probing of ids)."""

    code = "dossier_not_found"
    title = Text("Không tìm thấy hồ sơ", "Dossier not found")
    detail = Text(
        "Không có hồ sơ {dossier_id} trong phạm vi bạn được xem.", "No dossier {dossier_id} visible to you."
    )


class RatingNotFound(NotFound):
    code = "rating_not_found"
    title = Text("Hồ sơ chưa được đánh giá", "No rating yet")
    detail = Text("Hồ sơ {dossier_id} chưa được đánh giá.", "Dossier {dossier_id} has not been rated.")


class RatingNotOpen(Conflict):
    code = "rating_not_open"
    title = Text("Chưa thể đánh giá", "Rating not open yet")
    detail = Text(
        "Chỉ đánh giá được khi hồ sơ đã có kết quả (đã xử lý xong hoặc đã trả kết quả); hồ sơ đang ở "
        "trạng thái: {status_label}.",
        "A dossier can be rated once it has a result (resolved or returned); it is now: {status}.",
    )


class RatingEditClosed(Conflict):
    code = "rating_edit_closed"
    title = Text("Hết thời hạn sửa đánh giá", "Rating can no longer be changed")
    detail = Text(
        "Đánh giá chỉ sửa được trong {days} ngày sau lần đánh giá đầu; đã hết hạn lúc {until}.",
        "A rating can be changed for {days} days after it was first given; that ended at {until}.",
    )
