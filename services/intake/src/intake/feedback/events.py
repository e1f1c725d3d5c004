"""Building the payloads of feedback events from a row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contracts.events import FeedbackTarget
from intake.feedback.models import Feedback


def common_fields(feedback: Feedback, at: datetime) -> dict[str, Any]:
    """The fields every feedback event carries (``contracts.events.FeedbackEvent``)."""
    return {
        "feedback_id": feedback.id,
        "agency_code": feedback.agency_code,
        "target": FeedbackTarget(feedback.target),
        "dossier_id": feedback.dossier_id,
        "dossier_code": feedback.dossier_code,
        "procedure_code": feedback.procedure_code,
        "title": feedback.title,
        "due_date": feedback.due_date,
        "occurred_at": at,
    }
