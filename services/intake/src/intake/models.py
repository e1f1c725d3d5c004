"""Every table of the intake service, imported so Alembic sees them."""

from intake.attachments.models import Attachment, Document, UploadSession
from intake.db import Base, metadata, tables
from intake.dossiers.models import Dossier, DossierHistory
from intake.feedback.models import Feedback, FeedbackHistory
from intake.ratings.models import DossierRating
from intake.reception.models import DossierCodeCounter, LetterJob, SupplementRequest

__all__ = [
    "Attachment",
    "Base",
    "Document",
    "Dossier",
    "DossierCodeCounter",
    "DossierHistory",
    "DossierRating",
    "Feedback",
    "FeedbackHistory",
    "LetterJob",
    "SupplementRequest",
    "UploadSession",
    "metadata",
    "tables",
]
