"""CloudEvents 1.0 in Kafka binary mode (``ce_*`` headers, JSON data), via the cloudevents SDK."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from cloudevents.core.bindings.kafka import KafkaMessage, from_binary_event, to_binary_event
from cloudevents.core.v1.event import CloudEvent
from pydantic import BaseModel

from servicekit.db import utcnow, uuid7

KafkaHeaders = list[tuple[str, bytes]]


class MalformedEvent(ValueError):
    """A Kafka record that is not a CloudEvent we can read; goes straight to the DLQ."""


@dataclass(frozen=True)
class Event:
    """One CloudEvent as the services see it."""

    id: str
    type: str
    source: str
    data: dict[str, Any]
    key: str | None = None
    subject: str | None = None
    time: datetime = field(default_factory=utcnow)
    traceparent: str | None = None
    extensions: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        type: str,
        payload: BaseModel | Mapping[str, Any],
        *,
        source: str,
        key: str | None,
        subject: str | None = None,
        traceparent: str | None = None,
    ) -> Event:
        data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else dict(payload)
        return cls(
            id=str(uuid7()),
            type=type,
            source=source,
            data=data,
            key=key,
            subject=subject,
            traceparent=traceparent,
        )

    @property
    def uuid(self) -> UUID:
        return UUID(self.id)


def to_kafka(event: Event) -> KafkaMessage:
    """Binary content mode: attributes in ``ce_*`` headers, data as the JSON value, key = aggregate id."""
    attributes: dict[str, Any] = {
        "id": event.id,
        "type": event.type,
        "source": event.source,
        "specversion": "1.0",
        "time": event.time,
        "datacontenttype": "application/json",
    }
    if event.subject:
        attributes["subject"] = event.subject
    if event.key:
        attributes["partitionkey"] = event.key
    if event.traceparent:
        attributes["traceparent"] = event.traceparent
    for name, value in event.extensions.items():
        attributes[name] = value
    message = to_binary_event(CloudEvent(attributes=attributes, data=event.data))
    headers = dict(message.headers)
    if event.traceparent:
        # Plain W3C header too, for tools that do not read CloudEvents extensions.
        headers["traceparent"] = event.traceparent.encode()
    return KafkaMessage(headers=headers, key=message.key, value=message.value)


def from_kafka(headers: Sequence[tuple[str, bytes]], key: bytes | None, value: bytes | None) -> Event:
    """Parse a Kafka record in binary mode; raises MalformedEvent when it is not a readable CloudEvent."""
    hdrs = {name: val for name, val in headers if val is not None}
    if "ce_id" not in hdrs or "ce_type" not in hdrs:
        raise MalformedEvent("missing ce_id/ce_type headers")
    try:
        ce = from_binary_event(KafkaMessage(headers=hdrs, key=key, value=value or b""))
    except Exception as exc:
        raise MalformedEvent(f"unreadable CloudEvent: {exc}") from exc
    try:
        UUID(ce.get_id())  # the inbox dedupes by UUID: any other id would fail every retry
    except ValueError as exc:
        raise MalformedEvent("ce_id is not a UUID") from exc
    data = ce.get_data()
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise MalformedEvent("event data is not JSON") from exc
    if not isinstance(data, dict):
        raise MalformedEvent("event data is not a JSON object")
    attrs = ce.get_attributes()
    known = {"id", "type", "source", "specversion", "time", "subject", "datacontenttype", "partitionkey"}
    extensions = {k: str(v) for k, v in attrs.items() if k not in known and k != "traceparent"}
    time = ce.get_time() or utcnow()
    return Event(
        id=ce.get_id(),
        type=ce.get_type(),
        source=ce.get_source(),
        data=data,
        key=attrs.get("partitionkey"),
        subject=ce.get_subject(),
        time=time,
        traceparent=attrs.get("traceparent") or (hdrs.get("traceparent", b"").decode() or None),
        extensions=extensions,
    )


def kafka_headers(message: KafkaMessage) -> KafkaHeaders:
    return list(message.headers.items())
