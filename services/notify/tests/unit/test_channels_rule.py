"""R-NOTI-3 and the legal-notice rule: preferences choose the channels, but a notice the regulations
require (reception, supplement request, refusal, apology and new date, result, stop, fees due) always
reaches the applicant's in-app inbox."""

from __future__ import annotations

from notify.kinds import KINDS, Channel
from notify.recipients.rules import Preferences, channels_for

ALL = (Channel.IN_APP, Channel.EMAIL, Channel.SMS)
LEGAL = {
    "dossier.received",
    "dossier.supplement_requested",
    "dossier.refused",
    "dossier.extended",
    "dossier.early_return",
    "dossier.result_ready",
    "dossier.stopped",
    "payment.requested",
}


def test_the_legal_notices_are_exactly_those_the_regulations_require() -> None:
    assert {k.code for k in KINDS.values() if k.legal_notice} == LEGAL


def test_everything_enabled_gives_every_available_channel() -> None:
    assert channels_for(KINDS["dossier.received"], Preferences(), available=ALL) == list(ALL)


def test_a_legal_notice_reaches_the_inbox_even_with_everything_switched_off() -> None:
    off = Preferences(email=False, sms=False, in_app=False)
    for code in LEGAL:
        assert channels_for(KINDS[code], off, available=ALL) == [Channel.IN_APP]


def test_a_legal_notice_adds_the_inbox_to_the_channels_chosen() -> None:
    email_only = Preferences(email=True, sms=False, in_app=False)
    assert channels_for(KINDS["dossier.extended"], email_only, available=ALL) == [
        Channel.IN_APP,
        Channel.EMAIL,
    ]


def test_an_optional_notice_follows_the_preferences_only() -> None:
    off = Preferences(email=False, sms=False, in_app=False)
    assert channels_for(KINDS["dossier.processing_started"], off, available=ALL) == []
    sms_only = Preferences(email=False, sms=True, in_app=False)
    assert channels_for(KINDS["payment.succeeded"], sms_only, available=ALL) == [Channel.SMS]


def test_channels_this_deployment_cannot_send_on_are_left_out() -> None:
    available = (Channel.IN_APP, Channel.EMAIL)
    assert channels_for(KINDS["dossier.received"], Preferences(), available=available) == list(available)


def test_direct_kinds_are_never_fanned_out_by_preferences() -> None:
    assert channels_for(KINDS["account.otp"], Preferences(), available=ALL) == []
    assert KINDS["account.otp"].sensitive and KINDS["account.verification"].sensitive
