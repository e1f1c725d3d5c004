"""The purpose identity names is said in the recipient's language ("Mã OTP để đăng nhập: …")."""

from __future__ import annotations

from notify.otp.service import purpose_phrase


def test_known_purposes_are_phrased_in_the_language_asked() -> None:
    assert purpose_phrase("login", "vi") == "đăng nhập"
    assert purpose_phrase("LOGIN", "en") == "sign in"
    assert purpose_phrase("dossier_submission", "vi") == "xác nhận nộp hồ sơ"


def test_any_other_purpose_is_shown_as_given() -> None:
    assert purpose_phrase("  ký hồ sơ điện tử ", "vi") == "ký hồ sơ điện tử"
