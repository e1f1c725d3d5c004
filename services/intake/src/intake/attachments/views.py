"""Rows of files as the API shows them."""

from __future__ import annotations

from intake.attachments.models import Attachment, Document
from intake.attachments.schemas import DocumentRead, FileRead


def file_read(attachment: Attachment, document: Document) -> FileRead:
    return FileRead(
        id=attachment.id,
        document_id=document.id,
        component_code=attachment.component_code,
        version=attachment.version,
        filename=document.filename,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        added_at=attachment.added_at,
        removed_at=attachment.removed_at,
        supplement_round=attachment.supplement_round,
        content_url=f"/v1/dossiers/{attachment.dossier_id}/documents/{attachment.id}/content",
    )


def document_read(document: Document) -> DocumentRead:
    return DocumentRead(
        id=document.id,
        category=document.category,
        title=document.title,
        filename=document.filename,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        created_at=document.created_at,
        dossier_id=document.dossier_id,
        content_url=f"/v1/dossiers/documents/{document.id}/content",
    )
