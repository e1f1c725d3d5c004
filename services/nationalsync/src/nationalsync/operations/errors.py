"""Errors of the operator API."""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound
from servicekit.i18n import Text


class SyncDossierNotFound(NotFound):
    code = "sync_dossier_not_found"
    title = Text("Không tìm thấy hồ sơ đồng bộ", "Synchronised dossier not found")
    detail = Text(
        "Không có hồ sơ {ref} trong phạm vi bạn được xem.",
        "No dossier {ref} visible to you.",
    )


class SyncJobNotFound(NotFound):
    code = "sync_job_not_found"
    title = Text("Không tìm thấy lần đồng bộ", "Sync job not found")
    detail = Text(
        "Không có lần đồng bộ {job_id} trong phạm vi bạn được xem.",
        "No sync job {job_id} visible to you.",
    )


class NothingToRetry(Conflict):
    code = "nothing_to_retry"
    title = Text("Không có gì để thử lại", "Nothing to retry")
    detail = Text(
        "Hồ sơ {ref} không có lần đồng bộ nào bị dừng hoặc đang chờ thử lại (trạng thái: {state}).",
        "Dossier {ref} has no parked or waiting push to retry (state: {state}).",
    )
