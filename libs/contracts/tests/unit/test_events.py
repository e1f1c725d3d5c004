"""Event payload models and the registry: strict models, CloudEvents types, topics, round trips."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest
from pydantic import BaseModel, ValidationError

import contracts
import contracts.events as ev
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus, can_transition

NOW = datetime(2026, 2, 13, 9, 30, tzinfo=timezone(timedelta(hours=7)))
DOSSIER_ID = UUID("0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d8e")
OTHER_ID = UUID("0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d8f")
DOSSIER: dict[str, Any] = {
    "dossier_id": DOSSIER_ID,
    "dossier_code": "000.00.00.G12-260213-0007",
    "agency_code": "000.00.00.G12",
    "procedure_code": "1.005129",
    "applicant_subject": "acc-7f3a",
    "occurred_at": NOW,
}
PAYMENT: dict[str, Any] = {
    "payment_id": OTHER_ID,
    "dossier_id": DOSSIER_ID,
    "agency_code": "000.00.00.G12",
    "applicant_subject": "acc-7f3a",
    "occurred_at": NOW,
}
MESSAGE: dict[str, Any] = {
    "message_id": OTHER_ID,
    "channel": ev.NotificationChannel.EMAIL,
    "template_code": "dossier.received",
    "recipient_subject": "acc-7f3a",
    "dossier_id": DOSSIER_ID,
    "attempts": 1,
    "occurred_at": NOW,
}
FEEDBACK_ID = UUID("0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d90")
FEEDBACK: dict[str, Any] = {
    "feedback_id": FEEDBACK_ID,
    "agency_code": "000.00.00.G12",
    "target": ev.FeedbackTarget.DOSSIER,
    "dossier_id": DOSSIER_ID,
    "dossier_code": "000.00.00.G12-260213-0007",
    "procedure_code": "1.005129",
    "title": "Chậm trả kết quả",
    "due_date": date(2026, 2, 27),
    "occurred_at": NOW,
}
ACCOUNT: dict[str, Any] = {
    "subject": "acc-7f3a",
    "kind": ev.AccountKind.CITIZEN,
    "full_name": "Nguyễn Văn An",
    "email": "an@example.vn",
    "occurred_at": NOW,
}

# One valid payload per registered type.
SAMPLES: dict[str, BaseModel] = {
    ev.DOSSIER_SUBMITTED: ev.DossierSubmitted(
        **{**DOSSIER, "dossier_code": None},
        procedure_version=3,
        channel=Channel.ONLINE,
        applicant_kind=ApplicantKind.CITIZEN,
        applicant_name="Nguyễn Văn An",
        submitted_at=NOW,
    ),
    ev.DOSSIER_RECEIVED: ev.DossierReceived(
        **DOSSIER,
        procedure_version=3,
        channel=Channel.ONLINE,
        received_at=NOW,
        appointment_date=date(2026, 2, 27),
        received_by="officer-12",
    ),
    ev.DOSSIER_REFUSED: ev.DossierRefused(
        **DOSSIER, at_desk=True, reasons=("Không thuộc thẩm quyền giải quyết",), decided_by="officer-12"
    ),
    ev.DOSSIER_SUPPLEMENT_REQUESTED: ev.DossierSupplementRequested(
        **DOSSIER,
        at_desk=False,
        items=(
            ev.SupplementItem(
                component_code="TP01",
                name="Bản sao giấy khai sinh",
                reason="Bản sao không rõ nét",
                guidance="Nộp bản sao có chứng thực, rõ nét",
            ),
        ),
        requested_by="officer-12",
    ),
    ev.DOSSIER_SUPPLEMENTED: ev.DossierSupplemented(
        **DOSSIER, next_status=DossierStatus.PROCESSING, attachment_ids=(OTHER_ID,), supplemented_at=NOW
    ),
    ev.DOSSIER_PROCESSING_STARTED: ev.DossierProcessingStarted(
        **DOSSIER, process_instance_id=OTHER_ID, due_date=date(2026, 2, 27)
    ),
    ev.DOSSIER_WITHDRAWN: ev.DossierWithdrawn(
        **DOSSIER, previous_status=DossierStatus.PROCESSING, reason="Nộp nhầm thủ tục"
    ),
    ev.DOSSIER_RESOLVED: ev.DossierResolved(
        **DOSSIER,
        decided_by="leader-1",
        result_document_ids=(OTHER_ID,),
        appointment_date=date(2026, 2, 27),
        on_time=True,
    ),
    ev.DOSSIER_RETURNED: ev.DossierReturned(**DOSSIER, return_channel=Channel.POSTAL),
    ev.DOSSIER_STOPPED: ev.DossierStopped(**DOSSIER, reason="Người nộp đề nghị dừng", decided_by="leader-1"),
    ev.DOSSIER_EXTENDED: ev.DossierExtended(
        **DOSSIER,
        previous_appointment_date=date(2026, 2, 27),
        new_appointment_date=date(2026, 3, 6),
        reason="Cần xác minh thêm tại cơ sở",
    ),
    ev.PROCESS_STARTED: ev.ProcessStarted(
        dossier_id=DOSSIER_ID,
        process_instance_id=OTHER_ID,
        agency_code="000.00.00.G12",
        applicant_subject="acc-7f3a",
        started_at=NOW,
    ),
    ev.PROCESS_PROGRESSED: ev.ProcessProgressed(
        **DOSSIER,
        process_instance_id=OTHER_ID,
        action=ev.ProcessAction.TRANSFERRED,
        step_title="Thẩm định hồ sơ",
        handling_agency_code="000.00.18.G12",
        officer_subject="officer-12",
        officer_name="Hoàng Văn Chuyên",
        content="Chuyển Cục Thuế thẩm định",
        national_status=4,
        step_started_at=NOW,
        step_due_date=date(2026, 2, 24),
        process_due_date=date(2026, 2, 27),
    ),
    ev.PROCESS_DUE_SOON: ev.ProcessDueSoon(
        **DOSSIER,
        process_instance_id=OTHER_ID,
        scope=ev.DeadlineScope.PROCESS,
        subject_id=OTHER_ID,
        title="Cấp giấy phép",
        handling_agency_code="000.00.00.G12",
        due_date=date(2026, 2, 27),
        working_days_left=1,
    ),
    ev.PROCESS_OVERDUE: ev.ProcessOverdue(
        **DOSSIER,
        process_instance_id=OTHER_ID,
        scope=ev.DeadlineScope.CONSULTATION,
        subject_id=OTHER_ID,
        title="Lấy ý kiến Cục Thuế",
        handling_agency_code="000.00.18.G12",
        due_date=date(2026, 2, 20),
        working_days_late=2,
        reported_to_desk=True,
    ),
    ev.PROCEDURE_PUBLISHED: ev.ProcedurePublished(
        procedure_id=OTHER_ID,
        procedure_code="1.005129",
        version=3,
        name="Thủ tục cấp giấy phép",
        agency_code="000.00.00.G12",
        field_code="G03-GD10",
        level=4,
        processing_days=10,
        requires_payment=True,
        occurred_at=NOW,
    ),
    ev.AGENCY_UPDATED: ev.AgencyUpdated(
        agency_id=OTHER_ID,
        agency_code="000.00.18.G12",
        name="Tổng cục Thuế",
        parent_code="000.00.00.G12",
        occurred_at=NOW,
    ),
    ev.CALENDAR_CHANGED: ev.CalendarChanged(
        extra_days_off=(date(2026, 1, 2),), working_days=(date(2026, 1, 10),), occurred_at=NOW
    ),
    ev.MAINTENANCE_SCHEDULED: ev.MaintenanceScheduled(
        window_id=OTHER_ID,
        starts_at=NOW + timedelta(days=3),
        expected_end_at=NOW + timedelta(days=3, hours=4),
        message_vi="Nâng cấp hệ thống",
        scheduled_by="admin-1",
        occurred_at=NOW,
    ),
    ev.MAINTENANCE_CANCELLED: ev.MaintenanceCancelled(
        window_id=OTHER_ID, starts_at=NOW + timedelta(days=3), cancelled_by="admin-1", occurred_at=NOW
    ),
    ev.MAINTENANCE_EXTENDED: ev.MaintenanceExtended(
        window_id=OTHER_ID,
        starts_at=NOW + timedelta(days=3),
        previous_expected_end_at=NOW + timedelta(days=3, hours=4),
        expected_end_at=NOW + timedelta(days=3, hours=6),
        message_vi="Nâng cấp hệ thống",
        extended_by="admin-1",
        occurred_at=NOW,
    ),
    ev.RATING_SUBMITTED: ev.RatingSubmitted(
        **DOSSIER,
        rating_id=OTHER_ID,
        revision=2,
        overall=ev.SatisfactionLevel.SATISFIED,
        ease_of_use=ev.SatisfactionLevel.VERY_SATISFIED,
        timeliness=ev.SatisfactionLevel.UNSATISFIED,
        officer_attitude=ev.SatisfactionLevel.SATISFIED,
        first_submitted_at=NOW - timedelta(days=1),
    ),
    ev.FEEDBACK_SUBMITTED: ev.FeedbackSubmitted(
        **FEEDBACK,
        kind=ev.FeedbackKind.REPORT,
        channel=ev.FeedbackChannel.PORTAL,
        received_on=date(2026, 2, 24),
        submitter_subject="acc-7f3a",
    ),
    ev.FEEDBACK_FORWARDED: ev.FeedbackForwarded(
        **FEEDBACK,
        from_agency_code="000.00.18.G12",
        reason="Không thuộc thẩm quyền",
        forwarded_by="officer-1",
    ),
    ev.FEEDBACK_ANSWERED: ev.FeedbackAnswered(
        **FEEDBACK,
        answer="Cơ quan đã trả kết quả ngày 26/02/2026.",
        answered_at=NOW,
        answered_by="officer-1",
        answered_by_name="Phạm Thị Tiếp Nhận",
        on_time=True,
        working_days_late=0,
        published=False,
        submitter_subject="acc-7f3a",
    ),
    ev.FEEDBACK_DUE_SOON: ev.FeedbackDueSoon(**FEEDBACK, working_days_left=1),
    ev.FEEDBACK_OVERDUE: ev.FeedbackOverdue(**FEEDBACK),
    ev.ACCOUNT_REGISTERED: ev.AccountRegistered(**ACCOUNT, federated=True),
    ev.ACCOUNT_UPDATED: ev.AccountUpdated(**ACCOUNT, changed_fields=("email",)),
    ev.PAYMENT_REQUESTED: ev.PaymentRequested(
        **PAYMENT,
        amount=150_000,
        fee_lines=(ev.FeeLine(name="Lệ phí cấp giấy phép", amount=150_000),),
        description="Lệ phí hồ sơ 000.00.00.G12-260213-0007",
    ),
    ev.PAYMENT_SUCCEEDED: ev.PaymentSucceeded(
        **PAYMENT,
        amount=150_000,
        method=ev.PaymentMethod.ONLINE_GATEWAY,
        transaction_ref="14012345",
        paid_at=NOW,
    ),
    ev.PAYMENT_FAILED: ev.PaymentFailed(
        **PAYMENT, method=ev.PaymentMethod.ONLINE_GATEWAY, reason="Giao dịch bị hủy"
    ),
    ev.PAYMENT_REFUNDED: ev.PaymentRefunded(
        **PAYMENT, refund_id=UUID(int=1), amount=150_000, reason="Cơ quan không thực hiện được dịch vụ"
    ),
    ev.PAYMENT_WAIVED: ev.PaymentWaived(
        **PAYMENT, exemption_codes=("TE",), reason="Miễn phí cho trẻ em, người cao tuổi"
    ),
    ev.MESSAGE_DELIVERED: ev.MessageDelivered(**MESSAGE),
    ev.MESSAGE_FAILED: ev.MessageFailed(**{**MESSAGE, "attempts": 5}, error="550 mailbox unavailable"),
}

TYPE_PATTERN = re.compile(r"^vn\.motcua\.[a-z_]+\.[a-z_]+\.v1$")


def test_every_registered_type_has_a_sample() -> None:
    assert set(SAMPLES) == set(ev.EVENTS)


def test_topics() -> None:
    assert ev.ALL_TOPICS == (
        "motcua.dossier.v1",
        "motcua.catalog.v1",
        "motcua.identity.v1",
        "motcua.payment.v1",
        "motcua.notification.v1",
        "motcua.feedback.v1",
    )
    assert ev.dlq_topic(ev.DOSSIER_TOPIC) == "motcua.dossier.v1.dlq"


def test_well_known_type_strings() -> None:
    assert ev.DOSSIER_SUBMITTED == "vn.motcua.dossier.submitted.v1"
    assert ev.PROCESS_STARTED == "vn.motcua.process.started.v1"
    assert ev.spec_for(ev.PROCESS_STARTED).topic == ev.DOSSIER_TOPIC


@pytest.mark.parametrize("spec", list(ev.EVENTS.values()), ids=lambda s: s.type)
def test_registry_entry_is_consistent(spec: ev.EventSpec) -> None:
    assert TYPE_PATTERN.match(spec.type)
    assert ev.EVENTS[spec.type] is spec
    assert spec.topic in ev.ALL_TOPICS
    assert spec.summary
    assert spec.producers
    assert set(spec.producers) <= set(ev.SERVICES)
    assert set(spec.consumers) <= set(ev.SERVICES)
    assert spec.payload.model_config.get("extra") == "forbid"
    assert spec.payload.model_config.get("frozen") is True
    if spec.key_field is not None:
        assert spec.key_field in spec.payload.model_fields
    if spec.enters_status is not None:
        assert any(can_transition(src, spec.enters_status) for src in DossierStatus)


def test_payload_model_names_are_unique() -> None:
    names = [spec.name for spec in ev.EVENTS.values()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    "spec", [s for s in ev.EVENTS.values() if s.aggregate == "dossier"], ids=lambda s: s.type
)
def test_dossier_events_carry_the_common_fields(spec: ev.EventSpec) -> None:
    assert issubclass(spec.payload, ev.DossierEvent)
    assert spec.topic == ev.DOSSIER_TOPIC
    assert spec.key_field == "dossier_id"
    fields = spec.payload.model_fields
    for name in ("dossier_id", "dossier_code", "agency_code", "procedure_code", "applicant_subject"):
        assert name in fields
    assert "occurred_at" in fields


def test_dossier_submitted_fields() -> None:
    fields = ev.DossierSubmitted.model_fields
    for name in ("procedure_version", "channel", "applicant_kind", "applicant_name", "submitted_at"):
        assert fields[name].is_required()


def test_process_started_fields() -> None:
    assert set(ev.ProcessStarted.model_fields) == {
        "dossier_id",
        "dossier_code",
        "process_instance_id",
        "agency_code",
        "applicant_subject",
        "started_at",
    }
    assert not ev.ProcessStarted.model_fields["dossier_code"].is_required()


@pytest.mark.parametrize("event_type", list(SAMPLES))
def test_registry_round_trip(event_type: str) -> None:
    sample = SAMPLES[event_type]
    assert isinstance(sample, ev.spec_for(event_type).payload)
    assert ev.parse_payload(event_type, sample.model_dump(mode="json")) == sample
    assert ev.parse_payload_json(event_type, sample.model_dump_json()) == sample


@pytest.mark.parametrize("event_type", list(SAMPLES))
def test_payloads_reject_unknown_fields(event_type: str) -> None:
    data = {**SAMPLES[event_type].model_dump(mode="json"), "surprise": 1}
    with pytest.raises(ValidationError, match="surprise"):
        ev.parse_payload(event_type, data)


@pytest.mark.parametrize("event_type", list(SAMPLES))
def test_payloads_reject_naive_datetimes(event_type: str) -> None:
    data = SAMPLES[event_type].model_dump(mode="json")
    stamp = next(k for k in ("occurred_at", "started_at") if k in data)
    data[stamp] = "2026-02-13T09:30:00"
    with pytest.raises(ValidationError, match=stamp):
        ev.parse_payload(event_type, data)


@pytest.mark.parametrize("event_type", list(SAMPLES))
def test_payloads_are_immutable(event_type: str) -> None:
    sample = SAMPLES[event_type]
    field = next(iter(type(sample).model_fields))
    with pytest.raises(ValidationError):
        setattr(sample, field, None)


def test_money_is_a_positive_integer_of_vnd() -> None:
    data = SAMPLES[ev.PAYMENT_REQUESTED].model_dump(mode="json")
    for bad in (0, -1, 1.5, "150000đ"):
        with pytest.raises(ValidationError):
            ev.parse_payload(ev.PAYMENT_REQUESTED, {**data, "amount": bad})


def test_r_int_3_refusal_and_supplement_request_list_at_least_one_item() -> None:
    refused = SAMPLES[ev.DOSSIER_REFUSED].model_dump(mode="json")
    with pytest.raises(ValidationError):
        ev.parse_payload(ev.DOSSIER_REFUSED, {**refused, "reasons": []})
    request = SAMPLES[ev.DOSSIER_SUPPLEMENT_REQUESTED].model_dump(mode="json")
    with pytest.raises(ValidationError):
        ev.parse_payload(ev.DOSSIER_SUPPLEMENT_REQUESTED, {**request, "items": []})
    item = request["items"][0]
    with pytest.raises(ValidationError):
        ev.parse_payload(ev.DOSSIER_SUPPLEMENT_REQUESTED, {**request, "items": [{**item, "guidance": ""}]})


def test_r_proc_8_extension_moves_the_date_later() -> None:
    data = SAMPLES[ev.DOSSIER_EXTENDED].model_dump(mode="json")
    with pytest.raises(ValidationError, match="after"):
        ev.parse_payload(
            ev.DOSSIER_EXTENDED, {**data, "new_appointment_date": data["previous_appointment_date"]}
        )


def test_withdrawal_only_from_a_withdrawable_status() -> None:
    data = SAMPLES[ev.DOSSIER_WITHDRAWN].model_dump(mode="json")
    for status in ("draft", "resolved", "returned"):
        with pytest.raises(ValidationError, match="withdrawn"):
            ev.parse_payload(ev.DOSSIER_WITHDRAWN, {**data, "previous_status": status})


def test_supplement_resumes_only_at_submitted_or_processing() -> None:
    data = SAMPLES[ev.DOSSIER_SUPPLEMENTED].model_dump(mode="json")
    with pytest.raises(ValidationError):
        ev.parse_payload(ev.DOSSIER_SUPPLEMENTED, {**data, "next_status": "resolved"})


def test_r_fb_5_a_rating_has_four_criteria_on_three_levels() -> None:
    assert [level.label for level in ev.SatisfactionLevel] == ["Rất hài lòng", "Hài lòng", "Chưa hài lòng"]
    assert list(ev.RATING_CRITERIA) == ["overall", "ease_of_use", "timeliness", "officer_attitude"]
    data = SAMPLES[ev.RATING_SUBMITTED].model_dump(mode="json")
    for criterion in ev.RATING_CRITERIA:
        assert ev.RatingSubmitted.model_fields[criterion].is_required()
        with pytest.raises(ValidationError, match=criterion):
            ev.parse_payload(ev.RATING_SUBMITTED, {**data, criterion: "so-so"})
    with pytest.raises(ValidationError, match="revision"):
        ev.parse_payload(ev.RATING_SUBMITTED, {**data, "revision": 0})
    # On the dossier topic, keyed by the dossier: a rating is ordered with the dossier's own events.
    spec = ev.spec_for(ev.RATING_SUBMITTED)
    assert spec.topic == ev.DOSSIER_TOPIC and spec.partition_key(SAMPLES[ev.RATING_SUBMITTED]) == str(
        DOSSIER_ID
    )
    assert issubclass(spec.payload, ev.DossierEvent) and "catalog" in spec.consumers


def test_r_fb_4_feedback_events_are_keyed_by_the_feedback_and_name_the_answering_agency() -> None:
    for type_ in (
        ev.FEEDBACK_SUBMITTED,
        ev.FEEDBACK_FORWARDED,
        ev.FEEDBACK_ANSWERED,
        ev.FEEDBACK_DUE_SOON,
        ev.FEEDBACK_OVERDUE,
    ):
        spec = ev.spec_for(type_)
        assert spec.topic == ev.FEEDBACK_TOPIC and spec.producers == ("intake",)
        assert spec.partition_key(SAMPLES[type_]) == str(FEEDBACK_ID)
        assert (
            issubclass(spec.payload, ev.FeedbackEvent)
            and spec.payload.model_fields["agency_code"].is_required()
        )
    # Contact details of a submitter without an account travel only with the answer, for notify.
    for spec in ev.EVENTS.values():
        if spec.topic == ev.FEEDBACK_TOPIC and spec.type != ev.FEEDBACK_ANSWERED:
            assert not {"contact_email", "contact_phone", "submitter_name"} & set(spec.payload.model_fields)
    assert "notify" in ev.spec_for(ev.FEEDBACK_ANSWERED).consumers
    data = SAMPLES[ev.FEEDBACK_DUE_SOON].model_dump(mode="json")
    with pytest.raises(ValidationError, match="working_days_left"):
        ev.parse_payload(ev.FEEDBACK_DUE_SOON, {**data, "working_days_left": 2})


def test_identity_events_carry_no_secrets() -> None:
    secret = re.compile(r"password|secret|otp|token|hash|credential|code", re.IGNORECASE)
    for spec in ev.EVENTS.values():
        if spec.topic == ev.IDENTITY_TOPIC:
            assert not [f for f in spec.payload.model_fields if secret.search(f)], spec.type


def test_partition_key_is_the_aggregate_id() -> None:
    assert ev.spec_for(ev.DOSSIER_RECEIVED).partition_key(SAMPLES[ev.DOSSIER_RECEIVED]) == str(DOSSIER_ID)
    assert ev.spec_for(ev.PROCESS_STARTED).partition_key(SAMPLES[ev.PROCESS_STARTED]) == str(DOSSIER_ID)
    assert ev.spec_for(ev.ACCOUNT_UPDATED).partition_key(SAMPLES[ev.ACCOUNT_UPDATED]) == "acc-7f3a"
    assert ev.spec_for(ev.CALENDAR_CHANGED).partition_key(SAMPLES[ev.CALENDAR_CHANGED]) == "calendar"
    with pytest.raises(TypeError):
        ev.spec_for(ev.DOSSIER_SUBMITTED).partition_key(SAMPLES[ev.DOSSIER_RECEIVED])


def test_unknown_type_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError) as caught:
        ev.spec_for("vn.motcua.dossier.teleported.v1")
    assert isinstance(caught.value, ev.UnknownEventType)
    assert str(caught.value) == (
        "unknown event type 'vn.motcua.dossier.teleported.v1': not registered in contracts.events.EVENTS"
    )
    with pytest.raises(KeyError):
        ev.parse_payload("nope", {})


def test_datetimes_keep_their_offset_on_the_wire() -> None:
    sample = SAMPLES[ev.PROCESS_STARTED]
    parsed = ev.parse_payload(ev.PROCESS_STARTED, sample.model_dump(mode="json"))
    assert isinstance(parsed, ev.ProcessStarted)
    assert parsed.started_at == NOW.astimezone(UTC)


def test_package_reexports() -> None:
    for name in contracts.__all__:
        assert hasattr(contracts, name), name
    for name in ev.__all__:
        assert hasattr(ev, name), name


def test_named_documents_are_optional_and_round_trip() -> None:
    """R-FMT-4: the national record lists submitted and result documents by name; producers that do
    not name them yet still validate (the fields are additive, empty by default)."""
    assert ev.DossierSubmitted.model_fields["documents"].is_required() is False
    assert ev.DossierSupplemented.model_fields["documents"].is_required() is False
    assert ev.DossierResolved.model_fields["result_documents"].is_required() is False
    document = ev.DossierDocument(
        document_id=OTHER_ID, name="Tờ khai đăng ký khai sinh", component_code="TP01"
    )
    resolved = ev.DossierResolved(
        **DOSSIER,
        decided_by="leader-1",
        result_document_ids=(OTHER_ID,),
        result_documents=(document,),
        appointment_date=date(2026, 2, 27),
        on_time=True,
    )
    again = ev.DossierResolved.model_validate_json(resolved.model_dump_json())
    assert again.result_documents == (document,)
    with pytest.raises(ValidationError):
        ev.DossierDocument(document_id=OTHER_ID, name="")
