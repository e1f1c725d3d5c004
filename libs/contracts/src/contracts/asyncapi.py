"""Generate the AsyncAPI 3.0 document of the suite's events from the registry.

    uv run python -m contracts.asyncapi --out docs/asyncapi.yaml

The committed `docs/asyncapi.yaml` is compared with fresh output by a unit test, so it cannot drift
from the payload models.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

import yaml
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from contracts.events import (
    CATALOG_TOPIC,
    DOSSIER_TOPIC,
    EVENTS,
    FEEDBACK_TOPIC,
    IDENTITY_TOPIC,
    NOTIFICATION_TOPIC,
    PAYMENT_TOPIC,
    SERVICES,
    EventSpec,
    dlq_topic,
)

__all__ = ["ASYNCAPI_VERSION", "DOCUMENT_VERSION", "build_asyncapi", "main", "render_asyncapi"]

ASYNCAPI_VERSION = "3.0.0"
DOCUMENT_VERSION = "0.1.0"
HEADERS_SCHEMA = "CloudEventHeaders"
_KAFKA_BINDING_VERSION = "0.5.0"
_SCHEMA_REF = "#/components/schemas/{model}"

# Channel id (used in $refs and operation ids) and description, per topic.
_CHANNELS: dict[str, tuple[str, str]] = {
    DOSSIER_TOPIC: (
        "dossier",
        "Dossier lifecycle: one event per status transition (DESIGN §3), emitted by the owner of the "
        "transition (intake or workflow), plus workflow's process events.",
    ),
    CATALOG_TOPIC: ("catalog", "Catalogue changes: procedure versions, agencies, the working-day calendar."),
    IDENTITY_TOPIC: ("identity", "Account lifecycle. Never carries secrets, OTP codes or tokens."),
    PAYMENT_TOPIC: ("payment", "Payment orders, confirmations, failures and refunds per dossier."),
    NOTIFICATION_TOPIC: ("notification", "Delivery outcome of messages sent by notify."),
    FEEDBACK_TOPIC: (
        "feedback",
        "Citizens' feedback and petitions (R-FB-4): received, forwarded, answered, due soon, overdue; "
        "keyed by the feedback, each naming the agency that must answer.",
    ),
}


def _headers_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": (
            "CloudEvents 1.0 attributes in Kafka binary mode (`ce_*` headers); the event's `data` is "
            "the JSON message value and the Kafka key is the aggregate id."
        ),
        "required": ["ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "content-type"],
        "properties": {
            "ce_id": {"type": "string", "description": "Unique event id; consumers skip ids already seen."},
            "ce_source": {
                "type": "string",
                "format": "uri-reference",
                "description": "The producing service, e.g. `/motcua/intake`.",
            },
            "ce_type": {"type": "string", "description": "`vn.motcua.<aggregate>.<event>.v1`."},
            "ce_specversion": {"type": "string", "const": "1.0"},
            "ce_time": {"type": "string", "format": "date-time"},
            "ce_subject": {
                "type": "string",
                "description": "What the event is about in human terms, e.g. the dossier code.",
            },
            "content-type": {"type": "string", "const": "application/json"},
            "traceparent": {
                "type": "string",
                "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
                "description": "W3C Trace Context of the operation that produced the event.",
            },
        },
    }


def _key_schema(spec: EventSpec) -> dict[str, Any]:
    if spec.key_field is None:
        return {"type": "string", "const": spec.aggregate, "description": "One key for every event."}
    schema: dict[str, Any] = {"type": "string", "description": f"The payload's `{spec.key_field}`."}
    if spec.payload.model_fields[spec.key_field].annotation is UUID:
        schema["format"] = "uuid"
    return schema


def _message(spec: EventSpec) -> dict[str, Any]:
    description = f"Sent by {', '.join(spec.producers)}. Kafka key: `{spec.key_field or spec.aggregate}`."
    if spec.enters_status is not None:
        description += f" Moves the dossier to `{spec.enters_status.value}`."
    return {
        "name": spec.type,
        "title": spec.name,
        "summary": spec.summary,
        "description": description,
        "contentType": "application/json",
        "headers": {
            "allOf": [
                {"$ref": _SCHEMA_REF.format(model=HEADERS_SCHEMA)},
                {"type": "object", "properties": {"ce_type": {"const": spec.type}}},
            ]
        },
        "payload": {"$ref": _SCHEMA_REF.format(model=spec.name)},
        "bindings": {"kafka": {"key": _key_schema(spec), "bindingVersion": _KAFKA_BINDING_VERSION}},
    }


def _schemas(specs: Sequence[EventSpec]) -> dict[str, Any]:
    models: list[type[BaseModel]] = [spec.payload for spec in specs]
    _, top = models_json_schema([(m, "validation") for m in models], ref_template=_SCHEMA_REF)
    schemas: dict[str, Any] = dict(sorted(top.get("$defs", {}).items()))
    missing = [spec.name for spec in specs if spec.name not in schemas]
    if missing:  # a payload model's schema must be stored under its class name, as messages refer to it
        raise RuntimeError(f"payload schemas not named after their models: {missing}")
    schemas[HEADERS_SCHEMA] = _headers_schema()
    return schemas


def _operation_id(service: str, action: str, channel_id: str) -> str:
    return f"{service}{action.capitalize()}{channel_id.capitalize()}"


def build_asyncapi() -> dict[str, Any]:
    """The AsyncAPI 3.0.0 document for every registered event, as plain data."""
    specs = list(EVENTS.values())
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic, (channel_id, description) in _CHANNELS.items():
        topic_specs = [spec for spec in specs if spec.topic == topic]
        channels[channel_id] = {
            "address": topic,
            "title": topic,
            "description": f"{description} Poison events are parked on `{dlq_topic(topic)}`.",
            "messages": {spec.name: {"$ref": f"#/components/messages/{spec.name}"} for spec in topic_specs},
        }
        for service in SERVICES:
            for action in ("send", "receive"):
                chosen = [
                    spec
                    for spec in topic_specs
                    if service in (spec.producers if action == "send" else spec.consumers)
                ]
                if not chosen:
                    continue
                verb = "sends" if action == "send" else "receives"
                operations[_operation_id(service, action, channel_id)] = {
                    "action": action,
                    "channel": {"$ref": f"#/channels/{channel_id}"},
                    "title": f"{service} {verb} {channel_id} events",
                    "tags": [{"name": service}],
                    "messages": [
                        {"$ref": f"#/channels/{channel_id}/messages/{spec.name}"} for spec in chosen
                    ],
                }
    unassigned = sorted({spec.topic for spec in specs} - _CHANNELS.keys())
    if unassigned:
        raise RuntimeError(f"topics without an AsyncAPI channel: {unassigned}")
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "motcua events",
            "version": DOCUMENT_VERSION,
            "description": (
                "Events exchanged by the motcua services: CloudEvents 1.0 in Kafka binary mode "
                "(`ce_*` headers, JSON data, key = aggregate id). Generated from the `contracts` "
                "package by `python -m contracts.asyncapi`; do not edit by hand."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "localhost:9092",
                "protocol": "kafka",
                "description": "The local Kafka-protocol broker started by `make run`.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {
            "schemas": _schemas(specs),
            "messages": {spec.name: _message(spec) for spec in specs},
        },
    }


def render_asyncapi() -> str:
    """The AsyncAPI document as YAML text, exactly as committed in `docs/asyncapi.yaml`."""
    # A JSON round trip leaves no shared sub-objects, so YAML writes no anchors/aliases (which
    # confuse AsyncAPI tools), and only plain JSON types remain.
    document = json.loads(json.dumps(build_asyncapi()))
    text: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Write the AsyncAPI document to `--out` or to stdout."""
    parser = argparse.ArgumentParser(prog="python -m contracts.asyncapi", description=main.__doc__)
    parser.add_argument("--out", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = render_asyncapi()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
