"""How the SMS adapter speaks the provider's protocol and reads its answers (no I/O: the request it
would send, and the outcome of each kind of answer)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from notify.channels.base import OutboundMessage, SendOutcome
from notify.channels.sms import SmsChannel, SmsProviderConfig, _by_answer, is_gsm7
from notify.kinds import Channel

CONFIG = SmsProviderConfig(
    base_url="http://sms.example/",
    api_key="k",
    secret_key="s",
    brandname="MOTCUA",
    callback_url="http://notify/v1/sms/delivery-reports?token=t",
)


def _message(text: str) -> OutboundMessage:
    return OutboundMessage(
        message_id=uuid.uuid4(),
        channel=Channel.SMS,
        template_code="dossier.received",
        recipient_subject="c",
        recipient_name=None,
        address="+84912345678",
        subject=None,
        body_text=text,
        body_html=None,
        language="vi",
        dossier_id=None,
        attempt=1,
    )


async def test_the_request_carries_the_message_id_a_national_number_and_unicode_when_needed() -> None:
    channel = SmsChannel(CONFIG)
    try:
        message = _message("Hồ sơ đã được tiếp nhận")
        body = channel.request_body(message, "0912345678")
        assert body["RequestId"] == str(message.message_id) and body["Phone"] == "0912345678"
        assert body["IsUnicode"] == "1" and body["SmsType"] == "2" and body["Brandname"] == "MOTCUA"
        assert body["CallbackUrl"] == CONFIG.callback_url
        assert channel.request_body(_message("Ho so da duoc tiep nhan"), "0912345678")["IsUnicode"] == "0"
        assert channel.send_url == "http://sms.example/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    finally:
        await channel.close()


def test_gsm7_is_plain_latin_and_vietnamese_diacritics_are_not() -> None:
    assert is_gsm7("Ma OTP: 123456 (5 phut). @£$")
    assert not is_gsm7("Mã OTP") and not is_gsm7("đ")


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        ({"CodeResult": "100", "SMSID": "abc"}, SendOutcome.ACCEPTED),
        ({"CodeResult": 100, "SMSID": "abc"}, SendOutcome.ACCEPTED),
        ({"CodeResult": "99", "ErrorMessage": "busy"}, SendOutcome.TEMPORARY_FAILURE),
        ({"CodeResult": "101", "ErrorMessage": "ApiKey sai"}, SendOutcome.PERMANENT_FAILURE),
        ({"CodeResult": "104"}, SendOutcome.PERMANENT_FAILURE),
        ({"CodeResult": "100"}, SendOutcome.PERMANENT_FAILURE),  # accepted without an id: unusable
        (["unexpected"], SendOutcome.TEMPORARY_FAILURE),
    ],
)
def test_answers_are_classified(answer: object, outcome: SendOutcome) -> None:
    result = _by_answer(httpx.Response(200, json=answer))
    assert result.outcome == outcome
    if outcome == SendOutcome.ACCEPTED:
        assert result.provider_id == "abc"


def test_an_unreadable_answer_is_temporary() -> None:
    assert _by_answer(httpx.Response(200, text="<html>")).outcome == SendOutcome.TEMPORARY_FAILURE
