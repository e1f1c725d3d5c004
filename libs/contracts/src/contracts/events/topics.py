"""Kafka topics (DESIGN §4). Each has a dead-letter twin where consumers park poison events."""

from __future__ import annotations

__all__ = [
    "ALL_TOPICS",
    "CATALOG_TOPIC",
    "DOSSIER_TOPIC",
    "FEEDBACK_TOPIC",
    "IDENTITY_TOPIC",
    "NOTIFICATION_TOPIC",
    "PAYMENT_TOPIC",
    "dlq_topic",
]

DOSSIER_TOPIC = "motcua.dossier.v1"
CATALOG_TOPIC = "motcua.catalog.v1"
IDENTITY_TOPIC = "motcua.identity.v1"
PAYMENT_TOPIC = "motcua.payment.v1"
NOTIFICATION_TOPIC = "motcua.notification.v1"
FEEDBACK_TOPIC = "motcua.feedback.v1"

ALL_TOPICS: tuple[str, ...] = (
    DOSSIER_TOPIC,
    CATALOG_TOPIC,
    IDENTITY_TOPIC,
    PAYMENT_TOPIC,
    NOTIFICATION_TOPIC,
    FEEDBACK_TOPIC,
)


def dlq_topic(topic: str) -> str:
    """The dead-letter topic of `topic`: `<topic>.dlq`."""
    return f"{topic}.dlq"
