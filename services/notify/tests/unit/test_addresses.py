"""Addresses are checked before sending: an invalid one fails at once, without contacting anyone."""

from __future__ import annotations

import pytest

from notify.recipients.addresses import national_phone, normalise_email, normalise_phone


@pytest.mark.parametrize("address", ["an@example.vn", "  Binh.Tran@Example.COM ", "nguyễn@bộ-tài-chính.vn"])
def test_valid_emails_are_kept(address: str) -> None:
    assert normalise_email(address) is not None


def test_the_domain_is_normalised() -> None:
    assert normalise_email("Binh@Example.COM") == "Binh@example.com"


@pytest.mark.parametrize(
    "address", ["", "an", "an@", "@example.vn", "a b@example.vn", "an@localhost", "an@@x.vn"]
)
def test_invalid_emails_are_refused(address: str) -> None:
    assert normalise_email(address) is None


@pytest.mark.parametrize(
    ("number", "e164"),
    [("0912345678", "+84912345678"), ("+84 91 234 5678", "+84912345678"), ("84-386-123-456", "+84386123456")],
)
def test_vietnamese_mobile_numbers_become_e164(number: str, e164: str) -> None:
    assert normalise_phone(number) == e164


@pytest.mark.parametrize(
    "number",
    # Landline, foreign, malformed, and numbers on prefixes no carrier uses (031, 050, 071, 080, 095).
    [
        *("", "12345", "02438123456", "+1 202 555 0100", "091234567x"),
        *("0311234567", "0501234567", "0711234567", "0801234567", "0951234567"),
    ],
)
def test_other_numbers_are_refused(number: str) -> None:
    assert normalise_phone(number) is None


def test_providers_get_the_number_as_written_in_vietnam() -> None:
    assert national_phone("+84 386 123 456") == "0386123456"
    assert national_phone("0951234567") is None
