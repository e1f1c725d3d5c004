"""CloudEvents 1.0 in Kafka binary mode: what goes on the wire and what a consumer reads back."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, datetime

import pytest

from contracts.events import DOSSIER_SUBMITTED, DossierSubmitted
from servicekit.events import Event, MalformedEvent, from_kafka, to_kafka

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def submitted() -> DossierSubmitted:
    now = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    return DossierSubmitted(
        dossier_id=uuid.uuid4(),
        agency_code="000.00.00.H01",
        procedure_code="1.001234",
        applicant_subject="citizen-1",
        occurred_at=now,
        procedure_version=1,
        channel="online",
        applicant_kind="citizen",
        applicant_name="Phạm Thị Dung",
        submitted_at=now,
    )


def an_event(**changes: object) -> Event:
    payload = submitted()
    event = Event.create(
        DOSSIER_SUBMITTED,
        payload,
        source="/motcua/intake",
        key=str(payload.dossier_id),
        subject="000.00.00.H01-260105-0001",
        traceparent=TRACEPARENT,
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def headers_of(event: Event) -> list[tuple[str, bytes]]:
    return list(to_kafka(event).headers.items())


def test_created_events_have_time_ordered_uuid_ids_and_json_data() -> None:
    first, second = an_event(), an_event()
    assert uuid.UUID(first.id).version == 7
    assert first.id < second.id
    assert first.data["applicant_name"] == "Phạm Thị Dung"
    assert first.data["submitted_at"] == "2026-01-05T08:30:00Z"


def test_binary_mode_puts_attributes_in_ce_headers_and_the_payload_in_the_value() -> None:
    event = an_event()
    message = to_kafka(event)
    headers = {k: v.decode() for k, v in message.headers.items()}
    assert headers["ce_id"] == event.id
    assert headers["ce_type"] == DOSSIER_SUBMITTED
    assert headers["ce_source"] == "/motcua/intake"
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_subject"] == "000.00.00.H01-260105-0001"
    assert headers["content-type"] == "application/json"
    assert headers["traceparent"] == TRACEPARENT  # plain W3C header for tools that ignore ce_*
    assert event.key is not None and message.key in (event.key, event.key.encode())
    assert json.loads(message.value) == event.data


def test_an_event_survives_the_round_trip_through_kafka() -> None:
    event = an_event(extensions={"dossiercode": "000.00.00.H01-260105-0001"})
    message = to_kafka(event)
    assert event.key is not None
    read = from_kafka(list(message.headers.items()), event.key.encode(), message.value)
    assert read == event
    assert DossierSubmitted.model_validate(read.data) == DossierSubmitted.model_validate(event.data)


def test_the_record_key_stands_in_when_the_partitionkey_attribute_is_absent() -> None:
    event = an_event(key=None)
    read = from_kafka(headers_of(event), b"dossier-42", to_kafka(event).value)
    assert read.key == "dossier-42"


def test_a_record_without_traceparent_reads_as_untraced() -> None:
    event = an_event(traceparent=None)
    message = to_kafka(event)
    assert "traceparent" not in message.headers
    assert from_kafka(list(message.headers.items()), None, message.value).traceparent is None


@pytest.mark.parametrize("missing", ["ce_id", "ce_type"])
def test_a_record_missing_id_or_type_is_malformed(missing: str) -> None:
    event = an_event()
    headers = [(k, v) for k, v in headers_of(event) if k != missing]
    with pytest.raises(MalformedEvent, match="missing ce_id/ce_type"):
        from_kafka(headers, None, to_kafka(event).value)


def test_a_record_with_no_headers_at_all_is_malformed() -> None:
    with pytest.raises(MalformedEvent):
        from_kafka([], b"k", b'{"dossier_id": "x"}')


def test_a_record_missing_a_required_attribute_is_malformed() -> None:
    event = an_event()
    headers = [(k, v) for k, v in headers_of(event) if k != "ce_source"]
    with pytest.raises(MalformedEvent, match="unreadable CloudEvent"):
        from_kafka(headers, None, to_kafka(event).value)


@pytest.mark.parametrize("value", [b"{not json", b"\xff\xfe", b"[1, 2]", b"null", b"", None], ids=repr)
def test_data_that_is_not_a_json_object_is_malformed(value: bytes | None) -> None:
    with pytest.raises(MalformedEvent):
        from_kafka(headers_of(an_event()), None, value)


def test_an_event_id_that_is_not_a_uuid_is_malformed() -> None:
    # The inbox keys duplicates by UUID; such an id could never be recorded, only retried forever.
    headers = [(k, b"order-17" if k == "ce_id" else v) for k, v in headers_of(an_event())]
    with pytest.raises(MalformedEvent, match="ce_id"):
        from_kafka(headers, None, to_kafka(an_event()).value)


def test_headers_with_null_values_are_ignored() -> None:
    event = an_event()
    headers: list[tuple[str, bytes | None]] = [*headers_of(event), ("x-debug", None)]
    assert from_kafka(headers, None, to_kafka(event).value).id == event.id  # type: ignore[arg-type]
