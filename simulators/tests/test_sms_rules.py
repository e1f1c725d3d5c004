"""The simulated provider's pure rules: which numbers are Vietnamese mobiles, how long an SMS is."""

from __future__ import annotations

import pytest

from simulators.sms.rules import is_gsm7, normalize_phone, segment_count


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "84912345678"),  # VinaPhone 091
        ("84912345678", "84912345678"),
        ("+84 912 345 678", "84912345678"),
        ("0326.123.456", "84326123456"),  # Viettel 032
        ("0563123456", "84563123456"),  # Vietnamobile 056
        ("0701234567", "84701234567"),  # MobiFone 070
        ("0871234567", "84871234567"),  # Itelecom 087
    ],
)
def test_vietnamese_mobile_numbers_are_normalized_to_84(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "091234567",  # 9 digits
        "09123456789",  # 11 digits starting with 0
        "0241234567",  # Hà Nội landline prefix 024
        "0951234567",  # 095: no mobile network
        "0312345678",  # 031: not a mobile prefix
        "8512345678",
        "0912a45678",
    ],
)
def test_other_numbers_are_refused(raw: str) -> None:
    assert normalize_phone(raw) is None


def test_unicode_sms_is_70_characters_or_67_per_part() -> None:
    assert segment_count("ồ" * 70, unicode=True) == 1
    assert segment_count("ồ" * 71, unicode=True) == 2
    assert segment_count("ồ" * 201, unicode=True) == 3
    assert segment_count("ồ" * 202, unicode=True) == 4


def test_gsm7_sms_is_160_characters_or_153_per_part_and_extension_characters_count_twice() -> None:
    assert segment_count("a" * 160, unicode=False) == 1
    assert segment_count("a" * 161, unicode=False) == 2
    assert segment_count("[" * 80, unicode=False) == 1
    assert segment_count("[" * 81, unicode=False) == 2


def test_vietnamese_diacritics_are_not_gsm7() -> None:
    assert is_gsm7("Ho so da duoc tiep nhan: 000.00.00.G12-261123-0007")
    assert not is_gsm7("Hồ sơ đã được tiếp nhận")
