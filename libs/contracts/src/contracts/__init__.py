"""motcua contracts: the dossier lifecycle, shared enums, event types and payload models.

`contracts.lifecycle` holds the state machine and its national/public codes, `contracts.events` the
topics, CloudEvents types, payload models and registry; `python -m contracts.asyncapi` writes the
AsyncAPI document (import `contracts.asyncapi` for `build_asyncapi`).
"""

from contracts.events import (
    ALL_TOPICS,
    CATALOG_TOPIC,
    DOSSIER_TOPIC,
    EVENTS,
    IDENTITY_TOPIC,
    NOTIFICATION_TOPIC,
    PAYMENT_TOPIC,
    EventPayload,
    EventSpec,
    UnknownEventType,
    dlq_topic,
    parse_payload,
    parse_payload_json,
    spec_for,
)
from contracts.lifecycle import (
    TERMINAL_STATUSES,
    ApplicantKind,
    Channel,
    DossierStatus,
    LookupStatus,
    NationalStatus,
    TransitionNotAllowed,
    allowed_transitions,
    can_transition,
    ensure_transition,
    is_terminal,
    lookup_status,
    national_status,
    status_after_supplement,
)

__all__ = [
    "ALL_TOPICS",
    "CATALOG_TOPIC",
    "DOSSIER_TOPIC",
    "EVENTS",
    "IDENTITY_TOPIC",
    "NOTIFICATION_TOPIC",
    "PAYMENT_TOPIC",
    "TERMINAL_STATUSES",
    "ApplicantKind",
    "Channel",
    "DossierStatus",
    "EventPayload",
    "EventSpec",
    "LookupStatus",
    "NationalStatus",
    "TransitionNotAllowed",
    "UnknownEventType",
    "allowed_transitions",
    "can_transition",
    "dlq_topic",
    "ensure_transition",
    "is_terminal",
    "lookup_status",
    "national_status",
    "parse_payload",
    "parse_payload_json",
    "spec_for",
    "status_after_supplement",
]
